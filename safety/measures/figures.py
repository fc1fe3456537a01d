"""Enforcement in the office's figures: cases, fines, enterprises stopped and closed, by sector (one statement).

What they count (stated in the report's definitions too), all of measures decided in the period:

* cases (立案): penalty decisions (warning, fine, shutdown order, closure), each decision number once;
* fines (实施经济处罚): the amounts of the fines, in yuan (the reports write 万元);
* stopped (责令停产停业停工 N家): enterprises ordered to suspend production for rectification or to stop work
  in an area, each enterprise once;
* closed (关闭取缔): enterprises ordered closed, each once;
* referrals (移送), seizures (查封扣押) and on-site measures (现场处理措施), counted one by one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import case, func, literal, select

from safety.enterprises.models import Enterprise
from safety.enterprises.sectors import sector_label, sector_order
from safety.extensions import db
from safety.measures.models import Measure
from safety.measures.wording import wan_yuan
from safety.measures.vocabulary import (CLOSURE, FINE, KIND_GROUP, ONSITE, PENALTY, REFERRAL, SEIZURE,
                                        STOPPING_KINDS)

PENALTY_KINDS = tuple(kind for kind, group in KIND_GROUP.items() if group == PENALTY)
ONSITE_KINDS = tuple(kind for kind, group in KIND_GROUP.items() if group == ONSITE)


@dataclass
class EnforcementFigures:
    cases: int = 0  # 立案（起）
    fines_yuan: int = 0  # 实施经济处罚（元）
    stopped_enterprises: int = 0  # 责令停产停业停工（家）
    closed_enterprises: int = 0  # 关闭取缔（家）
    referrals: int = 0  # 移送（起）
    seizures: int = 0  # 查封扣押（起）
    onsite_measures: int = 0  # 现场处理措施（项）

    def add(self, other: EnforcementFigures) -> None:
        for name in ENFORCEMENT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {**asdict(self), "fines_wan_yuan": wan_yuan(self.fines_yuan)}


ENFORCEMENT_FIELDS = tuple(f.name for f in fields(EnforcementFigures))


@dataclass
class Enforcement:
    totals: EnforcementFigures
    by_sector: list[tuple[str, EnforcementFigures]]  # (sector key, figures), sectors with a measure only


def _counted(condition, value=None):
    return case((condition, value if value is not None else literal(1)), else_=None)


def get_enforcement(scope, period) -> Enforcement:
    """The period's enforcement within ``scope`` (a :class:`safety.reports.scope.ReportScope`), by sector."""
    rows = db.session.execute(
        select(Enterprise.sector,
               func.count(_counted(Measure.kind.in_(PENALTY_KINDS), Measure.decision_number).distinct()),
               func.coalesce(func.sum(_counted(Measure.kind == FINE, Measure.fine_yuan)), 0),
               func.count(_counted(Measure.kind.in_(STOPPING_KINDS), Measure.enterprise_id).distinct()),
               func.count(_counted(Measure.kind == CLOSURE, Measure.enterprise_id).distinct()),
               func.count(_counted(Measure.kind == REFERRAL)),
               func.count(_counted(Measure.kind == SEIZURE)),
               func.count(_counted(Measure.kind.in_(ONSITE_KINDS))))
        .join(Enterprise, Enterprise.id == Measure.enterprise_id)
        .where(scope.clause, Measure.decided_on >= period.start, Measure.decided_on <= period.end)
        .group_by(Enterprise.sector))
    totals, by_sector = EnforcementFigures(), []
    for sector, *counts in rows:
        figures = EnforcementFigures(*(int(count or 0) for count in counts))
        totals.add(figures)
        by_sector.append((sector, figures))
    order = sector_order()
    by_sector.sort(key=lambda item: (order.get(item[0], len(order)), item[0]))
    return Enforcement(totals, by_sector)


def enforcement_json(enforcement: Enforcement) -> dict:
    """The summary JSON's ``enforcement``: the totals, then by sector (sectors with a measure only)."""
    return {**enforcement.totals.as_dict(),
            "by_sector": [{"sector": key, "label": sector_label(key), **figures.as_dict()}
                          for key, figures in enforcement.by_sector]}

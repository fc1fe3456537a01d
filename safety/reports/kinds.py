"""Inspections of the period by how they were organised (日常 / 专项 / 双随机 / 四不两直 / 回头看 / 联合 / 节假日).

The category of an inspection is :func:`safety.campaigns.vocabulary.report_category`: the campaign kind of the
task it fulfils first, then its own kind. Counted as the summary counts inspections (finished in the period,
not superseded by a revision), with their people-visits, so the categories add up to the summary's totals.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from safety.campaigns.models import Campaign, Task
from safety.campaigns.vocabulary import REPORT_CATEGORIES, report_category_case
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.inspections.vocabulary import SUPERSEDED
from safety.reports.periods import Period
from safety.reports.scope import ReportScope


def people_visits():
    """SQL on :class:`Inspection`: its 出动人次, the inspector and each other member of its recorded team.

    The inspector is counted once whether or not the phone listed them in the team too.
    """
    others = (select(func.count()).select_from(InspectionTeamMember)
              .where(InspectionTeamMember.inspection_id == Inspection.id,
                     or_(InspectionTeamMember.user_id.is_(None), InspectionTeamMember.user_id != Inspection.inspector_id))
              .correlate(Inspection).scalar_subquery())
    return 1 + others


@dataclass(frozen=True)
class KindLine:
    category: str  # safety.campaigns.vocabulary.REPORT_CATEGORIES
    inspections: int
    people_visits: int


def get_kind_breakdown(scope: ReportScope, period: Period) -> list[KindLine]:
    """Every category in the vocabulary's order (zeros included, so the table reads the same each quarter):
    one statement."""
    start, end = period.utc_bounds()
    inner = (select(report_category_case(Inspection.kind, Campaign.kind).label("category"),
                    people_visits().label("people"))
             .select_from(Inspection).join(Enterprise, Enterprise.id == Inspection.enterprise_id)
             .outerjoin(Task, Task.id == Inspection.task_id).outerjoin(Campaign, Campaign.id == Task.campaign_id)
             .where(scope.clause, Inspection.finished_at >= start, Inspection.finished_at < end,
                    Inspection.review_state != SUPERSEDED).subquery())
    counts = {category: (count, int(people or 0)) for category, count, people in db.session.execute(
        select(inner.c.category, func.count(), func.sum(inner.c.people)).group_by(inner.c.category))}
    return [KindLine(category, *counts.get(category, (0, 0))) for category in REPORT_CATEGORIES]

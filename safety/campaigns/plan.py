"""The annual plan from risk (年度监督检查计划): how often to visit each enterprise in the period, when, and why.

A pure function of each enterprise's facts and the office's class intervals
(``COVERAGE_INTERVAL_DAYS``: A monthly … D half-yearly by default). The rule, per enterprise:

1. **Base**: the interval of its supervision class (reason ``class_B``: every 60 days).
2. **Shorter interval**: an open major hazard sets the strictest class's interval
   (``open_major_hazard``). Otherwise each of these moves it one class stricter, never past A:
   hazards not yet struck off (``open_hazards``), hazards that recurred (``recurring``).
3. **Early visit**: a first visit early in the period (within ``EARLY_VISIT_DAYS``) when a hazard
   is past its deadline (``overdue_hazards``), a major hazard is open (``open_major_hazard``), or
   the enterprise was not inspected within its class interval before the period starts
   (``not_inspected_for_N_days``, ``never_inspected``).
4. **Visits**: from the early visit, or else from the day the interval since the last inspection runs
   out (not before the period starts), one visit every interval while the period lasts. An enterprise
   inspected recently enough may need no visit in a short period; its proposal says so (no visits).

Each visit carries its own reasons: the early visit those of rule 3, the others those of rules 1–2.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

EARLY_VISIT_DAYS = 14
CLASS_ORDER = ("A", "B", "C", "D")  # strictest first


@dataclass(frozen=True)
class EnterpriseFacts:
    """What the plan knows of one enterprise, as of the day the plan starts."""

    code: str
    supervision_class: str
    last_inspected_on: date | None  # the office's calendar day of the last counted inspection
    open_hazards: int = 0  # not struck off
    overdue_hazards: int = 0  # open and past their deadline
    open_major_hazards: int = 0
    recurring_hazards: int = 0  # flagged recurring (反复出现) within the year before the plan


@dataclass(frozen=True)
class PlannedVisit:
    due_on: date
    reasons: tuple[dict, ...]  # {"code", "days"?}; labels in vocabulary.PLAN_REASON_LABELS


@dataclass(frozen=True)
class Proposal:
    code: str
    interval_days: int
    reasons: tuple[dict, ...]  # every reason that shaped this enterprise's visits
    visits: tuple[PlannedVisit, ...]


def propose_plan(facts: Iterable[EnterpriseFacts], starts_on: date, ends_on: date,
                 intervals: Mapping[str, int]) -> list[Proposal]:
    """The proposal for each enterprise of ``facts``, by code, for the period ``starts_on`` … ``ends_on``."""
    return [_propose(fact, starts_on, ends_on, intervals) for fact in sorted(facts, key=lambda f: f.code)]


def _stricter(supervision_class: str, steps: int) -> str:
    position = CLASS_ORDER.index(supervision_class) if supervision_class in CLASS_ORDER else len(CLASS_ORDER) - 1
    return CLASS_ORDER[max(0, position - steps)]


def _propose(fact: EnterpriseFacts, starts_on: date, ends_on: date, intervals: Mapping[str, int]) -> Proposal:
    klass = fact.supervision_class if fact.supervision_class in CLASS_ORDER else CLASS_ORDER[-1]
    base = max(1, intervals[klass])
    regular: list[dict] = [{"code": f"class_{klass}", "days": base}]
    early: list[dict] = []

    if fact.open_major_hazards:
        interval = min(base, max(1, intervals[CLASS_ORDER[0]]))
        regular.append({"code": "open_major_hazard"})
        early.append({"code": "open_major_hazard"})
    else:
        steps = 0
        if fact.open_hazards:
            steps += 1
            regular.append({"code": "open_hazards"})
        if fact.recurring_hazards:
            steps += 1
            regular.append({"code": "recurring"})
        interval = min(base, max(1, intervals[_stricter(klass, steps)]))
    if fact.overdue_hazards:
        early.append({"code": "overdue_hazards"})
    if fact.last_inspected_on is None:
        early.append({"code": "never_inspected"})
    elif (starts_on - fact.last_inspected_on).days > base:
        early.append({"code": "not_inspected_for_N_days", "days": (starts_on - fact.last_inspected_on).days})

    visits: list[PlannedVisit] = []
    if early:
        first = min(ends_on, starts_on + timedelta(days=EARLY_VISIT_DAYS - 1))
        visits.append(PlannedVisit(first, tuple(early)))
        following = first + timedelta(days=interval)
    else:
        following = max(starts_on, fact.last_inspected_on + timedelta(days=interval))
    while following <= ends_on:
        visits.append(PlannedVisit(following, tuple(regular)))
        following += timedelta(days=interval)
    reasons = tuple(regular) + tuple(reason for reason in early if reason not in regular)
    return Proposal(fact.code, interval, reasons, tuple(visits))

"""Derived campaign facts: a task's status and the enterprises a scope covers. Derived, never stored.

Each rule exists twice on purpose, as :mod:`safety.hazards.rules` does: as SQL for lists and
counts, and as a Python function for one task in hand. Tests hold the two to the same table.

A task's status:

* ``cancelled`` when it was cancelled (the one stored fact);
* ``done`` when a counted inspection fulfils it: one with its ``task_id``, not superseded by a
  revision (an amended resubmission is the counted one then, as in the summary);
* ``overdue`` when its due date has passed in the office's calendar and it is not done;
* ``pending`` otherwise.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, exists, false, or_, select, true

from safety.campaigns.models import Task
from safety.campaigns.vocabulary import CANCELLED, DONE, OVERDUE, PENDING
from safety.enterprises.models import Enterprise
from safety.enterprises.statuses import CLOSED as ENTERPRISE_CLOSED
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import SUPERSEDED
from safety.users.models import Grid



def counted_inspection_clause():
    """SQL: an inspection that counts (not superseded by its amended revision)."""
    return Inspection.review_state != SUPERSEDED


def fulfilled_clause(among_task_ids=None):
    """SQL on :class:`Task`: a counted inspection fulfils it.

    ``among_task_ids``: the ids of the only tasks the statement reads, when a short list is known. PostgreSQL may
    answer the test for a few hundred tasks by hashing every inspection made for any task (6 ms at 34,000
    inspections); told the ids, it reads only the inspections of those tasks, through their index.
    """
    inspections = select(Inspection.id).where(Inspection.task_id == Task.id, counted_inspection_clause())
    if among_task_ids is not None:
        inspections = inspections.where(Inspection.task_id.in_(among_task_ids))
    return exists(inspections)


def cancelled_clause():
    return Task.cancelled_at.is_not(None)


def done_clause():
    return and_(Task.cancelled_at.is_(None), fulfilled_clause())


def overdue_clause(today: date):
    return and_(Task.cancelled_at.is_(None), Task.due_on < today, ~fulfilled_clause())


def pending_clause(today: date):
    return and_(Task.cancelled_at.is_(None), Task.due_on >= today, ~fulfilled_clause())


def task_status_case(today: date, among_task_ids=None):
    """SQL: the task's status as a string, for lists and grouped counts (``among_task_ids``: see
    :func:`fulfilled_clause`)."""
    return case((cancelled_clause(), CANCELLED), (fulfilled_clause(among_task_ids), DONE),
                (Task.due_on < today, OVERDUE), else_=PENDING)


def task_status(task: Task, fulfilled: bool, today: date) -> str:
    """The status of ``task``; ``fulfilled``: whether a counted inspection fulfils it."""
    if task.cancelled_at is not None:
        return CANCELLED
    if fulfilled:
        return DONE
    if task.due_on < today:
        return OVERDUE
    return PENDING


SCOPE_KEYS = ("sectors", "grids", "classes", "enterprises")


def scope_criteria(scope: dict) -> dict[str, list[str]]:
    """The four lists of a stored scope, each present (empty when not given)."""
    return {key: list((scope or {}).get(key) or []) for key in SCOPE_KEYS}


def scope_clause(scope: dict):
    """SQL on :class:`Enterprise`: the enterprises a campaign's ``scope`` covers.

    Those not closed that match every criterion given (sectors, grids, classes), plus those listed by
    code. With no criterion at all, the list alone when there is one, else the whole register.
    """
    criteria = scope_criteria(scope)
    conditions = []
    if criteria["sectors"]:
        conditions.append(Enterprise.sector.in_(criteria["sectors"]))
    if criteria["grids"]:
        conditions.append(Enterprise.grid_id.in_(select(Grid.id).where(Grid.code.in_(criteria["grids"]))))
    if criteria["classes"]:
        conditions.append(Enterprise.supervision_class.in_(criteria["classes"]))
    if conditions:
        matching = and_(*conditions)
    else:
        matching = false() if criteria["enterprises"] else true()
    listed = Enterprise.code.in_(criteria["enterprises"]) if criteria["enterprises"] else false()
    return and_(Enterprise.status != ENTERPRISE_CLOSED, or_(matching, listed))

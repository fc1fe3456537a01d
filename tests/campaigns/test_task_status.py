"""A task's status is derived from its cancellation, its due date and the inspections fulfilling it,
the same in SQL (lists, counts) and in Python (one task in hand)."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import Task
from safety.campaigns.queries import is_fulfilled, list_task_views
from safety.campaigns.rules import (cancelled_clause, done_clause, overdue_clause, pending_clause, task_status)
from safety.extensions import db
from tests.factories import make_enterprise, make_inspection, make_task

TODAY = date(2026, 3, 10)
CANCELLED_AT = datetime(2026, 3, 1, 2, tzinfo=timezone.utc)

# (name, due on, cancelled, review states of the inspections made for it) → status on TODAY, written out by hand
CASES = [
    ("due later, not visited", date(2026, 3, 20), False, [], "pending"),
    ("due today, not visited", date(2026, 3, 10), False, [], "pending"),
    ("due yesterday, not visited", date(2026, 3, 9), False, [], "overdue"),
    ("due yesterday, submitted", date(2026, 3, 9), False, ["submitted"], "done"),
    ("due later, approved", date(2026, 3, 20), False, ["approved"], "done"),
    ("returned, not yet amended", date(2026, 3, 9), False, ["returned"], "done"),
    ("only a superseded revision", date(2026, 3, 9), False, ["superseded"], "overdue"),
    ("superseded, then its revision", date(2026, 3, 9), False, ["superseded", "submitted"], "done"),
    ("cancelled, not visited", date(2026, 3, 20), True, [], "cancelled"),
    ("cancelled after all, visited", date(2026, 3, 9), True, ["submitted"], "cancelled"),
]


@pytest.fixture
def tasks(district, campaign):
    ann = district["users"]["ann"]
    made = {}
    for name, due_on, cancelled, states, _status in CASES:
        enterprise = make_enterprise(grid=district["grids"]["N1"])
        task = make_task(campaign, enterprise, [ann], due_on=due_on,
                         cancelled_at=CANCELLED_AT if cancelled else None,
                         cancel_reason="企业已停产" if cancelled else None)
        for state in states:
            make_inspection(enterprise, ann, district["template"].latest, task_id=task.id, review_state=state)
        made[name] = task
    db.session.commit()
    return made


@pytest.mark.parametrize("name,expected", [(case[0], case[-1]) for case in CASES])
def test_python_rule(tasks, name, expected):
    task = tasks[name]
    assert task_status(task, is_fulfilled(task), TODAY) == expected


def test_sql_rule_gives_the_same_table(tasks):
    views = {view.task.id: view.status for view in list_task_views([t.id for t in tasks.values()], TODAY)}
    assert {name: views[task.id] for name, task in tasks.items()} == {case[0]: case[-1] for case in CASES}


@pytest.mark.parametrize("clause,status", [
    (cancelled_clause(), "cancelled"), (done_clause(), "done"), (overdue_clause(TODAY), "overdue"),
    (pending_clause(TODAY), "pending")])
def test_each_clause_selects_its_status_only(tasks, clause, status):
    selected = set(db.session.scalars(select(Task.id).where(clause)))
    assert selected == {task.id for name, task in tasks.items() if dict((c[0], c[-1]) for c in CASES)[name] == status}


def test_a_task_moves_from_pending_to_overdue_to_done_as_time_passes(district, campaign):
    enterprise, ann = district["enterprises"]["E102"], district["users"]["ann"]
    task = make_task(campaign, enterprise, [ann], due_on=date(2026, 4, 30))

    def status_on(day):
        python = task_status(task, is_fulfilled(task), day)
        sql = list_task_views([task.id], day)[0].status
        assert python == sql
        return python

    assert status_on(date(2026, 4, 1)) == "pending"
    assert status_on(date(2026, 4, 30)) == "pending"
    assert status_on(date(2026, 5, 1)) == "overdue"
    first = make_inspection(enterprise, ann, district["template"].latest, task_id=task.id, review_state="returned")
    assert status_on(date(2026, 5, 1)) == "done"
    first.review_state = "superseded"  # its amended revision is on the way, not yet received
    db.session.flush()
    assert status_on(date(2026, 5, 2)) == "overdue"
    make_inspection(enterprise, ann, district["template"].latest, task_id=task.id, revision_of_id=first.id,
                    original_id=first.id, revision=2)
    assert status_on(date(2026, 5, 3)) == "done"
    assert db.session.scalar(select(func.count()).select_from(Task).where(done_clause())) == 1

"""The annual plan from risk: a pure proposal per enterprise, then tasks carrying their reasons."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from safety.campaigns.generation import list_plan_facts, plan_tasks, propose_campaign_plan
from safety.campaigns.models import Task
from safety.campaigns.plan import EnterpriseFacts, propose_plan
from safety.campaigns.serialize import task_json
from safety.campaigns.queries import list_task_views
from safety.common.errors import DomainError
from safety.extensions import db
from tests.factories import make_campaign, make_enterprise, make_hazard, make_inspection
from tests.statements import counting_statements

INTERVALS = {"A": 30, "B": 60, "C": 90, "D": 180}
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
MONTHLY_FROM_14_JANUARY = ["2026-01-14", "2026-02-13", "2026-03-15", "2026-04-14", "2026-05-14", "2026-06-13",
                           "2026-07-13", "2026-08-12", "2026-09-11", "2026-10-11", "2026-11-10", "2026-12-10"]

# (facts, interval, reasons of the enterprise, visits) worked out by hand for 2026 with A30 B60 C90 D180
CASES = {
    "steady": (EnterpriseFacts("steady", "C", date(2025, 12, 1)), 90,
               [{"code": "class_C", "days": 90}],
               ["2026-03-01", "2026-05-30", "2026-08-28", "2026-11-26"]),
    "major": (EnterpriseFacts("major", "B", date(2025, 12, 20), open_hazards=1, open_major_hazards=1), 30,
              [{"code": "class_B", "days": 60}, {"code": "open_major_hazard"}],
              MONTHLY_FROM_14_JANUARY),
    "neglected": (EnterpriseFacts("neglected", "D", date(2025, 3, 1)), 180,
                  [{"code": "class_D", "days": 180}, {"code": "not_inspected_for_N_days", "days": 306}],
                  ["2026-01-14", "2026-07-13"]),
    "never": (EnterpriseFacts("never", "A", None, open_hazards=1, overdue_hazards=1, recurring_hazards=2), 30,
              [{"code": "class_A", "days": 30}, {"code": "open_hazards"}, {"code": "recurring"},
               {"code": "overdue_hazards"}, {"code": "never_inspected"}],
              MONTHLY_FROM_14_JANUARY),
    "recurring": (EnterpriseFacts("recurring", "C", date(2025, 12, 15), recurring_hazards=1), 60,
                  [{"code": "class_C", "days": 90}, {"code": "recurring"}],
                  ["2026-02-13", "2026-04-14", "2026-06-13", "2026-08-12", "2026-10-11", "2026-12-10"]),
    "open, two steps": (EnterpriseFacts("open, two steps", "D", date(2025, 12, 15), open_hazards=2,
                                        recurring_hazards=1), 60,
                        [{"code": "class_D", "days": 180}, {"code": "open_hazards"}, {"code": "recurring"}],
                        ["2026-02-13", "2026-04-14", "2026-06-13", "2026-08-12", "2026-10-11", "2026-12-10"]),
}


@pytest.mark.parametrize("name", CASES)
def test_the_proposal_is_the_one_worked_out_by_hand(name):
    facts, interval, reasons, visits = CASES[name]
    [proposal] = propose_plan([facts], *YEAR, INTERVALS)
    assert proposal.interval_days == interval
    assert list(proposal.reasons) == reasons
    assert [visit.due_on.isoformat() for visit in proposal.visits] == visits


def test_the_early_visit_says_why_it_is_early_and_the_others_why_they_recur():
    [proposal] = propose_plan([CASES["neglected"][0]], *YEAR, INTERVALS)
    early, regular = proposal.visits
    assert early.reasons == ({"code": "not_inspected_for_N_days", "days": 306},)
    assert regular.reasons == ({"code": "class_D", "days": 180},)


def test_an_enterprise_inspected_recently_may_need_no_visit_in_a_short_period():
    [proposal] = propose_plan([EnterpriseFacts("calm", "D", date(2025, 12, 20))], date(2026, 1, 1),
                              date(2026, 3, 31), INTERVALS)
    assert proposal.visits == () and proposal.reasons == ({"code": "class_D", "days": 180},)


def test_the_intervals_are_the_offices_setting():
    [proposal] = propose_plan([CASES["steady"][0]], *YEAR, {**INTERVALS, "C": 120})
    assert [visit.due_on.isoformat() for visit in proposal.visits] == ["2026-03-31", "2026-07-29", "2026-11-26"]


# ---- the plan campaign in the database ----

@pytest.fixture
def plan(district):
    return make_campaign(code="2026-JH-01", kind="plan", name="2026年度监督检查计划", starts_on=YEAR[0],
                         ends_on=YEAR[1], scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)


def test_the_facts_are_read_from_the_record(district, plan):
    e, ann, version = district["enterprises"], district["users"]["ann"], district["template"].latest
    make_inspection(e["E101"], ann, version, finished_at=_at(date(2025, 12, 1)))
    make_inspection(e["E101"], ann, version, finished_at=_at(date(2025, 12, 20)), review_state="superseded")
    make_hazard(e["E101"], level="major")
    make_hazard(e["E101"], deadline=date(2025, 12, 31), recurring=True, found_at=_at(date(2025, 6, 1)))
    make_hazard(e["E101"], status="closed", recurring=True, found_at=_at(date(2024, 6, 1)))  # recurred long ago
    facts = {fact.code: fact for fact in list_plan_facts(plan, YEAR[0], date(2026, 1, 1))}
    assert set(facts) == {"E101", "E102", "E103"}  # N1, E104 closed
    assert facts["E101"] == EnterpriseFacts("E101", "A", date(2025, 12, 1), open_hazards=2, overdue_hazards=1,
                                            open_major_hazards=1, recurring_hazards=1)
    assert facts["E102"] == EnterpriseFacts("E102", "B", None)


def test_the_facts_take_a_fixed_number_of_statements(district, plan):
    list_plan_facts(plan, YEAR[0], date(2026, 1, 1))
    with counting_statements() as few:
        list_plan_facts(plan, YEAR[0], date(2026, 1, 1))
    ann, version = district["users"]["ann"], district["template"].latest
    for n in range(30):
        enterprise = make_enterprise(grid=district["grids"]["N1"], supervision_class="ABCD"[n % 4])
        make_inspection(enterprise, ann, version, finished_at=_at(date(2025, 1 + n % 12, 3)))
        make_hazard(enterprise, level="major" if n % 3 else "general")
    with counting_statements() as many:
        assert len(list_plan_facts(plan, YEAR[0], date(2026, 1, 1))) == 33
    # Three, and the campaign read again after the commit that starts the count.
    assert len(many) == len(few) == 4, many


def test_plan_tasks_carry_their_reasons(district, plan):
    make_hazard(district["enterprises"]["E102"], deadline=date(2025, 12, 1))  # overdue
    tasks = plan_tasks(district["users"]["chief"], plan, today=date(2026, 1, 1))
    db.session.commit()
    by_enterprise = {}
    for view in list_task_views([task.id for task in tasks], date(2026, 1, 1)):
        by_enterprise.setdefault(view.enterprise_code, []).append(task_json(view, plan))
    e102 = by_enterprise["E102"]
    assert e102[0]["due_on"] == "2026-01-14"
    assert [reason["code"] for reason in e102[0]["reasons"]] == ["overdue_hazards", "never_inspected"]
    assert [reason["code"] for reason in e102[1]["reasons"]] == ["class_B", "open_hazards"]
    assert e102[1]["reasons"][0]["label"] and e102[1]["inspection_kind"] == "routine"
    assert len(by_enterprise["E101"]) == 12  # A, never inspected: early, then monthly
    assert all(view["team"] in (["ann"], ["bob"]) for views in by_enterprise.values() for view in views)


def test_planning_twice_adds_nothing(district, plan):
    plan_tasks(district["users"]["chief"], plan, today=date(2026, 1, 1))
    count = len(db.session.scalars(select(Task.id)).all())
    assert plan_tasks(district["users"]["chief"], plan, today=date(2026, 1, 1)) == []
    assert len(db.session.scalars(select(Task.id)).all()) == count


def test_a_plan_made_midyear_starts_today(district, plan):
    proposals = propose_campaign_plan(plan, today=date(2026, 7, 1))
    assert min(visit.due_on for p in proposals for visit in p.visits) >= date(2026, 7, 1)


def test_only_a_plan_campaign_plans(district, campaign):
    with pytest.raises(DomainError) as refused:
        plan_tasks(district["users"]["chief"], campaign, today=date(2026, 1, 1))
    assert (refused.value.status, refused.value.code) == (409, "not_a_plan")


def test_a_plan_whose_period_is_over_proposes_nothing(district, plan):
    with pytest.raises(DomainError) as refused:
        propose_campaign_plan(plan, today=YEAR[1] + timedelta(days=1))
    assert refused.value.code == "period_over"

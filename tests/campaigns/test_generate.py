"""Tasks generated from the scope: spread over the period, balanced over each grid's inspectors."""
from collections import Counter
from datetime import date

import pytest

from safety.campaigns.assignment import StaffMember, TeamBalancer, spread_dates
from safety.campaigns.generation import generate_tasks
from safety.campaigns.queries import list_task_views
from safety.common.errors import DomainError
from safety.extensions import db
from tests.factories import make_campaign, make_enterprise, make_task, make_user


def test_ten_tasks_over_thirty_days_fall_every_third_day():
    days = spread_dates(date(2026, 1, 1), date(2026, 1, 30), 10)
    assert [day.day for day in days] == [3, 6, 9, 12, 15, 18, 21, 24, 27, 30]


def test_more_tasks_than_days_share_days_and_stay_in_the_period():
    assert spread_dates(date(2026, 1, 1), date(2026, 1, 2), 4) == [date(2026, 1, 1)] * 3 + [date(2026, 1, 2)]


def test_the_balancer_takes_the_least_loaded_then_borrows():
    balancer = TeamBalancer([StaffMember(1, "ann", frozenset({"N1"})), StaffMember(2, "bob", frozenset({"N1"})),
                             StaffMember(3, "cat", frozenset({"S1"}))], {1: 2})
    assert [m.username for m in balancer.team_for("N1", 1)] == ["bob"]
    assert [m.username for m in balancer.team_for("S1", 2)] == ["cat", "bob"]  # bob 1 < ann 2
    assert [m.username for m in balancer.team_for(None, 1)] == ["cat"]  # ann 2, bob 2, cat 1
    assert balancer.load == {1: 2, 2: 2, 3: 2}


def _generated(district, campaign):
    tasks = generate_tasks(district["users"]["chief"], campaign, today=date(2026, 1, 1))
    db.session.commit()
    return {view.enterprise_code: view for view in list_task_views([t.id for t in tasks], date(2026, 1, 1))}


def test_one_task_per_enterprise_of_the_scope_spread_per_grid(district, campaign):
    views = _generated(district, campaign)
    assert set(views) == {"E101", "E102", "E103", "E201", "E202", "E301"}  # E104 is closed
    # 181 days: N1's three enterprises at the end of each third, S1's two at the end of each half.
    assert {code: view.task.due_on.isoformat() for code, view in views.items()} == {
        "E101": "2026-03-01", "E102": "2026-04-30", "E103": "2026-06-30",
        "E201": "2026-03-31", "E202": "2026-06-30", "E301": "2026-06-30"}


def test_each_grid_shares_its_tasks_among_its_inspectors(district, campaign):
    views = _generated(district, campaign)
    assert {code: view.team for code, view in views.items()} == {
        "E101": ("ann",), "E102": ("bob",), "E103": ("ann",), "E201": ("cat",), "E202": ("cat",),
        "E301": ("bob",)}  # no grid: the least loaded of all (ann 2, bob 1, cat 2)
    assert set(Counter(view.team[0] for view in views.values()).values()) == {2}


def test_an_enforcement_campaign_sends_two_and_borrows_for_a_grid_of_one(district, campaign):
    campaign.enforcement = True
    views = _generated(district, campaign)
    assert all(len(view.team) == 2 for view in views.values())
    assert views["E101"].team == ("ann", "bob")
    assert views["E201"].team[0] == "cat" and views["E201"].team[1] in ("ann", "bob")


def test_balance_holds_at_scale(district):
    grid = district["grids"]["S1"]
    for n in range(4):
        make_user("inspector", username=f"s{n}", grids=[grid])
    for _n in range(40):
        make_enterprise(grid=grid)
    campaign = make_campaign(code="2026-ZX-40", scope={"sectors": [], "grids": ["S1"], "classes": [],
                                                       "enterprises": []})
    views = _generated(district, campaign)
    loads = Counter(view.team[0] for view in views.values())
    assert max(loads.values()) - min(loads.values()) <= 1, loads  # 42 tasks over cat and s0–s3
    days = sorted(view.task.due_on for view in views.values())
    assert days[0] >= date(2026, 1, 1) and days[-1] == date(2026, 6, 30)


def test_existing_load_counts_and_generating_again_adds_nothing(district, campaign):
    make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]], due_on=date(2026, 1, 5))
    views = _generated(district, campaign)
    assert "E101" not in views
    assert views["E102"].team == ("bob",)  # ann already has one
    assert generate_tasks(district["users"]["chief"], campaign, today=date(2026, 1, 1)) == []


def test_enforcement_with_a_single_inspector_in_the_office_is_refused(district, campaign):
    for name in ("bob", "cat"):
        district["users"][name].active = False
    campaign.enforcement = True
    with pytest.raises(DomainError) as refused:
        generate_tasks(district["users"]["chief"], campaign, today=date(2026, 1, 1))
    assert (refused.value.status, refused.value.code) == (400, "enforcement_needs_two")


def test_a_closed_campaign_generates_nothing(district, campaign):
    campaign.status = "closed"
    with pytest.raises(DomainError) as refused:
        generate_tasks(district["users"]["chief"], campaign, today=date(2026, 1, 1))
    assert (refused.value.status, refused.value.code) == (409, "campaign_closed")


def test_tasks_generated_during_the_period_are_due_from_today(district, campaign):
    tasks = generate_tasks(district["users"]["chief"], campaign, today=date(2026, 4, 1))
    assert min(task.due_on for task in tasks) >= date(2026, 4, 1)
    assert max(task.due_on for task in tasks) == date(2026, 6, 30)


def test_nothing_is_generated_once_the_period_is_over(district, campaign):
    with pytest.raises(DomainError) as refused:
        generate_tasks(district["users"]["chief"], campaign, today=date(2026, 7, 1))
    assert (refused.value.status, refused.value.code) == (409, "period_over")

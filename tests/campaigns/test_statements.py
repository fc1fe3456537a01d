"""Each campaign API call sends a fixed number of SQL statements, however many tasks there are."""
from datetime import date

import pytest

from safety.extensions import db
from tests.campaigns.conftest import make_random_check
from tests.factories import make_campaign, make_enterprise, make_hazard, make_inspection, make_task
from tests.statements import counting_statements


def _grow(district, campaign, tasks: int) -> None:
    """``tasks`` more tasks over both grids, a third of them done with a hazard found, some cancelled."""
    users, version = district["users"], district["template"].latest
    for n in range(tasks):
        grid = district["grids"]["N1" if n % 2 else "S1"]
        enterprise = make_enterprise(grid=grid, sector=("food", "gas", "chemicals")[n % 3])
        team = [users["ann"], users["bob"]] if n % 2 else [users["cat"]]
        task = make_task(campaign, enterprise, team, due_on=date(2026, 1 + n % 6, 10),
                         cancelled_at=None if n % 7 else campaign.created_at, cancel_reason=None if n % 7 else "停产")
        if n % 3 == 0:
            inspection = make_inspection(enterprise, team[0], version, task_id=task.id)
            make_hazard(enterprise, inspection_id=inspection.id, level="major" if n % 2 else "general")
    db.session.commit()


def _statements(client, call) -> int:
    call()  # caches warmed: the user, the translations
    with counting_statements() as statements:
        response = call()
    assert response.status_code < 300, response.get_json()
    return len(statements)


@pytest.mark.parametrize("call", [
    lambda client, headers, n: client.get("/api/v1/campaigns"),
    lambda client, headers, n: client.get("/api/v1/campaigns/2026-ZX-01"),
    lambda client, headers, n: client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=headers, json={
        "enterprise_code": "E101", "team": ["ann", "bob"], "due_on": f"2026-06-{n:02d}"}),
], ids=["list", "campaign", "add a task"])
def test_statements_do_not_grow_with_the_tasks(client, auth, district, campaign, call):
    make_campaign(code="2026-ZX-02")
    auth.login("chief")
    calls = iter(range(1, 29))
    small = _statements(client, lambda: call(client, auth.headers(), next(calls)))
    _grow(district, campaign, 60)
    large = _statements(client, lambda: call(client, auth.headers(), next(calls)))
    assert large == small


def test_a_draw_of_many_takes_as_many_statements_as_a_draw_of_few(client, auth, district):
    for code in ("2026-SJ-01", "2026-SJ-02"):
        make_random_check(code)
    for _n in range(40):
        make_enterprise(grid=district["grids"]["N1"])
    auth.login("chief")
    sizes = []
    for code, count in (("2026-SJ-01", 2), ("2026-SJ-02", 40)):
        with counting_statements() as statements:
            response = client.post(f"/api/v1/campaigns/{code}/draw", json={"count": count, "team_size": 2},
                                   headers=auth.headers())
        assert response.status_code == 201, response.get_json()
        sizes.append(len(statements))
    assert sizes[0] == sizes[1], sizes


@pytest.mark.parametrize("url", ["/campaigns/", "/campaigns/2026-ZX-01", "/campaigns/2026-ZX-01?status=overdue&page=2",
                                 "/campaigns/2026-ZX-01/report", "/campaigns/2026-ZX-01/report.json"],
                         ids=["list page", "campaign page", "campaign page, filtered", "report", "report JSON"])
def test_back_office_pages_do_not_grow_with_the_tasks(client, auth, district, campaign, url):
    make_campaign(code="2026-ZX-02")
    _grow(district, campaign, 2)  # one overdue: a page of tasks is read the same way for one task as for sixty
    auth.login("chief")
    small = _statements(client, lambda: client.get(url))
    _grow(district, campaign, 60)
    large = _statements(client, lambda: client.get(url))
    assert large == small

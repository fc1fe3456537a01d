"""The workload page: per person, tasks assigned, done, past due and to do, and inspections, counted by hand.

On the district of conftest, with dan, a fourth inspector of N1 who has nothing to do; A is a special campaign
that ended ten days ago, B a random check under way (dates relative to today):

  A  T1 E101 (ann, bob) done by I1: ann's, with bob and the expert 李工 (市安科院) on its team
     T2 E102 (ann) past due
     T3 E201 (cat) done by I3, cat alone
     T4 E103 (bob) cancelled
  B  T5 E202 (ann, cat) to do
     T6 E101 (bob) to do
  without a task: I4 at E102 by bob, with 李工 and 王科长 (区市场监管局, a department on a joint check);
                  I5, its earlier revision, superseded; I6 at E301 (no grid) by cat

  whole register, A's start to B's end:   tasks done past-due to-do inspections
      ann                                   3     1      1       1        1 (I1)
      bob                                   2     1      0       1        2 (I1 on the team, I4)
      cat                                   2     1      0       1        2 (I3, I6)
      dan                                   0     0      0       0        0
  outside: 李工 2 (I1, I4), 王科长 1 (I4)
"""
import re
from datetime import timedelta

import pytest

from safety.common.office_time import office_today, start_of_office_day
from safety.extensions import db
from safety.inspections.teams import TeamRow, store_team
from tests.factories import make_campaign, make_inspection, make_task, make_user
from tests.statements import counting_statements


@pytest.fixture
def year(district):
    today = office_today()
    users, places, version = district["users"], district["enterprises"], district["template"].latest
    ann, bob, cat = users["ann"], users["bob"], users["cat"]
    dan = make_user("inspector", username="dan", grids=[district["grids"]["N1"]], display_name="丹")
    a = make_campaign(code="2026-ZX-05", starts_on=today - timedelta(days=180), ends_on=today - timedelta(days=10))
    b = make_campaign(code="2026-SJ-05", kind="random", starts_on=today - timedelta(days=5),
                      ends_on=today + timedelta(days=60))

    def at(days_ago: int):
        return start_of_office_day(today - timedelta(days=days_ago)) + timedelta(hours=3)

    t1 = make_task(a, places["E101"], [ann, bob], due_on=a.starts_on + timedelta(days=30))
    make_task(a, places["E102"], [ann], due_on=a.starts_on + timedelta(days=60))
    t3 = make_task(a, places["E201"], [cat], due_on=a.starts_on + timedelta(days=90))
    make_task(a, places["E103"], [bob], due_on=a.starts_on + timedelta(days=100), cancelled_at=at(100),
              cancel_reason="停产")
    make_task(b, places["E202"], [ann, cat], due_on=today + timedelta(days=30))
    make_task(b, places["E101"], [bob], due_on=today + timedelta(days=40))
    i1 = make_inspection(places["E101"], ann, version, kind="campaign", task_id=t1.id, finished_at=at(151))
    store_team(i1, [TeamRow(ann.id, "ann", "安", "", "staff", None), TeamRow(bob.id, "bob", "博", "", "staff", None),
                    TeamRow(None, "", "李工", "市安科院", "expert", None)])
    make_inspection(places["E201"], cat, version, kind="campaign", task_id=t3.id, finished_at=at(91))
    i5 = make_inspection(places["E102"], bob, version, finished_at=at(100), review_state="superseded")
    i4 = make_inspection(places["E102"], bob, version, finished_at=at(99), original_id=i5.id, revision=2,
                         revision_of_id=i5.id)
    store_team(i4, [TeamRow(bob.id, "bob", "博", "", "staff", None),
                    TeamRow(None, "", "李工", "市安科院", "expert", None),
                    TeamRow(None, "", "王科长", "区市场监管局", "department", None)])
    store_team(i5, [TeamRow(bob.id, "bob", "博", "", "staff", None),
                    TeamRow(None, "", "李工", "市安科院", "expert", None)])
    make_inspection(places["E301"], cat, version, finished_at=at(50))
    db.session.commit()
    return {"a": a, "b": b, "dan": dan, "period": {"from": a.starts_on.isoformat(), "to": b.ends_on.isoformat()}}


COLUMNS = ("tasks", "done", "overdue", "pending", "inspections")


def _lines(page: str) -> dict[str, tuple[int, ...]]:
    lines = {}
    for username, row in re.findall(r'<tr class="workload-row" data-username="([^"]+)">(.*?)</tr>', page, re.S):
        figures = dict(re.findall(r'data-figure="([a-z]+)">(\d+)<', row))
        lines[username] = tuple(int(figures[key]) for key in COLUMNS)
    return lines


def _outside(page: str) -> dict[tuple[str, str], int]:
    return {(name, organisation): int(count) for name, organisation, count in re.findall(
        r'<tr class="outside-row" data-name="([^"]+)" data-organisation="([^"]*)">.*?data-figure="inspections">(\d+)<',
        page, re.S)}


def test_each_person_s_load_over_a_period_as_counted_by_hand(client, auth, year):
    auth.login("chief")
    response = client.get("/campaigns/workload", query_string=year["period"])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _lines(page) == {"ann": (3, 1, 1, 1, 1), "bob": (2, 1, 0, 1, 2), "cat": (2, 1, 0, 1, 2),
                            "dan": (0, 0, 0, 0, 0)}
    assert list(_lines(page)) == ["ann", "bob", "cat", "dan"]  # the most still to do first
    assert _outside(page) == {("李工", "市安科院"): 2, ("王科长", "区市场监管局"): 1}


def test_one_campaign_counts_its_tasks_and_the_inspections_made_for_them(client, auth, year):
    auth.login("chief")
    page = client.get("/campaigns/workload?campaign=2026-zx-05").get_data(as_text=True)  # its own period
    assert _lines(page) == {"ann": (2, 1, 1, 0, 1), "bob": (1, 1, 0, 0, 1), "cat": (1, 1, 0, 0, 1),
                            "dan": (0, 0, 0, 0, 0)}
    assert _outside(page) == {("李工", "市安科院"): 1}
    assert year["a"].starts_on.isoformat() in page and year["a"].ends_on.isoformat() in page


def test_a_period_narrows_what_is_counted(client, auth, year):
    today = office_today()
    auth.login("chief")
    page = client.get("/campaigns/workload", query_string={"from": today.isoformat(),
                                                           "to": (today + timedelta(days=60)).isoformat()})
    assert _lines(page.get_data(as_text=True)) == {"ann": (1, 0, 0, 1, 0), "bob": (1, 0, 0, 1, 0),
                                                   "cat": (1, 0, 0, 1, 0), "dan": (0, 0, 0, 0, 0)}


def test_a_supervisor_of_a_grid_sees_the_load_in_their_grid_only(client, auth, year):
    auth.login("northchief")
    page = client.get("/campaigns/workload", query_string=year["period"]).get_data(as_text=True)
    assert _lines(page) == {"ann": (2, 1, 1, 0, 1), "bob": (2, 1, 0, 1, 2), "dan": (0, 0, 0, 0, 0)}
    assert _outside(page) == {("李工", "市安科院"): 2, ("王科长", "区市场监管局"): 1}


def test_the_campaign_page_and_list_link_to_the_workload(client, auth, year):
    auth.login("chief")
    assert "/campaigns/workload?campaign=2026-ZX-05" in client.get("/campaigns/2026-ZX-05").get_data(as_text=True)
    assert 'href="/campaigns/workload"' in client.get("/campaigns/").get_data(as_text=True)


@pytest.mark.parametrize("query,status,message", [
    ({"from": "2026-05-01", "to": "2026-04-01"}, 400, "is after the last day"),
    ({"from": "2026-05-01", "to": "someday"}, 400, "someday"),
    ({"campaign": "2099-XX-99"}, 404, "2099-XX-99"),
])
def test_bad_input_is_refused_with_a_precise_message(client, auth, year, query, status, message):
    auth.login("chief")
    client.post("/locale/en", data={"csrf_token": auth.csrf_token})
    response = client.get("/campaigns/workload", query_string=query)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_campaign_out_of_the_reader_s_scope_is_403(client, auth, district, year):
    south = make_campaign(code="2026-ZX-06", scope={"sectors": [], "grids": ["S1"], "classes": [], "enterprises": []})
    make_task(south, district["enterprises"]["E201"], [district["users"]["cat"]])
    db.session.commit()
    auth.login("northchief")
    assert client.get("/campaigns/workload?campaign=2026-ZX-06").status_code == 403


@pytest.mark.parametrize("username", ["ann", "contact"])
def test_inspectors_and_enterprises_may_not_open_it(client, auth, year, username):
    auth.login(username)
    assert client.get("/campaigns/workload").status_code == 403


def test_the_page_takes_as_many_statements_for_many_tasks_as_for_few(client, auth, district, year):
    auth.login("chief")
    url = "/campaigns/workload?" + "&".join(f"{key}={value}" for key, value in year["period"].items())
    client.get(url)
    with counting_statements() as few:
        assert client.get(url).status_code == 200
    users, version, today = district["users"], district["template"].latest, office_today()
    for n in range(40):
        member = make_user("inspector", grids=[district["grids"]["N1" if n % 2 else "S1"]])
        task = make_task(year["b"], district["enterprises"]["E103" if n % 2 else "E201"], [member, users["ann"]],
                         due_on=today + timedelta(days=n))
        inspection = make_inspection(district["enterprises"]["E102"], member, version, task_id=task.id)
        store_team(inspection, [TeamRow(member.id, member.username, "", "", "staff", None),
                                TeamRow(None, "", f"专家{n}", "安科院", "expert", None)])
    db.session.commit()
    with counting_statements() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)

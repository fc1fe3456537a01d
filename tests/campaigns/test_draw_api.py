"""POST /api/v1/campaigns/<code>/draw: the draw recorded with its pools and seed, and its tasks made."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import Draw, Task
from safety.extensions import db
from safety.common.office_time import office_today
from tests.api_docs.test_openapi import check
from tests.campaigns.conftest import WHOLE, make_random_check
from tests.factories import make_task, make_user


@pytest.fixture
def random_check(district):
    return make_random_check("2026-SJ-01")


def _draw(client, auth, body, code="2026-SJ-01"):
    return client.post(f"/api/v1/campaigns/{code}/draw", json=body, headers=auth.headers())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_draw_makes_its_tasks_and_records_everything_to_redo_it(client, auth, random_check, district):
    auth.login("chief")
    response = _draw(client, auth, {"count": 3, "team_size": 2, "seed": "audit-7"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    check(client.get("/api/v1/openapi.json").get_json(), "/api/v1/campaigns/{campaign_code}/draw", "post", 201, body)
    assert body["seed"] == "audit-7" and len(body["tasks"]) == 3
    assert [task["enterprise_code"] for task in body["tasks"]] == [
        line["enterprise"] for line in body["draw"]["result"]]
    assert all(len(task["team"]) == 2 and task["campaign"]["kind"] == "random" for task in body["tasks"])
    draw = db.session.scalar(select(Draw))
    assert (draw.seed, draw.count, draw.share, draw.team_size) == ("audit-7", 3, None, 2)
    assert [line["code"] for line in draw.enterprise_pool] == ["E101", "E102", "E103", "E201", "E202", "E301"]
    assert [line["username"] for line in draw.staff_pool] == ["ann", "bob", "cat"]
    assert draw.drawn_by_id == district["users"]["chief"].id
    assert _count(Task) == 3 and all(task.draw_id == draw.id for task in db.session.scalars(select(Task)))


def test_the_same_scope_parameters_and_seed_give_the_same_enterprises_and_teams(client, auth, random_check):
    make_random_check("2026-SJ-02")
    auth.login("chief")
    first = _draw(client, auth, {"share": 0.5, "team_size": 2, "seed": "2026Q2"}).get_json()
    second = _draw(client, auth, {"share": 0.5, "team_size": 2, "seed": "2026Q2"}, code="2026-SJ-02").get_json()
    assert [(t["enterprise_code"], t["team"]) for t in first["tasks"]] == [
        (t["enterprise_code"], t["team"]) for t in second["tasks"]]
    assert first["draw"]["result"] == second["draw"]["result"] and len(first["tasks"]) == 3


def test_a_seed_is_chosen_and_stored_when_none_is_given(client, auth, random_check):
    auth.login("chief")
    body = _draw(client, auth, {"count": 1}).get_json()
    assert re.fullmatch(r"[0-9a-f]{16}", body["seed"])
    assert db.session.scalar(select(Draw.seed)) == body["seed"]
    assert len(body["tasks"][0]["team"]) == 2  # two per enterprise unless told


def test_a_share_is_rounded_up(client, auth, random_check):
    auth.login("chief")
    body = _draw(client, auth, {"share": 0.1, "team_size": 1}).get_json()
    assert len(body["tasks"]) == 1 and body["draw"]["share"] == "0.1"  # 0.1 × 6 = 0.6 → 1


def test_the_teams_of_an_excluding_draw_are_never_only_the_enterprises_own_grid(client, auth, district):
    make_random_check("2026-SJ-03", exclude_own_grid_alone=True)
    auth.login("chief")
    body = _draw(client, auth, {"count": 6, "team_size": 1, "seed": "x"}, code="2026-SJ-03").get_json()
    grids = {"ann": "N1", "bob": "N1", "cat": "S1"}
    own = {"E101": "N1", "E102": "N1", "E103": "N1", "E201": "S1", "E202": "S1", "E301": None}
    for task in body["tasks"]:
        assert grids[task["team"][0]] != own[task["enterprise_code"]], task


REFUSALS = [
    ("more than the scope holds", {"count": 7}, 400, "draw_exceeds_scope", "count"),
    ("count and share", {"count": 2, "share": 0.5}, 400, "count_or_share", "count"),
    ("neither count nor share", {"team_size": 2}, 400, "count_or_share", "count"),
    ("count of zero", {"count": 0}, 400, "invalid_count", "count"),
    ("share above one", {"share": 1.5}, 400, "invalid_share", "share"),
    ("share of zero", {"share": 0}, 400, "invalid_share", "share"),
    ("team bigger than the staff", {"count": 1, "team_size": 4}, 400, "staff_too_few", "team_size"),
    ("seed with a colon", {"count": 1, "seed": "a:b"}, 400, "invalid_seed", "seed"),
    ("unknown staff", {"count": 1, "team_size": 1, "staff": ["ann", "zed"]}, 400, "unknown_inspector", "staff"),
]


@pytest.mark.parametrize("name,body,status,code,field", REFUSALS, ids=[case[0] for case in REFUSALS])
def test_a_bad_draw_is_refused_precisely_and_nothing_is_written(client, auth, random_check, name, body, status,
                                                                code, field):
    auth.login("chief")
    response = _draw(client, auth, body)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert _count(Draw) == 0 and _count(Task) == 0


def test_the_refusal_says_how_many_the_scope_holds(client, auth, random_check):
    auth.login("chief")
    message = _draw(client, auth, {"count": 9}).get_json()["error"]["message"]
    assert "6" in message and "9" in message


def test_a_draw_is_made_once(client, auth, random_check):
    auth.login("chief")
    assert _draw(client, auth, {"count": 1, "team_size": 1}).status_code == 201
    again = _draw(client, auth, {"count": 1, "team_size": 1})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_drawn"
    assert _count(Draw) == 1 and _count(Task) == 1


def test_a_campaign_with_tasks_draws_nothing(client, auth, random_check, district):
    make_task(random_check, district["enterprises"]["E101"], [district["users"]["ann"]])
    auth.login("chief")
    response = _draw(client, auth, {"count": 1})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "campaign_has_tasks"


def test_an_enforcement_draw_needs_teams_of_two(client, auth, random_check):
    random_check.enforcement = True
    auth.login("chief")
    response = _draw(client, auth, {"count": 1, "team_size": 1})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "enforcement_needs_two"


def test_no_team_outside_the_own_grid_is_a_precise_refusal(client, auth, district):
    make_random_check("2026-SJ-N1", exclude_own_grid_alone=True, scope={**WHOLE, "grids": ["N1"]})
    auth.login("chief")
    response = _draw(client, auth, {"count": 1, "team_size": 2}, code="2026-SJ-N1")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "no_eligible_team" and "N1" in error["message"] and error["field"] == "staff"
    assert _count(Draw) == 0 and _count(Task) == 0
    # Naming the staff pool, with someone from another grid, makes the draw possible.
    assert _draw(client, auth, {"count": 1, "team_size": 2, "staff": ["ann", "bob", "cat"]},
                 code="2026-SJ-N1").status_code == 201


def test_a_deactivated_inspector_is_not_drawn(client, auth, random_check, district):
    district["users"]["cat"].active = False
    make_user("inspector", username="dan", grids=[district["grids"]["S1"]])
    auth.login("chief")
    body = _draw(client, auth, {"count": 6, "team_size": 1}).get_json()
    assert "cat" not in {name for task in body["tasks"] for name in task["team"]}


def test_a_closed_campaign_draws_nothing(client, auth, random_check):
    random_check.status = "closed"
    auth.login("chief")
    assert _draw(client, auth, {"count": 1}).get_json()["error"]["code"] == "campaign_closed"


def test_drawn_tasks_are_due_between_today_and_the_periods_end(client, auth, random_check):
    auth.login("chief")
    days = [task["due_on"] for task in _draw(client, auth, {"count": 6, "team_size": 1}).get_json()["tasks"]]
    assert min(days) >= office_today().isoformat() and max(days) == random_check.ends_on.isoformat()


def test_a_campaign_whose_period_is_over_draws_nothing(client, auth, district):
    make_random_check("2026-SJ-OLD", starts_on=office_today() - timedelta(days=60),
                      ends_on=office_today() - timedelta(days=1))
    auth.login("chief")
    response = _draw(client, auth, {"count": 1}, code="2026-SJ-OLD")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "period_over"

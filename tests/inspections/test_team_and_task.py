"""An inspection's team and the campaign task it was made for: POST /api/v1/inspections with task_uuid and team,
what is stored and flagged, who then sees the inspection, and the task it fulfils."""
import uuid
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import Task
from safety.campaigns.queries import list_task_views
from safety.common.office_time import office_today
from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember
from tests.factories import make_campaign, make_enterprise, make_grid, make_task, make_user

EXPERT = {"name": "周工", "organisation": "市安全生产专家库", "role": "expert"}
FIRE_BRIGADE = {"name": "刘队长", "organisation": "区消防救援大队", "role": "department"}


@pytest.fixture
def crew(app, grid, enterprise, inspector):
    """A colleague in the same grid, one deactivated, one in another grid with its enterprise, an enterprise
    contact, and an active campaign over the year."""
    south = make_grid(code="G2")
    people = {
        "wang": make_user("inspector", username="wang", grids=[grid], display_name="王检查"),
        "gone": make_user("inspector", username="gone", grids=[grid], display_name="离职者", active=False),
        "zhao": make_user("inspector", username="zhao", grids=[south], display_name="赵检查"),
        "contact": make_user("enterprise", username="contact", enterprise=enterprise),
    }
    far = make_enterprise(grid=south, code="S0001", name="南区化工有限公司")
    campaign = make_campaign(code="2026-ZX-07", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    enforcement = make_campaign(code="2026-ZF-01", enforcement=True, starts_on=date(2026, 1, 1),
                                ends_on=date(2026, 12, 31))
    db.session.commit()
    return {**people, "far": far, "campaign": campaign, "enforcement": enforcement}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _error(response) -> dict:
    return response.get_json()["error"]


def _task_status(task: Task) -> str:
    return list_task_views([task.id], office_today())[0].status


# --- the team ---------------------------------------------------------------------------------------

def test_the_team_is_stored_in_order_with_the_sender_first(send, document, crew):
    response = send({**document, "team": [{"username": "wang"}, EXPERT, FIRE_BRIGADE]})
    assert response.status_code == 201, response.get_data(as_text=True)
    team = response.get_json()["team"]
    assert [(m["username"], m["name"], m["organisation"], m["role"], m["flag"]) for m in team] == [
        ("inspector", "李检查", "", "staff", None), ("wang", "王检查", "", "staff", None),
        (None, "周工", "市安全生产专家库", "expert", None), (None, "刘队长", "区消防救援大队", "department", None)]
    assert response.get_json()["flags"] == []
    rows = db.session.execute(select(InspectionTeamMember.position, InspectionTeamMember.username,
                                     InspectionTeamMember.role).order_by(InspectionTeamMember.position)).all()
    assert rows == [(0, "inspector", "staff"), (1, "wang", "staff"), (2, "", "expert"), (3, "", "department")]


def test_without_a_team_the_inspector_is_the_team_and_nothing_more_is_stored(send, document, crew):
    response = send(document)
    assert response.status_code == 201
    assert [m["username"] for m in response.get_json()["team"]] == ["inspector"]
    assert response.get_json()["task_uuid"] is None
    assert _count(InspectionTeamMember) == 0


def test_naming_oneself_on_the_team_adds_no_second_row(send, document, crew):
    response = send({**document, "team": [{"username": "inspector"}, {"username": "wang"}]})
    assert [m["username"] for m in response.get_json()["team"]] == ["inspector", "wang"]


def test_a_colleague_deactivated_while_the_phone_was_offline_is_stored_and_flagged(send, document, crew):
    response = send({**document, "team": [{"username": "gone"}]})
    assert response.status_code == 201
    body = response.get_json()
    assert [(m["username"], m["flag"]) for m in body["team"]] == [("inspector", None), ("gone", "deactivated")]
    assert [flag["code"] for flag in body["flags"]] == ["deactivated"]
    assert "gone" in body["flags"][0]["message"]


@pytest.mark.parametrize("team, code, field", [
    ([{"username": "nobody"}], "unknown_user", "team[0].username"),
    ([{"username": "wang"}, {"username": "contact"}], "not_staff", "team[1].username"),
    ([{"username": "wang"}, {"username": "wang"}], "duplicate_team_member", "team[1]"),
    ([EXPERT, EXPERT], "duplicate_team_member", "team[1]"),
    ([{"name": "周工"}], "required", "team[0].role"),
    ([{"name": "周工", "role": "boss"}], "invalid_choice", "team[0].role"),
    ([{"role": "expert"}], "required", "team[0].name"),
    ([{"name": "刘队长", "role": "department"}], "required", "team[0].organisation"),
    ([{"username": "wang", "role": "expert"}], "not_for_staff", "team[0]"),
    (["wang"], "invalid_type", "team[0]"),
    ({"username": "wang"}, "invalid_type", "team"),
])
def test_a_bad_team_is_refused_400_and_nothing_is_stored(send, document, crew, team, code, field):
    response = send({**document, "team": team})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert (_error(response)["code"], _error(response)["field"]) == (code, field)
    assert _error(response)["message"]
    assert _count(Inspection) == 0 and _count(InspectionTeamMember) == 0


def test_a_colleague_on_the_team_reads_the_inspection_and_gets_its_review_result(client, auth, send, document,
                                                                                 crew):
    send({**document, "team": [{"username": "wang"}]})
    auth.login("wang")
    assert client.get(f"/api/v1/inspections/{document['uuid']}").status_code == 200
    pulled = client.get("/api/v1/sync/pull").get_json()["inspections"]
    assert [entry["uuid"] for entry in pulled] == [document["uuid"]]
    auth.login("zhao")
    assert client.get(f"/api/v1/inspections/{document['uuid']}").status_code == 403


def test_a_team_inspection_is_one_inspection(send, document, crew):
    send({**document, "team": [{"username": "wang"}, EXPERT]})
    assert _count(Inspection) == 1


def test_a_resend_with_another_team_is_a_conflict(send, document, crew):
    assert send({**document, "team": [{"username": "wang"}]}).status_code == 201
    response = send({**document, "team": [{"username": "wang"}, EXPERT]})
    assert response.status_code == 409
    assert send({**document, "team": [{"username": "wang"}]}).status_code == 200


# --- the task --------------------------------------------------------------------------------------

def test_an_inspection_for_a_task_fulfils_it(send, document, crew, enterprise, inspector):
    task = make_task(crew["campaign"], enterprise, [inspector, crew["wang"]])
    db.session.commit()
    revision = task.sync_rev
    response = send({**document, "task_uuid": task.uuid, "team": [{"username": "wang"}]})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["task_uuid"] == task.uuid
    db.session.expire_all()
    assert _task_status(task) == "done"
    assert db.session.get(Task, task.id).sync_rev > revision  # the team's phones pull it again


def test_an_unknown_task_is_404(send, document, crew):
    response = send({**document, "task_uuid": str(uuid.uuid4())})
    assert response.status_code == 404
    assert (_error(response)["code"], _error(response)["field"]) == ("task_not_found", "task_uuid")
    assert _count(Inspection) == 0


def test_a_malformed_task_uuid_is_400(send, document, crew):
    response = send({**document, "task_uuid": "task-1"})
    assert response.status_code == 400 and _error(response)["field"] == "task_uuid"


def test_a_task_of_another_enterprise_is_400_and_nothing_is_stored(send, document, crew, inspector):
    other = make_enterprise(grid=crew["wang"].grids[0], code="E0002")
    task = make_task(crew["campaign"], other, [inspector])
    db.session.commit()
    response = send({**document, "task_uuid": task.uuid})
    assert response.status_code == 400
    assert (_error(response)["code"], _error(response)["field"]) == ("task_other_enterprise", "task_uuid")
    assert "E0001" in _error(response)["message"]
    assert _count(Inspection) == 0
    assert _task_status(task) != "done"


def test_a_task_outside_the_grids_lets_its_member_inspect_that_enterprise(send, crew, version, inspector):
    from tests.factories import inspection_document
    far_document = inspection_document(crew["far"], version)
    assert send(far_document).status_code == 403  # no task: out of scope
    task = make_task(crew["campaign"], crew["far"], [inspector, crew["zhao"]])
    db.session.commit()
    response = send({**far_document, "task_uuid": task.uuid})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_task_member_may_send_after_the_task_was_cancelled_while_offline(send, crew, version, inspector):
    from tests.factories import inspection_document
    task = make_task(crew["campaign"], crew["far"], [inspector, crew["zhao"]],
                     cancelled_at=datetime(2026, 5, 1, tzinfo=timezone.utc), cancel_reason="改期")
    db.session.commit()
    response = send({**inspection_document(crew["far"], version), "task_uuid": task.uuid})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_someone_not_on_a_task_outside_their_grids_is_403(send, crew, version):
    from tests.factories import inspection_document
    task = make_task(crew["campaign"], crew["far"], [crew["zhao"]])
    db.session.commit()
    response = send({**inspection_document(crew["far"], version), "task_uuid": task.uuid})
    assert response.status_code == 403 and _error(response)["code"] == "enterprise_out_of_scope"


def test_an_enforcement_task_inspected_alone_is_stored_and_flagged(send, document, crew, enterprise, inspector):
    task = make_task(crew["enforcement"], enterprise, [inspector, crew["wang"]])
    db.session.commit()
    response = send({**document, "task_uuid": task.uuid, "team": [EXPERT]})
    assert response.status_code == 201
    flags = response.get_json()["flags"]
    assert [flag["code"] for flag in flags] == ["understaffed"]
    assert "执法人员不少于两人" in flags[0]["message"]
    assert _task_status(task) == "done"


def test_an_enforcement_task_with_two_staff_has_no_flag(send, document, crew, enterprise, inspector):
    task = make_task(crew["enforcement"], enterprise, [inspector, crew["wang"]])
    db.session.commit()
    response = send({**document, "task_uuid": task.uuid, "team": [{"username": "wang"}]})
    assert response.get_json()["flags"] == []


# --- workload ----------------------------------------------------------------------------------------

def test_the_team_inspection_is_in_each_members_workload_in_the_review_queue(send, document, crew):
    from safety.review.queue import QueueFilters, filtered_inspections, list_inspectors_for
    send({**document, "team": [{"username": "wang"}, EXPERT]})
    chief = make_user("supervisor", username="chief")
    for username in ("inspector", "wang"):
        found = db.session.scalars(filtered_inspections(chief, QueueFilters(inspector=username))).all()
        assert [inspection.uuid for inspection in found] == [document["uuid"]]
    assert db.session.scalars(filtered_inspections(chief, QueueFilters(inspector="zhao"))).all() == []
    assert [username for username, _name in list_inspectors_for(chief)] == ["inspector", "wang"]
    assert [username for username, _name in list_inspectors_for(crew["wang"])] == ["inspector", "wang"]

"""移送: the escalation rule (two failed re-checks, or overdue by more than the configured days) and the flag."""
from datetime import timedelta

import pytest

from safety.common.office_time import office_today
from tests.factories import make_photo
from tests.hazards.conftest import event_document, found_hazard


@pytest.fixture
def read(client, auth, people):
    auth.login("supervisor")
    return lambda hazard: client.get(f"/api/v1/hazards/{hazard.uuid}").get_json()


@pytest.fixture
def three_days(app):
    app.config["HAZARD_ESCALATION_OVERDUE_DAYS"] = 3


@pytest.mark.parametrize("days_late,overdue,needs_escalation", [(0, False, False), (1, True, False),
                                                                (3, True, False), (4, True, True)])
def test_overdue_by_more_than_the_configured_days_needs_escalation(read, three_days, enterprise, inspector,
                                                                   days_late, overdue, needs_escalation):
    hazard = found_hazard(enterprise, inspector, deadline=office_today() - timedelta(days=days_late))
    body = read(hazard)
    assert (body["overdue"], body["needs_escalation"], body["escalated"]) == (overdue, needs_escalation, False)


def test_a_rectified_hazard_past_its_deadline_is_not_overdue(read, three_days, enterprise, inspector, client):
    hazard = found_hazard(enterprise, inspector, deadline=office_today() - timedelta(days=10))
    from safety.hazards.operations import record_hazard_event
    record_hazard_event(inspector, hazard.uuid, event_document("rectification_reported", [make_photo(inspector).uuid]))
    body = read(hazard)
    assert (body["status"], body["overdue"], body["needs_escalation"]) == ("rectified", False, False)


def test_two_failed_rechecks_need_escalation(client, auth, hazard, inspector, people):
    auth.login("inspector")
    bodies = []
    for _n in range(2):
        document = event_document("recheck_failed", [make_photo(inspector).uuid], note="仍未整改")
        bodies.append(client.post(f"/api/v1/hazards/{hazard.uuid}/events", json=document,
                                  headers=auth.headers()).get_json()["hazard"])
    assert [(b["failed_recheck_count"], b["needs_escalation"]) for b in bodies] == [(1, False), (2, True)]
    assert bodies[-1]["escalated"] is False  # flagged by the rule; the flag itself is a supervisor's act


def test_a_supervisors_escalation_sets_the_flag(client, auth, hazard, people):
    auth.login("supervisor")
    response = client.post(f"/api/v1/hazards/{hazard.uuid}/events", headers=auth.headers(),
                           json=event_document("escalated", note="移送区应急管理局执法大队"))
    body = response.get_json()
    assert response.status_code == 201
    assert (body["event"]["applied"], body["hazard"]["escalated"], body["hazard"]["needs_escalation"]) == (
        True, True, True)
    assert body["hazard"]["status"] == "open"


def test_an_inspector_cannot_escalate(client, auth, hazard, people):
    auth.login("inspector")
    response = client.post(f"/api/v1/hazards/{hazard.uuid}/events", headers=auth.headers(),
                           json=event_document("escalated"))
    assert (response.status_code, response.get_json()["error"]["code"]) == (403, "role_may_not_record")
    assert client.get(f"/api/v1/hazards/{hazard.uuid}").get_json()["escalated"] is False

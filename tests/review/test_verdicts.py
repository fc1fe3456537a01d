"""Approving and returning an inspection in the back office: bad input first, then the verdicts and pull."""
import re

from safety.extensions import db
from safety.inspections.models import Inspection
from tests.factories import make_inspection


def _state(inspection) -> str:
    db.session.refresh(inspection)
    return inspection.review_state


def _submitted(park, enterprise="steel", inspector="north"):
    return make_inspection(park["enterprises"][enterprise], park["users"][inspector], park["version"])


def test_returning_without_a_comment_is_400_and_changes_nothing(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    response = auth.post_form(f"/review/{inspection.uuid}/return", {"comment": "   "})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-code="comment_required"' in page
    assert "Say what the inspector should amend." in page
    assert _state(inspection) == "submitted"


def test_a_verdict_without_the_csrf_token_is_refused(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    response = client.post(f"/review/{inspection.uuid}/approve")
    assert response.status_code == 400
    assert _state(inspection) == "submitted"


def test_approving_records_the_reviewer_and_the_time(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    response = auth.post_form(f"/review/{inspection.uuid}/approve")
    assert response.status_code == 302
    assert _state(inspection) == "approved"
    assert inspection.reviewed_by_id == park["users"]["chief"].id
    assert inspection.reviewed_at is not None


def test_approving_twice_is_409_review_already_decided(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    assert auth.post_form(f"/review/{inspection.uuid}/approve").status_code == 302
    again = auth.post_form(f"/review/{inspection.uuid}/approve")
    assert again.status_code == 409
    assert 'data-code="review_already_decided"' in again.get_data(as_text=True)


def test_returning_an_approved_inspection_is_409(client, auth, park):
    inspection = _submitted(park)
    inspection.review_state = "approved"
    auth.login("chief")
    response = auth.post_form(f"/review/{inspection.uuid}/return", {"comment": "补拍照片"})
    assert response.status_code == 409
    assert _state(inspection) == "approved"
    assert inspection.review_comment == ""


def test_returning_keeps_the_comment_and_the_page_shows_it(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    response = auth.post_form(f"/review/{inspection.uuid}/return", {"comment": "灭火器照片不清楚，请补拍"})
    assert response.status_code == 302  # on to the next inspection awaiting review (tests/review/test_after_the_verdict)
    assert "灭火器照片不清楚，请补拍" in client.get(f"/review/{inspection.uuid}").get_data(as_text=True)
    assert _state(inspection) == "returned"
    assert inspection.review_comment == "灭火器照片不清楚，请补拍"


def test_a_supervisor_of_another_jurisdiction_may_neither_read_nor_decide(client, auth, park):
    inspection = _submitted(park, enterprise="chem", inspector="south")
    auth.login("north_chief")
    assert client.get(f"/review/{inspection.uuid}").status_code == 403
    assert auth.post_form(f"/review/{inspection.uuid}/approve").status_code == 403
    assert auth.post_form(f"/review/{inspection.uuid}/return", {"comment": "x"}).status_code == 403
    assert _state(inspection) == "submitted"


def test_an_unknown_or_malformed_uuid(client, auth, park):
    auth.login("chief")
    assert client.get("/review/7b0c2a52-8f0e-4c7a-9a51-1d1c1b0f0e11").status_code == 404
    assert client.get("/review/not-a-uuid").status_code == 400


def test_an_inspector_may_not_review_even_their_own_inspection(client, auth, park):
    inspection = _submitted(park)
    auth.login("north")
    assert client.get(f"/review/{inspection.uuid}").status_code == 403
    assert auth.post_form(f"/review/{inspection.uuid}/approve").status_code == 403
    assert _state(inspection) == "submitted"


def test_a_returned_inspection_reaches_its_inspector_through_a_delta_pull(client, auth, park):
    inspection = _submitted(park)
    auth.login("north")
    cursor = client.get("/api/v1/sync/pull").get_json()["cursor"]
    auth.login("chief")
    auth.post_form(f"/review/{inspection.uuid}/return", {"comment": "请补充整改措施"})
    auth.login("north")
    delta = client.get("/api/v1/sync/pull", query_string={"since": cursor}).get_json()
    assert delta["full"] is False
    assert delta["inspections"] == [{"uuid": inspection.uuid, "review_state": "returned",
                                     "review_comment": "请补充整改措施"}]
    # Nothing changed since: the next delta does not send it again.
    again = client.get("/api/v1/sync/pull", query_string={"since": delta["cursor"]}).get_json()
    assert again["inspections"] == []


def test_the_verdict_form_is_offered_only_while_the_inspection_awaits_review(client, auth, park):
    inspection = _submitted(park)
    auth.login("chief")
    page = client.get(f"/review/{inspection.uuid}").get_data(as_text=True)
    assert re.search(r'action="/review/[^"]+/approve"', page)
    inspection.review_state = "approved"
    page = client.get(f"/review/{inspection.uuid}").get_data(as_text=True)
    assert not re.search(r'action="/review/[^"]+/approve"', page)
    assert db.session.get(Inspection, inspection.id).review_state == "approved"

"""What a reviewer meets around a verdict: the next inspection awaiting review after one, signatures in their
own labelled place rather than among the photos, and queue cards whose numbers say what they count."""
import re
from datetime import UTC, datetime, timedelta

from safety.extensions import db
from safety.hazards.operations import record_hazard_event
from tests.factories import make_hazard, make_inspection, make_photo, make_user
from tests.hazards.conftest import event_document


def _finished(park, hours_ago: int, enterprise="steel", inspector="north"):
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    return make_inspection(park["enterprises"][enterprise], park["users"][inspector], park["version"],
                           started_at=at - timedelta(hours=1), finished_at=at)


def test_a_verdict_opens_the_next_inspection_awaiting_review(client, auth, park):
    newest, older = _finished(park, 1), _finished(park, 5)
    _finished(park, 3).review_state = "approved"
    auth.login("chief")
    response = auth.post_form(f"/review/{newest.uuid}/approve")
    assert response.headers["Location"].endswith(f"/review/{older.uuid}")


def test_returning_also_goes_on_to_the_next_one(client, auth, park):
    first, second = _finished(park, 1), _finished(park, 2)
    auth.login("chief")
    response = auth.post_form(f"/review/{first.uuid}/return", {"comment": "补拍照片"})
    assert response.headers["Location"].endswith(f"/review/{second.uuid}")


def test_the_next_one_is_within_the_reviewers_jurisdiction(client, auth, park):
    mine = _finished(park, 2)
    _finished(park, 1, enterprise="chem", inspector="south")  # newer, but in the south grid
    last = _finished(park, 3)
    auth.login("north_chief")
    response = auth.post_form(f"/review/{mine.uuid}/approve")
    assert response.headers["Location"].endswith(f"/review/{last.uuid}")


def test_after_the_last_one_the_queue_says_none_is_left(client, auth, park):
    only = _finished(park, 1)
    auth.login("chief")
    response = auth.post_form(f"/review/{only.uuid}/approve", follow_redirects=True)
    assert response.request.path == "/review/"
    page = response.get_data(as_text=True)
    assert "The inspection has been approved." in page and "No inspection awaits review any more." in page


def test_a_hazard_steps_signature_is_labelled_apart_from_the_photos(client, auth, park):
    inspection = _finished(park, 30)
    steel = park["enterprises"]["steel"]
    hazard = make_hazard(steel, inspection_id=inspection.id, description="灭火器压力不足")
    firm = make_user("enterprise", username="firm", enterprise=steel, display_name="钱师傅")
    fix, signature = make_photo(firm), make_photo(firm)
    record_hazard_event(firm, hazard.uuid, event_document("rectification_reported", [fix.uuid], signature=signature.uuid,
                                                          signed_by="钱师傅"))
    db.session.commit()
    auth.login("chief")
    page = client.get(f"/review/{inspection.uuid}").get_data(as_text=True)
    gallery = page.split('class="card gallery-card"')[1].split("</section>")[0]
    assert f'data-photo="{fix.uuid}"' in gallery and signature.uuid not in gallery
    signed = page.split('class="card step-signatures"')[1].split("</section>")[0]
    assert "Signatures on the later steps of its hazards" in signed
    entry = signed.split(f'data-photo="{signature.uuid}"')[1].split("</li>")[0]
    assert "<strong>Rectification reported</strong> · signed by 钱师傅" in entry
    assert hazard.number in entry and "灭火器压力不足" in entry


def test_a_queue_card_says_what_its_number_counts(client, auth, park):
    inspection = _finished(park, 1)
    make_hazard(park["enterprises"]["steel"], inspection_id=inspection.id)
    _finished(park, 2)
    auth.login("chief")
    page = client.get("/review/").get_data(as_text=True)
    cells = re.findall(r'<td class="hazards">\s*(?:\{#.*?#\}\s*)?(.*?)\s*</td>', page, re.S)
    assert cells == ["1 hazard found", "0 hazards found"]

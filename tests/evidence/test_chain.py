"""Each hazard's events are a hash chain, and ``flask verify-evidence`` names whatever no longer matches."""
import os
from datetime import date, timedelta

from sqlalchemy import select, update

from safety.common.office_time import office_today
from safety.evidence.chain import GENESIS
from safety.evidence.verify import verify_evidence
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.photos.storage import get_photo_store


def test_every_event_is_sealed_to_the_one_before_it(recorded):
    _uuid, events, photos = recorded
    assert [event.type for event in events] == ["found", "rectification_reported", "recheck_passed"]
    assert events[0].previous_hash == GENESIS
    assert events[1].previous_hash == events[0].record_hash
    assert events[2].previous_hash == events[1].record_hash
    assert len({event.record_hash for event in events}) == 3


def test_an_intact_record_verifies_with_exit_status_zero(recorded, runner):
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 0, result.output
    assert "Evidence intact: 1 hazards, 3 events, 5 photos" in result.output


def test_one_byte_changed_in_a_note_is_named(recorded, runner):
    _uuid, events, _photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[1].id).values(note="杂物已清理."))
    db.session.commit()
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1
    number = db.session.scalar(select(Hazard.number))
    assert (f"event_changed: hazard {number}, event 2 of 3 (rectification_reported {events[1].uuid})"
            in result.output)
    assert "Evidence NOT intact: 1 breaks" in result.output


def test_a_photo_swapped_in_the_record_breaks_its_event(recorded):
    _uuid, events, photos = recorded
    from safety.photos.models import Photo
    db.session.execute(update(Photo).where(Photo.id == photos["signature"].id)
                       .values(sha256=photos["fix"].sha256))
    db.session.commit()
    kinds = [(found.kind, found.where) for found in verify_evidence().breaks]
    assert ("event_changed", kinds[0][1]) in kinds and "event 2 of 3" in kinds[0][1]


def test_one_photo_file_changed_or_missing_is_named(recorded, runner):
    _uuid, _events, photos = recorded
    store = get_photo_store()
    path = store._path(photos["fix"].sha256, "original")
    with open(path, "r+b") as original:
        original.seek(-3, os.SEEK_END)
        byte = original.read(1)
        original.seek(-3, os.SEEK_END)
        original.write(bytes([byte[0] ^ 1]))
    os.remove(store._path(photos["found"].sha256, "original"))
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1
    assert (f"photo_changed: photo {photos['fix'].uuid}: the stored original no longer hashes to "
            f"{photos['fix'].sha256}") in result.output
    assert f"photo_missing: photo {photos['found'].uuid}: no original stored under {photos['found'].sha256}" \
        in result.output
    assert "event_changed" not in result.output  # the record itself is as it was


def test_a_removed_event_breaks_the_chain_at_the_next_one(recorded, runner):
    _uuid, events, _photos = recorded
    from safety.photos.models import Photo
    db.session.execute(update(Photo).where(Photo.hazard_event_id == events[1].id).values(hazard_event_id=None))
    db.session.execute(HazardEvent.__table__.delete().where(HazardEvent.id == events[1].id))
    db.session.commit()
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1
    assert f"chain_broken: hazard {db.session.scalar(select(Hazard.number))}, event 2 of 2 (recheck_passed" \
        in result.output


def test_a_chain_rewritten_consistently_is_caught_by_the_sealed_day(recorded, runner):
    """Whoever edits an event and recomputes every hash after it still differs from the day's digest."""
    hazard_uuid, events, _photos = recorded
    sealed = runner.invoke(args=["seal-evidence", "--day", office_today().isoformat()])
    assert sealed.exit_code == 0, sealed.output
    from safety.evidence.chain import EventEvidence, record_hash
    from safety.evidence.verify import _evidence_of
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[2].id).values(note="复查不合格"))
    db.session.commit()
    db.session.expire_all()
    event = db.session.get(HazardEvent, events[2].id)
    event.record_hash = record_hash(hazard_uuid, event, _evidence_of([event.id]).get(event.id, EventEvidence()),
                                    event.previous_hash)
    db.session.commit()
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1
    number = db.session.scalar(select(Hazard.number))
    assert f"hazard_differs_from_digest: hazard {number}: its chain at the end of {office_today()}" in result.output
    assert "event_changed" not in result.output


def test_only_the_enterprise_asked_for_is_checked(recorded, runner, grid):
    from tests.factories import make_enterprise
    other = make_enterprise(grid=grid, code="E0002")
    db.session.commit()
    _uuid, events, _photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[0].id).values(role="supervisor"))
    db.session.commit()
    assert runner.invoke(args=["verify-evidence", "--enterprise", other.code]).exit_code == 0
    assert runner.invoke(args=["verify-evidence", "--enterprise", "E0001"]).exit_code == 1
    unknown = runner.invoke(args=["verify-evidence", "--enterprise", "NOPE"])
    assert unknown.exit_code == 2 and "No enterprise with the code NOPE" in unknown.output


def test_since_checks_hazards_with_events_from_that_day(recorded, runner):
    _uuid, events, _photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[0].id).values(note="x"))
    db.session.commit()
    later = (office_today() + timedelta(days=1)).isoformat()
    result = runner.invoke(args=["verify-evidence", "--since", later])
    assert result.exit_code == 0 and "0 hazards" in result.output
    assert runner.invoke(args=["verify-evidence", "--since", office_today().isoformat()]).exit_code == 1
    bad = runner.invoke(args=["verify-evidence", "--since", "2026-13-01"])
    assert bad.exit_code == 2


def test_an_unsealed_event_is_named(recorded, runner):
    _uuid, events, _photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[2].id).values(record_hash=None))
    db.session.commit()
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1 and "event_unsealed" in result.output and "event 3 of 3" in result.output


def test_a_hazard_found_on_the_spot_seals_the_fix_with_its_photos(client, auth, enterprise, inspector):
    from tests.factories import inspection_document, make_photo, make_template
    found, fixed = make_photo(inspector), make_photo(inspector)
    version = make_template(items=2).versions[0]
    document = inspection_document(enterprise, version)
    document["answers"][0].update(result="fail", photos=[make_photo(inspector).uuid])
    document["hazards"] = [{"uuid": "5b1f0a52-6a34-4a57-8f0b-9d2b1e7c3a11",
                            "item_id": document["answers"][0]["item_id"],
                            "description": "灭火器过期", "level": "general", "mode": "on_the_spot",
                            "responsible_person": "", "measures": "", "deadline": None, "photos": [found.uuid],
                            "rectification_photos": [fixed.uuid]}]
    auth.login("inspector")
    assert client.post("/api/v1/inspections", json=document, headers=auth.headers()).status_code == 201
    report = verify_evidence()
    assert report.intact, report.breaks
    assert (report.hazards, report.events, report.photos) == (1, 3, 3)


def test_one_document_changed_in_the_database_is_named(recorded, runner):
    """A document's frozen content is sealed with its day: one character changed afterwards is named by number."""
    from safety.documents.models import Document
    from safety.documents.operations import issue_recheck_opinion
    from tests.factories import make_user
    _uuid, events, _photos = recorded
    boss = make_user("supervisor", username="boss")
    document, _created = issue_recheck_opinion(boss, event=db.session.get(HazardEvent, events[2].id))
    db.session.commit()
    document_id, reference, kind, content = document.id, document.reference, document.kind, dict(document.content)
    assert runner.invoke(args=["seal-evidence", "--day", office_today().isoformat()]).exit_code == 0
    assert runner.invoke(args=["verify-evidence"]).exit_code == 0
    content["checks"] = [{**check, "note": check["note"] + "。"} for check in content["checks"]]
    db.session.execute(update(Document).where(Document.id == document_id).values(content=content))
    db.session.commit()
    result = runner.invoke(args=["verify-evidence"])
    assert result.exit_code == 1
    assert f"document_changed: document {reference} ({kind}, id {document_id})" in result.output
    assert "event_changed" not in result.output and "photo_" not in result.output

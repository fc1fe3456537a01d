"""record_hazard_event: the domain function behind the event API and the back office's buttons."""
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from safety.common.errors import DomainError, Forbidden
from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.hazards.operations import record_hazard_event
from safety.hazards.serialize import event_json, hazard_detail_json, reason_text
from safety.photos.models import Photo
from tests.factories import make_photo
from tests.hazards.conftest import event_document, found_hazard


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(HazardEvent))


def test_the_enterprise_reports_rectification_with_photos_and_its_signature(hazard, enterprise_user):
    photo, signature = make_photo(enterprise_user), make_photo(enterprise_user)
    data = event_document("rectification_reported", [photo.uuid], note="已清理", signed_by="赵安全",
                          signature=signature.uuid)
    event, created = record_hazard_event(enterprise_user, hazard.uuid, data)
    assert created and event.applied
    assert (hazard.status, event.from_status, event.to_status) == ("rectified", "open", "rectified")
    assert (event.role, event.signed_by, event.note) == ("enterprise", "赵安全", "已清理")
    assert (photo.purpose, photo.hazard_id, photo.hazard_event_id) == ("rectification", hazard.id, event.id)
    assert (signature.purpose, signature.hazard_id, signature.hazard_event_id) == ("signature", hazard.id, event.id)
    body = event_json(event)
    assert [p["uuid"] for p in body["photos"]] == [photo.uuid]
    assert body["signature"]["uuid"] == signature.uuid
    assert body["actor"] == "赵安全" and body["reason"] is None


def test_a_resent_event_is_answered_not_stored_again(hazard, inspector):
    data = event_document("comment", note="企业负责人不在")
    first, created = record_hazard_event(inspector, hazard.uuid, data)
    db.session.commit()
    again, created_again = record_hazard_event(inspector, hazard.uuid, dict(data))
    assert created and not created_again
    assert again.id == first.id
    assert _events() == 2  # found and the comment


def test_an_event_uuid_of_another_hazard_is_a_conflict(hazard, enterprise, inspector):
    data = event_document("comment", note="一")
    record_hazard_event(inspector, hazard.uuid, data)
    other = found_hazard(enterprise, inspector, item_key="fire-02")
    with pytest.raises(DomainError) as refused:
        record_hazard_event(inspector, other.uuid, data)
    assert (refused.value.status, refused.value.code, refused.value.field) == (409, "event_conflict", "uuid")


def test_a_failed_recheck_counts_and_sets_the_new_deadline(hazard, inspector):
    new_deadline = date.today() + timedelta(days=20)
    for n in range(2):
        record_hazard_event(inspector, hazard.uuid, event_document(
            "recheck_failed", [make_photo(inspector).uuid], new_deadline=new_deadline.isoformat()))
    assert (hazard.status, hazard.failed_recheck_count, hazard.deadline) == ("open", 2, new_deadline)
    assert hazard_detail_json(hazard)["needs_escalation"] is True


def test_a_supervisor_escalates(hazard, supervisor):
    event, _ = record_hazard_event(supervisor, hazard.uuid, event_document("escalated", note="移送执法大队"))
    assert event.applied and hazard.escalated and hazard.escalated_at == event.at
    assert hazard.status == "open"


def test_plan_set_changes_only_the_fields_it_gives(hazard, supervisor):
    deadline = date.today() + timedelta(days=30)
    event, _ = record_hazard_event(supervisor, hazard.uuid, event_document(
        "plan_set", responsible_person="孙厂长", measures=None, deadline=deadline.isoformat(), funds="5万元",
        emergency_plan="停用该区域", supervising_unit="区应急管理局",
        supervision_deadline=(deadline + timedelta(days=5)).isoformat()))
    assert event.applied
    assert (hazard.responsible_person, hazard.measures, hazard.deadline) == ("孙厂长", "清理杂物", deadline)
    assert (hazard.funds, hazard.emergency_plan, hazard.supervising_unit) == ("5万元", "停用该区域", "区应急管理局")
    assert hazard.supervision_deadline == deadline + timedelta(days=5)
    assert event.plan["deadline"] == deadline.isoformat() and "measures" not in event.plan


def test_a_major_hazard_closes_only_by_a_supervisors_verification(enterprise, inspector, supervisor):
    hazard = found_hazard(enterprise, inspector, level="major")
    record_hazard_event(inspector, hazard.uuid, event_document("rectification_reported", [make_photo(inspector).uuid]))
    record_hazard_event(inspector, hazard.uuid, event_document("recheck_passed", [make_photo(inspector).uuid]))
    assert hazard.status == "pending_verification" and hazard.closed_at is None
    with pytest.raises(Forbidden):
        record_hazard_event(inspector, hazard.uuid, event_document("verified"))
    assert hazard.status == "pending_verification" and [e.type for e in hazard.events][-1] == "recheck_passed"
    verified, _ = record_hazard_event(supervisor, hazard.uuid, event_document("verified", signed_by="王主任"))
    assert verified.applied and hazard.status == "closed" and hazard.closed_at == verified.at
    reopened, _ = record_hazard_event(supervisor, hazard.uuid, event_document("reopened", note="复查发现反弹"))
    assert reopened.applied and hazard.status == "open" and hazard.closed_at is None


def test_an_event_that_no_longer_fits_is_stored_with_a_reason_shown_in_the_readers_language(hazard, inspector,
                                                                                           enterprise_user):
    record_hazard_event(inspector, hazard.uuid, event_document("recheck_passed", [make_photo(inspector).uuid]))
    late = make_photo(enterprise_user)
    event, created = record_hazard_event(enterprise_user, hazard.uuid,
                                         event_document("rectification_reported", [late.uuid]))
    assert created and not event.applied
    assert (event.reason, event.from_status, event.to_status, hazard.status) == (
        "not_in_state", "closed", "closed", "closed")
    assert late.hazard_event_id == event.id  # its photos are kept with it
    with force_locale("en"):
        assert reason_text(event) == "A Rectification reported event does not apply to a hazard that is closed."
    with force_locale("zh_CN"):
        assert "已销号" in reason_text(event)


def test_an_event_type_the_role_may_never_record_is_refused_and_not_stored(hazard, enterprise_user):
    db.session.commit()
    revision = hazard.sync_rev
    with force_locale("en"), pytest.raises(Forbidden) as refused:
        record_hazard_event(enterprise_user, hazard.uuid, event_document("escalated"))
    assert (refused.value.status, refused.value.code, refused.value.field) == (403, "role_may_not_record", "type")
    assert refused.value.message == ("An account with the role Enterprise may not record Escalated at all. "
                                     "The event was refused and nothing was stored.")
    assert _events() == 1 and not hazard.escalated and hazard.sync_rev == revision


def test_a_stored_event_refused_for_its_role_before_the_rule_keeps_its_reason(hazard, enterprise_user):
    old = HazardEvent(uuid="6f0c5a8e-2b1d-4c3e-9f7a-1d2e3f4a5b6c", type="escalated", actor_id=enterprise_user.id,
                      role="enterprise", at=hazard.found_at, applied=False, reason="role_not_allowed",
                      from_status="open", to_status="open")
    hazard.events.append(old)
    db.session.flush()
    with force_locale("en"):
        assert reason_text(old) == "The role Enterprise may not record Escalated here."


def test_every_stored_event_bumps_the_hazards_revision(hazard, supervisor):
    db.session.commit()
    before = hazard.sync_rev
    record_hazard_event(supervisor, hazard.uuid, event_document("verified"))  # not applied, still news
    db.session.commit()
    assert hazard.sync_rev > before


def test_photos_must_be_uploaded_first_by_the_same_user(hazard, inspector, enterprise_user):
    missing = "0b7c2a4e-3f59-4d8e-9a51-6a1c2f0e9d11"
    with pytest.raises(DomainError) as refused:
        record_hazard_event(enterprise_user, hazard.uuid, event_document("rectification_reported", [missing]))
    assert (refused.value.status, refused.value.code, refused.value.field) == (409, "photo_missing", "photos[0]")
    someone_elses = make_photo(inspector)
    with pytest.raises(DomainError) as refused:
        record_hazard_event(enterprise_user, hazard.uuid,
                            event_document("rectification_reported", [someone_elses.uuid]))
    assert (refused.value.status, refused.value.code) == (403, "photo_not_yours")
    assert db.session.get(Photo, someone_elses.id).purpose is None


@pytest.mark.parametrize("at", ["0001-01-01T00:05:00+05:00", "9999-12-31T23:59:00-05:00"])
def test_a_time_that_falls_outside_the_calendar_in_utc_is_refused_new_or_resent(hazard, inspector, at):
    """Year 1 just after midnight at +05:00 is still year 0 in UTC, which no clock holds: once the server itself
    failed on it (500) when such a document came again under a stored event's UUID."""
    stored = event_document("comment", note="企业负责人不在")
    record_hazard_event(inspector, hazard.uuid, stored)
    db.session.commit()
    for data in (event_document("comment", at=at), {**stored, "at": at}):
        with pytest.raises(DomainError) as refused:
            record_hazard_event(inspector, hazard.uuid, data)
        assert refused.value.field == "at"
        db.session.rollback()
    assert _events() == 2  # found and the first comment

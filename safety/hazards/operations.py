"""Recording hazards: the state changes behind the hazard ledger and ``POST /api/v1/hazards/<uuid>/events``.

Every status change goes through :func:`safety.hazards.lifecycle.apply_event`.
Events the server derives from a synced document get UUIDs derived from the
hazard's UUID, so the same document sent again can never make other events.
An event sent by a phone or the back office is idempotent by its own UUID: the
unique constraint on ``hazard_events.uuid`` decides a race between an event and
its re-sent twin, and the view that loses rolls back and records it again,
which then answers the twin.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import event as orm_event, select, tuple_, update
from sqlalchemy.orm import Session

from safety.common.errors import Conflict, Forbidden
from safety.common.revisions import touch
from safety.extensions import db
from safety.hazards.lifecycle import apply_event, derived_event_uuid, refuse_unless_role_may_record
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.queries import get_event, get_hazard_for
from safety.hazards.validation import SIGNATURE_PURPOSE, EventDocument, parse_hazard_event
from safety.hazards.vocabulary import CLOSED, FOUND
from safety.photos.models import Photo
from safety.photos.queries import get_photos_by_uuid
from safety.users.models import User


def record_hazard_event(user: User, hazard_uuid: str, data: dict, now: datetime | None = None,
                        ) -> tuple[HazardEvent, bool]:
    """Record the hazard event document ``data`` by ``user``; answer ``(event, created)``.

    400 for a bad document, 404 for an unknown hazard, 403 outside the user's scope,
    409 for photos not uploaded yet (``photo_missing``) or already evidence elsewhere,
    and for an event UUID already stored on another hazard. An event UUID already
    stored on this hazard answers that event (``created`` False). An event type the
    user's role may never record is refused, 403 ``role_may_not_record``, with nothing
    stored and its photos left unattached. Otherwise the event is appended with its
    photos, applied when the life-cycle table allows it and stored as not applied,
    with the reason, when it does not fit the hazard's state. Flushed, never committed.
    """
    document = parse_hazard_event(data, now)
    hazard = get_hazard_for(user, hazard_uuid)
    existing = get_event(document.uuid)
    if existing is not None:
        return _as_resend(existing, hazard), False
    refuse_unless_role_may_record(user.role, document.type)
    _lock(hazard)
    try:
        photos = _photos_to_attach(user, document)
    except Conflict:
        # A photo "already attached" may be attached by this very event, stored by its twin meanwhile.
        twin = get_event(document.uuid)
        if twin is not None:
            return _as_resend(twin, hazard), False
        raise
    event = apply_event(hazard, document.type, user, user.role, document.at, note=document.note,
                        new_deadline=document.new_deadline, uuid=document.uuid, signed_by=document.signed_by,
                        plan=document.plan)
    touch(hazard)  # even an event not applied changes what phones show of the hazard (its last step)
    db.session.flush()
    for photo_uuid in document.photos:
        _attach(photos[photo_uuid], document.photo_purpose, hazard, event)
    if document.signature:
        _attach(photos[document.signature], SIGNATURE_PURPOSE, hazard, event)
    db.session.flush()
    return event, True


def _as_resend(event: HazardEvent, hazard: Hazard) -> HazardEvent:
    if event.hazard_id != hazard.id:
        raise Conflict("event_conflict", _("Another hazard already has an event with this UUID."), field="uuid")
    return event


def _lock(hazard: Hazard) -> None:
    """Take the hazard's row for this transaction and read it afresh.

    Two phones' events on one hazard are then applied one after the other, each to the
    status the other left. An UPDATE rather than SELECT ... FOR UPDATE, because SQLite
    has no row locks: there the write takes the database's write lock instead.
    """
    db.session.execute(update(Hazard).where(Hazard.id == hazard.id).values(sync_rev=Hazard.sync_rev)
                       .execution_options(synchronize_session=False))
    db.session.refresh(hazard)


def _photos_to_attach(user: User, document: EventDocument) -> dict[str, Photo]:
    references = [(photo_uuid, f"photos[{n}]") for n, photo_uuid in enumerate(document.photos)]
    if document.signature:
        references.append((document.signature, "signature"))
    photos = get_photos_by_uuid((photo_uuid for photo_uuid, _field in references), lock=True)
    missing = [(photo_uuid, field) for photo_uuid, field in references if photo_uuid not in photos]
    if missing:
        raise Conflict("photo_missing",
                       _("These photos have not been uploaded yet: %(uuids)s. Upload them first, "
                         "then send the event again.", uuids=", ".join(u for u, _f in missing)), field=missing[0][1])
    for photo_uuid, field in references:
        photo = photos[photo_uuid]
        if photo.uploader_id != user.id:
            raise Forbidden("photo_not_yours", _("Photo %(uuid)s was uploaded by someone else.", uuid=photo.uuid),
                            field=field)
        if photo.purpose is not None or any(value is not None for value in (
                photo.answer_id, photo.hazard_id, photo.hazard_event_id, photo.inspection_id)):
            raise Conflict("photo_already_attached",
                           _("Photo %(uuid)s is already evidence in another record.", uuid=photo.uuid), field=field)
    return photos


def _attach(photo: Photo, purpose: str, hazard: Hazard, event: HazardEvent) -> None:
    photo.purpose = purpose
    photo.hazard_id = hazard.id
    photo.hazard_event_id = event.id


def record_found_hazard(*, hazard_uuid: str, enterprise_id: int, inspection_id: int | None, item_id: int | None,
                        item_key: str | None, description: str, level: str, mode: str, responsible_person: str, measures: str,
                        deadline: date | None, actor: User, role: str, found_at: datetime,
                        ) -> tuple[Hazard, HazardEvent]:
    """A new hazard with its `found` event (the first signature of the closure chain: who inspected).

    The hazard is added to the session, not flushed: a document's hazards are inserted
    together at the caller's flush, which also decides whether each is recurring
    (:func:`_flag_recurring`). Answers ``(hazard, found_event)``.
    """
    hazard = Hazard(uuid=hazard_uuid, enterprise_id=enterprise_id, inspection_id=inspection_id,
                    item_id=item_id, item_key=item_key,
                    description=description, level=level, mode=mode, responsible_person=responsible_person,
                    measures=measures, deadline=deadline, found_at=found_at, found_by_id=actor.id)
    db.session.add(hazard)
    found = apply_event(hazard, FOUND, actor, role, found_at, uuid=derived_event_uuid(hazard_uuid, FOUND))
    return hazard, found


@orm_event.listens_for(Session, "before_flush")
def _flag_recurring(session: Session, flush_context, instances) -> None:
    """反复出现: a new hazard is recurring when another hazard of its enterprise and item is not closed.

    Decided at flush for all the new hazards at once, one statement however many an
    inspection found. Hazards flushed together do not count against each other: they
    were found in the same visit.
    """
    new = [obj for obj in session.new if isinstance(obj, Hazard) and obj.recurring is None]
    keyed = [hazard for hazard in new if hazard.item_key is not None]
    pairs = {(hazard.enterprise_id, hazard.item_key) for hazard in keyed}
    unclosed = set()
    if pairs:
        unclosed = set(session.execute(
            select(Hazard.enterprise_id, Hazard.item_key).distinct()
            .where(tuple_(Hazard.enterprise_id, Hazard.item_key).in_(pairs), Hazard.status != CLOSED)).tuples())
    for hazard in new:
        hazard.recurring = (hazard.enterprise_id, hazard.item_key) in unclosed


def record_rectified_on_the_spot(hazard: Hazard, actor: User, role: str, at: datetime,
                                 ) -> tuple[HazardEvent, HazardEvent]:
    """The on-the-spot fix (立即整改) seen by the inspector who found it: `rectification_reported`
    then `recheck_passed`, which closes a general hazard and leaves a major one pending verification."""
    reported = apply_event(hazard, "rectification_reported", actor, role, at,
                           uuid=derived_event_uuid(hazard.uuid, "rectification_reported"))
    accepted = apply_event(hazard, "recheck_passed", actor, role, at,
                           uuid=derived_event_uuid(hazard.uuid, "recheck_passed"))
    return reported, accepted

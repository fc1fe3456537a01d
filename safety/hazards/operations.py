"""Recording hazards: the state changes behind the hazard ledger and ``POST /api/v1/hazards/<uuid>/events``.

Every status change goes through :func:`safety.hazards.lifecycle.apply_event`.
The hazards an inspection finds are recorded by :func:`record_found_hazard`; the
inspection's store then decides, before inserting them, whether they are recurring
(:func:`flag_recurring`) and gives them their readable numbers (:func:`number_hazards`).
Events the server derives from a synced document get UUIDs derived from the
hazard's UUID, so the same document sent again can never make other events.
An event sent by a phone or the back office is idempotent by its own UUID: the
unique constraint on ``hazard_events.uuid`` decides a race between an event and
its re-sent twin, and the view that loses rolls back and records it again,
which then answers the twin.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_, update

from safety.common.errors import Conflict, DomainError
from safety.common.numbering import number_at_commit
from safety.common.office_time import office_zone
from safety.common.revisions import touch
from safety.evidence.chain import EventEvidence
from safety.extensions import db
from safety.hazards.lifecycle import apply_event, derived_event_uuid, refuse_unless_role_may_record
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.queries import get_event, get_hazard_for
from safety.hazards.validation import SIGNATURE_PURPOSE, EventDocument, parse_hazard_event
from safety.hazards.vocabulary import CLOSED, FOUND, PLAN_SET
from safety.inspections.validation import HazardDocument
from safety.photos.models import Photo
from safety.photos.operations import PhotoClaim, attach_photo, claim_photos
from safety.users.models import User

# Told to a phone whose event names photos it has not uploaded yet.
PHOTOS_FIRST = _l("These photos have not been uploaded yet: %(uuids)s. Upload them first, "
                  "then send the event again.")
# Told to whoever sends another body under the UUID of an event already stored.
EVENT_CONTENT_CONFLICT = _l("An event with this UUID is already stored with different content. Nothing was "
                            "stored: keep this record and report it to the office.")


def record_hazard_event(user: User, hazard_uuid: str, data: dict, now: datetime | None = None,
                        ) -> tuple[HazardEvent, bool]:
    """Record the hazard event document ``data`` by ``user``; answer ``(event, created)``.

    400 for a bad document, 404 for an unknown hazard, 403 outside the user's scope,
    409 for photos not uploaded yet (``photo_missing``) or already evidence elsewhere,
    and for an event UUID already stored with another body, by another user or on
    another hazard. The same event sent again answers the stored one (``created``
    False). An event type the user's role may never record is refused, 403
    ``role_may_not_record``, with nothing stored and its photos left unattached.
    Otherwise the event is appended with its photos, applied when the life-cycle
    table allows it and stored as not applied, with the reason, when it does not fit
    the hazard's state. Flushed, never committed.
    """
    document = parse_hazard_event(data, now)
    hazard = get_hazard_for(user, hazard_uuid)
    existing = get_event(document.uuid)
    if existing is not None:
        return _as_resend(existing, hazard, user, document), False
    refuse_unless_role_may_record(user.role, document.type)
    _lock(hazard)
    try:
        photos = claim_photos(user, _photo_claims(document), missing_message=PHOTOS_FIRST)
    except Conflict:
        # A photo "already attached" may be attached by this very event, stored by its twin meanwhile.
        twin = get_event(document.uuid)
        if twin is not None:
            return _as_resend(twin, hazard, user, document), False
        raise
    befores = _before_photos(hazard, document)
    evidence = EventEvidence(tuple(photos[photo_uuid].sha256 for photo_uuid in document.photos),
                             photos[document.signature].sha256 if document.signature else None,
                             tuple((photos[after].sha256, befores[after].sha256) for after, _b in document.photo_pairs))
    event = apply_event(hazard, document.type, user, user.role, document.at, note=document.note,
                        new_deadline=document.new_deadline, uuid=document.uuid, signed_by=document.signed_by,
                        plan=document.plan, evidence=evidence)
    event.content_hash = document.content_hash
    touch(hazard)  # even an event not applied changes what phones show of the hazard (its last step)
    db.session.flush()
    for photo_uuid in document.photos:
        attach_photo(photos[photo_uuid], document.photo_purpose, hazard_id=hazard.id, hazard_event_id=event.id)
    for after, _before in document.photo_pairs:
        photos[after].before_photo_id = befores[after].id
    if document.signature:
        attach_photo(photos[document.signature], SIGNATURE_PURPOSE, hazard_id=hazard.id, hazard_event_id=event.id)
    db.session.flush()
    return event, True


def _before_photos(hazard: Hazard, document: EventDocument) -> dict[str, Photo]:
    """The earlier photo each paired photo of ``document`` answers, by the paired photo's UUID: 400
    ``before_not_of_hazard`` for one that is not evidence of this hazard already."""
    if not document.photo_pairs:
        return {}
    wanted = {before for _after, before in document.photo_pairs}
    found = {photo.uuid: photo for photo in db.session.scalars(select(Photo).where(Photo.uuid.in_(wanted)))}
    befores = {}
    for n, (after, before) in enumerate(document.photo_pairs):
        photo = found.get(before)
        if photo is None or photo.hazard_id != hazard.id:
            raise DomainError("before_not_of_hazard",
                              _("Photo %(uuid)s is not a photo of this hazard: an after photo can only answer one of "
                                "the hazard's own earlier photos.", uuid=before), field=f"photo_pairs[{n}].before")
        befores[after] = photo
    return befores


def _as_resend(event: HazardEvent, hazard: Hazard, user: User, document: EventDocument) -> HazardEvent:
    """The stored event, when ``document`` from ``user`` is what it holds; otherwise a 409 that names the UUID."""
    if event.hazard_id != hazard.id:
        raise Conflict("event_conflict", _("Another hazard already has an event with this UUID."), field="uuid")
    if event.actor_id != user.id:
        raise Conflict("event_conflict", _("Another user already recorded an event with this UUID."), field="uuid")
    same = (event.content_hash == document.content_hash if event.content_hash is not None
            else _holds(event, document))
    if not same:
        raise Conflict("event_conflict", str(EVENT_CONTENT_CONFLICT), field="uuid")
    return event


def _holds(event: HazardEvent, document: EventDocument) -> bool:
    """Whether an event without a content hash (stored before it was kept, or derived by the server) is
    ``document``: its row, and its photos regardless of order (they are listed in upload order)."""
    plan = {name: value.isoformat() if isinstance(value, date) else value for name, value in document.plan.items()}
    if ((event.type, event.at, event.note, event.new_deadline, event.signed_by, event.plan or {})
            != (document.type, document.at, document.note, document.new_deadline, document.signed_by, plan)):
        return False
    sent = {(photo_uuid, document.photo_purpose) for photo_uuid in document.photos}
    if document.signature:
        sent.add((document.signature, SIGNATURE_PURPOSE))
    stored = db.session.execute(select(Photo.uuid, Photo.purpose).where(Photo.hazard_event_id == event.id)).tuples()
    return set(stored) == sent


def _lock(hazard: Hazard) -> None:
    """Take the hazard's row for this transaction and read it afresh.

    Two phones' events on one hazard are then applied one after the other, each to the
    status the other left. An UPDATE rather than SELECT ... FOR UPDATE, because SQLite
    has no row locks: there the write takes the database's write lock instead.
    """
    db.session.execute(update(Hazard).where(Hazard.id == hazard.id).values(sync_rev=Hazard.sync_rev)
                       .execution_options(synchronize_session=False))
    db.session.refresh(hazard)


def _photo_claims(document: EventDocument) -> list[PhotoClaim]:
    claims = [PhotoClaim(photo_uuid, f"photos[{n}]") for n, photo_uuid in enumerate(document.photos)]
    if document.signature:
        claims.append(PhotoClaim(document.signature, "signature"))
    return claims


@dataclass(frozen=True)
class Visit:
    """Where, when and by whom hazards were found: the inspection's enterprise and the inspector."""

    enterprise_id: int
    inspection_id: int | None  # None for a hazard recorded outside an inspection
    finder: User
    at: datetime  # the phone's clock when the inspection finished


@dataclass(frozen=True)
class RecordedHazard:
    """A hazard just found, with the events its photos are evidence of."""

    hazard: Hazard
    found: HazardEvent
    rectification: HazardEvent | None  # the report of a fix on the spot; None for a hazard left for later


def record_found_hazard(document: HazardDocument, visit: Visit, template_item_id: int | None = None,
                        photo_sha256: Mapping[str, str] | None = None) -> RecordedHazard:
    """A new hazard with its `found` event (the first signature of the closure chain: who inspected).

    A hazard fixed on the spot (立即整改) is rectified and re-checked by its finder at once:
    closed when general, pending verification when major. ``template_item_id`` is the id of
    the item the document's ``item_id`` names, in the template version the inspection used.

    ``photo_sha256`` maps the UUIDs of the document's photos to their SHA-256, sealed into the events the
    caller attaches them to (the hazard's photos to `found`, those of the fix to the rectification report).

    The hazard is added to the session, not flushed: a visit's hazards are inserted together,
    once the caller has decided whether they are recurring (:func:`flag_recurring`).
    """
    finder = visit.finder
    hazard = Hazard(uuid=document.uuid, enterprise_id=visit.enterprise_id, inspection_id=visit.inspection_id,
                    item_id=template_item_id, item_key=document.item_id, description=document.description,
                    level=document.level, mode=document.mode, responsible_person=document.responsible_person,
                    measures=document.measures, deadline=document.deadline, found_at=visit.at,
                    found_by_id=finder.id, onsite_measure=document.onsite_measure)
    db.session.add(hazard)
    sha256 = photo_sha256 or {}
    found = apply_event(hazard, FOUND, finder, finder.role, visit.at, uuid=derived_event_uuid(hazard.uuid, FOUND),
                        evidence=EventEvidence(tuple(sha256[photo_uuid] for photo_uuid in document.photos)))
    rectification = None
    if document.mode == "on_the_spot":
        fix = EventEvidence(tuple(sha256[photo_uuid] for photo_uuid in document.rectification_photos))
        rectification = _rectified_on_the_spot(hazard, finder, visit.at, fix)
    return RecordedHazard(hazard, found, rectification)


# The three fixes (三定) an amended revision of an inspection may change on a hazard it carries over.
AMENDABLE_PLAN = ("responsible_person", "measures", "deadline")


def amend_carried_plan(hazard: Hazard, document: HazardDocument, amender: User, at: datetime,
                       revision_uuid: str) -> HazardEvent | None:
    """A hazard carried into an amended revision of its inspection (退回后修改) with other three fixes than it holds:
    a ``plan_set`` event by the inspector who amended it, so the ledger follows the revision. None when the
    revision leaves them as they are. Applied when the hazard is still open, otherwise stored as not applied with
    the reason, as any event that no longer fits the hazard's state. Its UUID is derived from the hazard and the
    revision: the revision is stored once, and so is the event."""
    if document.mode != "deadline":
        return None
    plan = {name: getattr(document, name) for name in AMENDABLE_PLAN if getattr(document, name) != getattr(hazard, name)}
    if not plan:
        return None
    _lock(hazard)
    event = apply_event(hazard, PLAN_SET, amender, amender.role, at, plan=plan,
                        uuid=derived_event_uuid(hazard.uuid, f"{PLAN_SET}:{revision_uuid}"))
    touch(hazard)
    return event


def _rectified_on_the_spot(hazard: Hazard, finder: User, at: datetime, evidence: EventEvidence) -> HazardEvent:
    """The fix seen by the inspector who found it: `rectification_reported` then `recheck_passed`.
    Answers the report, which the photos of the fix are evidence of."""
    reported = apply_event(hazard, "rectification_reported", finder, finder.role, at,
                           uuid=derived_event_uuid(hazard.uuid, "rectification_reported"), evidence=evidence)
    apply_event(hazard, "recheck_passed", finder, finder.role, at,
                uuid=derived_event_uuid(hazard.uuid, "recheck_passed"))
    return reported


def flag_recurring(hazards: list[Hazard]) -> None:
    """反复出现: decide for new hazards, before they are flushed, whether each is recurring.

    A hazard is recurring when another hazard of its enterprise and item is not closed. One
    statement for all of a visit's hazards; they do not count against each other, since they
    were found in the same visit.
    """
    pairs = {(hazard.enterprise_id, hazard.item_key) for hazard in hazards if hazard.item_key is not None}
    unclosed = set()
    if pairs:
        # Without autoflush: inserted first, the new hazards would be found unclosed themselves.
        with db.session.no_autoflush:
            unclosed = set(db.session.execute(
                select(Hazard.enterprise_id, Hazard.item_key).distinct()
                .where(tuple_(Hazard.enterprise_id, Hazard.item_key).in_(pairs), Hazard.status != CLOSED)).tuples())
    for hazard in hazards:
        hazard.recurring = (hazard.enterprise_id, hazard.item_key) in unclosed


HAZARD_SERIES = "hazard"


def number_hazards(hazards: list[Hazard]) -> None:
    """Give new hazards their readable numbers (YH-2026-000123): per year of finding on the office's
    calendar, in the order they were found (a visit's hazards in the order given). The numbers are written
    when the transaction commits (safety.common.numbering.number_at_commit): the year's sequence is locked
    only for the commit, and until then ``number`` is None."""
    prefix = current_app.config["HAZARD_NUMBER_PREFIX"]
    zone = office_zone()
    by_year: dict[int, list[Hazard]] = {}
    for hazard in sorted(hazards, key=lambda hazard: hazard.found_at):
        by_year.setdefault(hazard.found_at.astimezone(zone).year, []).append(hazard)
    for year, found in sorted(by_year.items()):
        number_at_commit(db.session(), HAZARD_SERIES, year, prefix, found)

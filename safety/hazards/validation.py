"""The hazard event document of the sync contract, parsed and checked without the database.

:func:`parse_hazard_event` turns the JSON object a phone sends (or the back
office builds from a form) into an :class:`EventDocument`, or raises a
DomainError naming the offending field. Whether the event still fits the
hazard is not checked here: an event that no longer fits is stored, not refused.

Error codes: ``required``, ``invalid_type``, ``invalid_uuid``, ``invalid_choice``,
``invalid_datetime``, ``invalid_date``, ``too_long``, ``too_many``, ``time_in_future``,
``found_not_an_event``, ``deadline_before_event``, ``not_for_type``, ``photo_required``,
``photo_reused``, ``plan_empty``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from safety.common.canonical import content_hash
from safety.common.errors import DomainError
from safety.common.parsing import parse_iso_date
from safety.common.types import utcnow
from safety.hazards.lifecycle import PLAN_FIELDS
from safety.hazards.vocabulary import (
    API_EVENT_TYPES, FOUND, PLAN_SET, RECHECK_FAILED, RECHECK_PASSED, RECTIFICATION_REPORTED,
)
from safety.inspections.fields import (read_choice, read_optional_uuid, read_text, read_time, read_uuid,
                                       read_uuid_list)
from safety.inspections.validation import FUTURE_TOLERANCE, SHORT_TEXT

MAX_PHOTOS = 50
# What the photos of an event are evidence of (safety.photos.models.PURPOSES); other events carry none.
PHOTO_PURPOSES = {RECTIFICATION_REPORTED: "rectification", RECHECK_PASSED: "recheck", RECHECK_FAILED: "recheck"}
SIGNATURE_PURPOSE = "signature"
# The fix and its acceptance are shown, not just said (整改、复查须有照片为证).
PHOTO_REQUIRED = (RECTIFICATION_REPORTED, RECHECK_PASSED)
# The longest text each plan field holds (the hazards columns); None: long text.
PLAN_TEXT_LIMITS = {"responsible_person": SHORT_TEXT, "measures": None, "funds": 200, "emergency_plan": None,
                    "supervising_unit": 200}
PLAN_DATES = ("deadline", "supervision_deadline")


@dataclass(frozen=True)
class EventDocument:
    uuid: str
    type: str
    at: datetime  # the phone's clock, with its offset
    note: str
    photos: tuple[str, ...]
    new_deadline: date | None
    signed_by: str
    signature: str | None  # the photo UUID of a signature drawn on the phone
    plan: dict = field(default_factory=dict)  # plan_set: the fields given, dates as date
    # Before and after: (photo of this event, the earlier photo of the hazard it answers), taken over it on the phone.
    photo_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def photo_purpose(self) -> str | None:
        return PHOTO_PURPOSES.get(self.type)

    @property
    def content_hash(self) -> str:
        """What the event says, as a SHA-256 (safety.common.canonical): the same for a resend however it is
        written, other for another body under the same UUID."""
        return content_hash(self, leave_out=("uuid",))


def parse_hazard_event(data: dict, now: datetime | None = None) -> EventDocument:
    """Parse the contract's hazard event document; raise DomainError (400) at the first bad field."""
    now = now or utcnow()
    event_uuid = read_uuid(data.get("uuid"), "uuid")
    if data.get("type") == FOUND:
        raise DomainError("found_not_an_event",
                          _("A hazard is found by an inspection; send it with the inspection."), field="type")
    event_type = read_choice(data, "type", API_EVENT_TYPES)
    at = read_time(data, "at")
    if at > now + FUTURE_TOLERANCE:
        raise DomainError("time_in_future", _("at lies in the future; check the phone's date and time."), field="at")
    photos = read_uuid_list(data, "photos", "", MAX_PHOTOS)
    if photos and event_type not in PHOTO_PURPOSES:
        raise DomainError("not_for_type", _("Only a rectification report or a re-check carries photos."),
                          field="photos")
    if event_type in PHOTO_REQUIRED and not photos:
        raise DomainError("photo_required", _("This step needs at least one photo as evidence."), field="photos")
    new_deadline = _read_date(data, "new_deadline", at)
    if event_type == RECHECK_FAILED and new_deadline is None:
        raise DomainError("required", _("A failed re-check needs a new deadline."), field="new_deadline")
    if new_deadline is not None and event_type != RECHECK_FAILED:
        raise DomainError("not_for_type", _("Only a failed re-check sets a new deadline."), field="new_deadline")
    signature = read_optional_uuid(data, "signature", "")
    _refuse_reused_photos(photos, signature)
    return EventDocument(uuid=event_uuid, type=event_type, at=at, note=read_text(data, "note"), photos=photos,
                         new_deadline=new_deadline, signed_by=read_text(data, "signed_by", limit=SHORT_TEXT),
                         signature=signature, plan=_read_plan(data, at) if event_type == PLAN_SET else {},
                         photo_pairs=_read_photo_pairs(data, photos))


def _read_photo_pairs(data: dict, photos: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``photo_pairs``: ``[{"photo": uuid, "before": uuid}]``, each a photo of this event and the earlier photo of
    the hazard it was taken to match; at most one per photo, in the order of ``photos``."""
    value = data.get("photo_pairs")
    if value in (None, []):
        return ()
    if not isinstance(value, list) or len(value) > MAX_PHOTOS:
        raise DomainError("invalid", _("photo_pairs must be a list of {photo, before}."), field="photo_pairs")
    pairs: dict[str, str] = {}
    for n, entry in enumerate(value):
        where = f"photo_pairs[{n}]"
        if not isinstance(entry, dict):
            raise DomainError("invalid", _("photo_pairs must be a list of {photo, before}."), field=where)
        after = read_uuid(entry.get("photo"), f"{where}.photo")
        before = read_uuid(entry.get("before"), f"{where}.before")
        if after not in photos:
            raise DomainError("pair_not_of_event", _("Photo %(uuid)s of a pair is not one of this event's photos.",
                                                     uuid=after), field=f"{where}.photo")
        if after in pairs or before == after:
            raise DomainError("photo_reused", _("Photo %(uuid)s is paired twice.", uuid=after), field=where)
        pairs[after] = before
    return tuple((after, pairs[after]) for after in photos if after in pairs)


def _read_date(data: dict, name: str, at: datetime) -> date | None:
    """An optional date, not before the event's own day where it happened (the phone's local date)."""
    value = data.get(name)
    if value in (None, ""):
        return None
    parsed = parse_iso_date(value)
    if parsed is None:
        raise DomainError("invalid_date", _("%(field)s must be a date written YYYY-MM-DD.", field=name), field=name)
    if parsed < at.date():
        raise DomainError("deadline_before_event",
                          _("%(field)s %(deadline)s is before the day of the event (%(date)s).", field=name,
                            deadline=parsed.isoformat(), date=at.date().isoformat()), field=name)
    return parsed


def _read_plan(data: dict, at: datetime) -> dict:
    """The plan fields the document gives; a field absent or null keeps the hazard's value."""
    plan: dict = {}
    for name in PLAN_FIELDS:
        if data.get(name) is None:
            continue
        if name in PLAN_DATES:
            value = _read_date(data, name, at)
            if value is not None:
                plan[name] = value
        else:
            limit = PLAN_TEXT_LIMITS[name]
            plan[name] = read_text(data, name, limit=limit) if limit else read_text(data, name)
    if not plan:
        raise DomainError("plan_empty", _("A plan needs at least one of: %(fields)s.",
                                          fields=", ".join(PLAN_FIELDS)), field="responsible_person")
    return plan


def _refuse_reused_photos(photos: tuple[str, ...], signature: str | None) -> None:
    seen: dict[str, str] = {}
    uses = [(photo_uuid, f"photos[{n}]") for n, photo_uuid in enumerate(photos)]
    if signature:
        uses.append((signature, "signature"))
    for photo_uuid, where in uses:
        if photo_uuid in seen:
            raise DomainError("photo_reused", _("Photo %(uuid)s is already used at %(other)s.", uuid=photo_uuid,
                                                other=seen[photo_uuid]), field=where)
        seen[photo_uuid] = where

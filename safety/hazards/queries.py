"""Reading hazards for the API: one hazard in the user's scope, its events, its evidence.

Each reader is a fixed number of statements, whatever the length of a hazard's log.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select

from safety.auth.scope import can_see_enterprise
from safety.common.errors import Forbidden, NotFound
from safety.common.parsing import parse_uuid
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.photos.models import Photo
from safety.users.models import User


def get_hazard_for(user: User, hazard_uuid: str) -> Hazard:
    """The hazard if ``user`` may see it: 404 for a malformed or unknown UUID, 403 outside the user's scope."""
    canonical = parse_uuid(hazard_uuid)
    row = None if canonical is None else db.session.execute(
        select(Hazard, Enterprise).join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .where(Hazard.uuid == canonical)).first()
    if row is None:
        raise NotFound("hazard_not_found", _("No hazard has the UUID %(uuid)s.", uuid=hazard_uuid[:40]))
    hazard, enterprise = row
    if not can_see_enterprise(user, enterprise):
        raise Forbidden("hazard_out_of_scope", _("This hazard is not in your area of responsibility."))
    return hazard


def get_event(event_uuid: str) -> HazardEvent | None:
    """The stored event with this (canonical) UUID, on whichever hazard, or None."""
    return db.session.scalar(select(HazardEvent).where(HazardEvent.uuid == event_uuid))


@dataclass
class HazardContext:
    """What showing a hazard and its log needs beyond the rows themselves, read in one go."""

    enterprise: Enterprise
    names: dict[int, str]  # display names of the finder and the actors, by user id
    hazard_photos: list[Photo] = field(default_factory=list)  # evidence of the hazard, oldest first
    event_photos: dict[int, list[Photo]] = field(default_factory=dict)  # by event id
    signatures: dict[int, Photo] = field(default_factory=dict)  # by event id


def get_hazard_context(hazard: Hazard) -> HazardContext:
    """The enterprise, the people and the photos of ``hazard`` and its events: four statements."""
    enterprise = db.session.get(Enterprise, hazard.enterprise_id)
    events = hazard.events
    user_ids = {hazard.found_by_id} | {event.actor_id for event in events}
    names = dict(db.session.execute(
        select(User.id, User.display_name).where(User.id.in_([i for i in user_ids if i is not None]))).tuples().all())
    context = HazardContext(enterprise, names)
    photos = db.session.scalars(
        select(Photo).where(or_(Photo.hazard_id == hazard.id,
                                Photo.hazard_event_id.in_([event.id for event in events])))
        .order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.id))
    for photo in photos:
        sort_photo(context, photo)
    return context


def sort_photo(context: HazardContext, photo: Photo) -> None:
    """File a photo as a signature of its event, or as evidence of the hazard and its event."""
    if photo.purpose == "signature" and photo.hazard_event_id is not None:
        context.signatures[photo.hazard_event_id] = photo
        return
    context.hazard_photos.append(photo)
    if photo.hazard_event_id is not None:
        context.event_photos.setdefault(photo.hazard_event_id, []).append(photo)

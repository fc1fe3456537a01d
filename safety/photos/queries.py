"""Reading photo records, and who may see a photo.

A photo attached to a record (an answer, a hazard, a hazard event, an
inspection's signatures) is visible to whoever may see that record's
enterprise. A photo not attached yet is visible only to its uploader and to
the office (supervisors and admins). The original file, the evidence with the
phone's EXIF and position, is for the uploader and the office only.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Column, Table, func, select
from sqlalchemy.orm import aliased

from safety.auth.access import OFFICE
from safety.auth.scope import can_see_enterprise
from safety.common.errors import DomainError, Forbidden, NotFound
from safety.common.parsing import parse_uuid
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.photos.models import Photo
from safety.users.models import User


def photo_uuid_from_url(value: str) -> str:
    """The canonical UUID in a URL, or a 400 naming it."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise DomainError("invalid_uuid", _("%(value)s is not a valid UUID.", value=value[:60]), field="uuid")
    return parsed


def get_photo(photo_uuid: str) -> Photo | None:
    """The photo with this (canonical) UUID, or None."""
    return db.session.scalar(select(Photo).where(Photo.uuid == photo_uuid))


def get_photos_by_uuid(photo_uuids, lock: bool = False) -> dict[str, Photo]:
    """The stored photos among ``photo_uuids``, by UUID, in one query.

    ``lock`` takes their row locks (PostgreSQL) until commit, for a caller about to
    attach them: two records attaching one photo at once then run one after the other.
    """
    photo_uuids = list(set(photo_uuids))
    if not photo_uuids:
        return {}
    statement = select(Photo).where(Photo.uuid.in_(photo_uuids))
    if lock:
        statement = statement.with_for_update()
    return {photo.uuid: photo for photo in db.session.scalars(statement)}


def _referenced_table(column: Column) -> Table:
    """The table a foreign key column of ``photos`` refers to."""
    (foreign_key,) = column.foreign_keys
    return foreign_key.column.table


def _attached_enterprise_id():
    """The enterprise of the record a photo is attached to, as one SQL expression (NULL when unattached).

    The records are reached through the photo's own foreign keys rather than their models: the
    packages that attach photos (inspections, hazards) build on this one, never the other way round.
    """
    columns = Photo.__table__.c
    answers, hazards, events, inspections = (_referenced_table(column) for column in (
        columns.answer_id, columns.hazard_id, columns.hazard_event_id, columns.inspection_id))
    through_answer = (select(inspections.c.enterprise_id).join(answers, answers.c.inspection_id == inspections.c.id)
                      .where(answers.c.id == Photo.answer_id).scalar_subquery())
    through_hazard = select(hazards.c.enterprise_id).where(hazards.c.id == Photo.hazard_id).scalar_subquery()
    through_event = (select(hazards.c.enterprise_id).join(events, events.c.hazard_id == hazards.c.id)
                     .where(events.c.id == Photo.hazard_event_id).scalar_subquery())
    through_inspection = (select(inspections.c.enterprise_id).where(inspections.c.id == Photo.inspection_id)
                          .scalar_subquery())
    return func.coalesce(through_answer, through_hazard, through_event, through_inspection)


def _photo_with_enterprise(photo_uuid: str) -> tuple[Photo, Enterprise | None]:
    row = db.session.execute(
        select(Photo, Enterprise).outerjoin(Enterprise, Enterprise.id == _attached_enterprise_id())
        .where(Photo.uuid == photo_uuid)
    ).first()
    if row is None:
        raise NotFound("photo_not_found", _("No photo has the UUID %(uuid)s.", uuid=photo_uuid))
    return row[0], row[1]


def _may_see(user: User, photo: Photo, enterprise: Enterprise | None) -> bool:
    if photo.uploader_id == user.id:
        return True
    if enterprise is None:
        return user.has_role(*OFFICE)
    return can_see_enterprise(user, enterprise)


def get_photo_for(user: User, photo_uuid: str) -> Photo:
    """The photo if ``user`` may see its derivatives: 400 bad UUID, 404 unknown, 403 out of scope."""
    photo, enterprise = _photo_with_enterprise(photo_uuid_from_url(photo_uuid))
    if not _may_see(user, photo, enterprise):
        raise Forbidden("photo_out_of_scope", _("This photo is not in your area of responsibility."))
    return photo


def get_photo_and_enterprise_for(user: User, photo_uuid: str) -> tuple[Photo, Enterprise | None]:
    """As :func:`get_photo_for`, with the enterprise of the record the photo is attached to (None: unattached)."""
    photo, enterprise = _photo_with_enterprise(photo_uuid_from_url(photo_uuid))
    if not _may_see(user, photo, enterprise):
        raise Forbidden("photo_out_of_scope", _("This photo is not in your area of responsibility."))
    return photo, enterprise


def get_original_for(user: User, photo_uuid: str) -> Photo:
    """The photo if ``user`` may download its original: its uploader, or the office within its scope."""
    photo, enterprise = _photo_with_enterprise(photo_uuid_from_url(photo_uuid))
    if photo.uploader_id == user.id or (user.has_role(*OFFICE) and _may_see(user, photo, enterprise)):
        return photo
    raise Forbidden("photo_original_forbidden",
                    _("Only the office and the person who took the photo may download its original."))


@dataclass(frozen=True)
class PhotoPair:
    """Before and after: an earlier photo of a hazard and the photo taken to match it (its rectification or
    re-check), as the phone paired them."""

    before: Photo
    after: Photo


def list_photo_pairs(hazard_ids) -> dict[int, list[PhotoPair]]:
    """The before-and-after pairs of these hazards, by hazard id, oldest after photo first; one statement."""
    hazard_ids = list(hazard_ids)
    if not hazard_ids:
        return {}
    before = aliased(Photo)
    pairs: dict[int, list[PhotoPair]] = {}
    for after_photo, before_photo in db.session.execute(
            select(Photo, before).join(before, before.id == Photo.before_photo_id)
            .where(Photo.hazard_id.in_(hazard_ids)).order_by(Photo.id)).tuples():
        pairs.setdefault(after_photo.hazard_id, []).append(PhotoPair(before_photo, after_photo))
    return pairs

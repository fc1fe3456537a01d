"""Revisions: a returned inspection (退回) amended on the phone and sent again as a new document.

The revision is a new inspection with its own UUID and ``revision_of`` naming the
returned one; the returned one becomes ``superseded`` and stays readable. What the
phone carries over from the returned document is recognised, not refused:

* hazards already stored with an earlier revision of the same inspection are the
  same hazards (one line on the ledger each), so they are neither stored again nor
  refused as a UUID conflict; three fixes (三定) the amendment changed are set on them by a
  ``plan_set`` event of the inspector (safety.hazards.operations.amend_carried_plan);
* photos already attached to an earlier revision (answers, signatures) move to the
  revision that carries them: a photo row is one evidence record attached to one
  record, and the revision is the document that is reviewed and counted from now on.
  The photos of carried hazards stay with their hazard.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select

from safety.common.errors import Conflict, DomainError, Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from safety.users.models import User


@dataclass
class Revised:
    """The returned inspection a document amends, and what of its revisions the document may carry."""

    earlier: Inspection
    chain_ids: list[int]  # the earlier inspection and every revision before it
    hazard_uuids: set[str] = field(default_factory=set)  # hazards stored with any of them


def same_inspection(first_id) -> ColumnElement:
    """A WHERE clause on Inspection selecting every revision of the inspection whose first document is ``first_id``
    (an id, or a column of an outer query)."""
    return func.coalesce(Inspection.original_id, Inspection.id) == first_id


def list_earlier_ids(inspection: Inspection) -> list[int]:
    """The ids of ``inspection`` and the revisions it amends, newest first, in one statement (none for a first
    document)."""
    if inspection.original_id is None:
        return [inspection.id]
    return list(db.session.scalars(
        select(Inspection.id).where(same_inspection(inspection.original_id), Inspection.revision <= inspection.revision)
        .order_by(Inspection.revision.desc())))


def list_revisions(inspection: Inspection) -> list[Inspection]:
    """Every revision of the inspection ``inspection`` belongs to, the first document first, in one statement."""
    return list(db.session.scalars(select(Inspection).where(same_inspection(inspection.original_id or inspection.id))
                                   .order_by(Inspection.revision)))


def check_revision_of(user: User, document, enterprise: Enterprise) -> Revised | None:
    """The returned inspection the document revises (None for a first document), or why it may not.

    404 unknown; 403 someone else's; 400 another enterprise; 409 not returned, or revised already.
    """
    if document.revision_of is None:
        return None
    earlier = db.session.scalar(select(Inspection).where(Inspection.uuid == document.revision_of))
    if earlier is None:
        raise NotFound("revision_of_not_found",
                       _("No inspection has the UUID %(uuid)s.", uuid=document.revision_of), field="revision_of")
    if earlier.inspector_id != user.id:
        raise Forbidden("revision_not_yours", _("Only the inspector who made an inspection may revise it."),
                        field="revision_of")
    if earlier.enterprise_id != enterprise.id:
        raise DomainError("revision_enterprise_mismatch",
                          _("A revision must be of the same enterprise as the inspection it revises."),
                          field="enterprise_code")
    if earlier.review_state == "superseded":
        raise Conflict("revision_exists", _("This inspection has been revised already."), field="revision_of")
    if earlier.review_state != "returned":
        raise Conflict("revision_not_returned",
                       _("Only an inspection returned by the reviewer can be revised."), field="revision_of")
    chain_ids = list_earlier_ids(earlier)
    hazard_uuids = set(db.session.scalars(select(Hazard.uuid).where(Hazard.inspection_id.in_(chain_ids))))
    return Revised(earlier, chain_ids, hazard_uuids)


def carried_photo_ids(revised: Revised | None, photos: list[Photo]) -> set[int]:
    """Those of ``photos`` attached to an earlier revision (its answers, signatures or hazards), in two statements
    at most."""
    if revised is None or not photos:
        return set()
    answer_ids = {photo.answer_id for photo in photos if photo.answer_id is not None}
    earlier_answers = set(db.session.scalars(
        select(Answer.id).where(Answer.inspection_id.in_(revised.chain_ids), Answer.id.in_(answer_ids)))) \
        if answer_ids else set()
    hazard_ids = set(db.session.scalars(select(Hazard.id).where(Hazard.uuid.in_(revised.hazard_uuids)))) \
        if revised.hazard_uuids else set()
    chain = set(revised.chain_ids)
    carried = set()
    for photo in photos:
        attachments = [photo.inspection_id in chain if photo.inspection_id is not None else None,
                       photo.answer_id in earlier_answers if photo.answer_id is not None else None,
                       photo.hazard_id in hazard_ids if photo.hazard_id is not None else None]
        # Carried only when everything it is attached to belongs to the earlier revisions.
        if any(attachments) and False not in attachments:
            carried.add(photo.id)
    return carried


def supersede(revised: Revised, revision: Inspection) -> None:
    """Link the revision to the returned inspection, which from now on is an earlier revision."""
    revision.revision_of_id = revised.earlier.id
    revision.original_id = revised.earlier.original_id or revised.earlier.id
    revision.revision = revised.earlier.revision + 1
    revised.earlier.review_state = "superseded"

"""Recording a synced inspection: the state change behind ``POST /api/v1/inspections``.

The document is stored in one transaction, all or nothing: the inspection, its
answers, its hazards with their events, and its photos attached to what they
are evidence of. It is idempotent by the phone's UUID: the unique constraint on
``inspections.uuid`` decides a race between a document and its re-sent twin,
and the view that loses rolls back and calls :func:`store_inspection` again,
which then answers the twin.

A resend is told from other content under the same UUID by the content hash
stored with the inspection (:mod:`safety.common.canonical`): the same content
is answered as stored, other content is a 409 and nothing is stored, so a phone
keeps what it recorded instead of losing it silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from functools import partial

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from safety.auth.scope import get_enterprise, get_enterprise_for
from safety.common.errors import Conflict, DomainError
from safety.common.revisions import touch
from safety.common.types import utcnow
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.operations import (RecordedHazard, Visit, amend_carried_plan, flag_recurring, number_hazards,
                                      record_found_hazard)
from safety.inspections.models import Answer, Inspection
from safety.inspections.queries import (InspectionContents, get_inspection, get_inspection_contents,
                                        get_stored_hazard_uuids, get_version_items)
from safety.inspections.revisions import Revised, carried_photo_ids, check_revision_of, supersede
from safety.inspections.serialize import inspection_json
from safety.inspections.teams import (CheckedTask, TeamRow, get_task_of_document, refuse_other_enterprise,
                                      resolve_team, store_team)
from safety.inspections.signatures import SignOff, apply_sign_off, check_signatures
from safety.inspections.visits import check_visit
from safety.inspections.validation import (CheckedAnswer, InspectionDocument, VersionItem, check_against_template,
                                           value_as_stored)
from safety.photos.models import Photo
from safety.photos.operations import attach_photo, claim_photos
from safety.users.models import User

# Told to a phone whose document names photos it has not uploaded yet.
PHOTOS_FIRST = _l("These photos have not been uploaded yet: %(uuids)s. Upload them first, "
                  "then send the inspection again.")
# Told to whoever sends other content under the UUID of an inspection already stored.
CONTENT_CONFLICT = _l("An inspection with this UUID is already stored with different content. Nothing was "
                      "stored: keep this record and report it to the office.")


@dataclass(frozen=True)
class Recorded:
    """What :func:`store_inspection` did with a document."""

    inspection: Inspection
    created: bool
    # Everything the answer shows, taken from what was just stored rather than read back
    # (four queries saved on every sync); None for a resend or a revision, which are read back,
    # unless comparing a resend with what was stored before content hashes read it already.
    contents: InspectionContents | None = None


@dataclass(frozen=True)
class CheckedDocument:
    """A parsed document whose references the database has confirmed: everything storing it needs."""

    document: InspectionDocument
    enterprise: Enterprise
    version_id: int  # the template version the phone used
    items: dict[str, VersionItem]  # that version's items, by key
    answers: list[CheckedAnswer]
    photos: dict[str, Photo]  # claimed for this document and locked, by UUID
    revised: Revised | None  # the returned inspection this document revises, if it is a revision
    sign_off: SignOff  # which revision each signature belongs to
    task: CheckedTask | None = None  # the campaign task it was made for
    team: tuple[TeamRow, ...] = ()  # as stored, the sender first; empty when the document names no team

    @property
    def carried_hazards(self) -> set[str]:
        """UUIDs of the hazards stored with an earlier revision: the same hazards, left as they are."""
        return self.revised.hazard_uuids if self.revised else set()


def store_inspection(user: User, document: InspectionDocument, look_up_first: bool = True) -> Recorded:
    """Store a parsed inspection document for ``user``.

    A document already stored under its UUID by the same user with the same content
    is answered as it is stored (``created`` False); other content, or someone
    else's, is a 409 (``inspection_conflict``). Otherwise every reference is checked
    (enterprise in scope, template version and items, photos uploaded by this user
    and not attached elsewhere, hazard UUIDs new) before anything is added; the
    additions are flushed, never committed.

    Without ``look_up_first`` the UUID is looked up only when something refuses the document (a resend meets
    its own photos attached, or a scope changed since): for the sync API, where a new document is the usual
    case, a document stored before is otherwise told by the unique index, when inserting it raises an
    IntegrityError; the caller rolls back and calls again with ``look_up_first``
    (safety.common.api.commit_or_meet_twin).
    """
    if look_up_first:
        existing = get_inspection(document.uuid)
        if existing is not None:
            return _as_resend(existing, user, document)
    try:
        checked = _check_references(user, document)
    except DomainError:
        # Stored already (by an earlier send or its twin meanwhile): answered as stored, whatever refuses it now.
        twin = get_inspection(document.uuid)
        if twin is not None:
            return _as_resend(twin, user, document)
        raise
    return _store(user, checked)


def _as_resend(inspection: Inspection, user: User, document: InspectionDocument) -> Recorded:
    """The stored inspection, when ``document`` is what it holds; otherwise a 409 that names the UUID."""
    if inspection.inspector_id != user.id:
        raise Conflict("inspection_conflict",
                       _("Another inspection is already stored under this UUID."), field="uuid")
    if inspection.content_hash is not None:
        if inspection.content_hash != document.content_hash:
            raise Conflict("inspection_conflict", str(CONTENT_CONFLICT), field="uuid")
        return Recorded(inspection, False)
    # Stored before content hashes were kept: compared with what it holds, read for the answer anyway.
    contents = get_inspection_contents(inspection.uuid)
    if not _holds(contents, document):
        raise Conflict("inspection_conflict", str(CONTENT_CONFLICT), field="uuid")
    return Recorded(inspection, False, contents)


def _holds(contents: InspectionContents, document: InspectionDocument) -> bool:
    """Whether the stored inspection of ``contents`` is ``document``, compared part by part.

    For inspections stored before content hashes. What their rows keep is compared as
    it is kept: answer values as their item's kind stores them, answers and photos
    regardless of order (rows come back by id, photos in upload order), and of each
    hazard what no later event changes (its plan may have been set anew since).
    """
    inspection = contents.inspection
    if ((contents.enterprise_code, contents.template_id, contents.template_version, inspection.kind,
         inspection.started_at, inspection.finished_at, inspection.identified_by, inspection.latitude,
         inspection.longitude, inspection.accuracy_m, inspection.notes, contents.revision_of, inspection.visit_uuid)
            != (document.enterprise_code, document.template_id, document.template_version, document.kind,
                document.started_at, document.finished_at, document.identified_by, document.latitude,
                document.longitude, document.accuracy_m, document.notes, document.revision_of,
                document.visit_uuid)):
        return False
    stored = inspection_json(contents)
    kinds = {key: kind for _id, key, kind, _result, _value, _note in contents.answers}
    try:
        sent_answers = {answer.item_id: (answer.result, value_as_stored(answer.value, kinds.get(answer.item_id)),
                                         answer.note, sorted(answer.photos)) for answer in document.answers}
    except DomainError:
        return False  # a value its item could never have stored
    stored_answers = {key: (result, value, note, sorted(shown["photos"]))
                      for (_id, key, _kind, result, value, note), shown in zip(contents.answers, stored["answers"])}
    sent_hazards = {hazard.uuid: (hazard.item_id, hazard.description, hazard.level, hazard.mode,
                                  sorted(hazard.photos), sorted(hazard.rectification_photos))
                    for hazard in document.hazards}
    stored_hazards = {hazard["uuid"]: (hazard["item_id"], hazard["description"], hazard["level"], hazard["mode"],
                                       sorted(hazard["photos"]), sorted(hazard["rectification_photos"]))
                      for hazard in stored["hazards"]}
    signatures = {"inspector": document.inspector_signature, "representative": document.representative_signature,
                  "representative_name": document.representative_name}
    stored_signatures = {key: stored["signatures"][key] for key in signatures}
    return sent_answers == stored_answers and sent_hazards == stored_hazards and stored_signatures == signatures


def _enterprise_of(user: User, document: InspectionDocument, task: CheckedTask | None) -> Enterprise:
    """The document's enterprise: one in the sender's scope, or the enterprise of a task they are on, whatever
    became of the task while the phone was offline (safety.inspections.teams)."""
    try:
        if task is not None and task.sender_on_team:
            enterprise = get_enterprise(document.enterprise_code)
        else:
            enterprise = get_enterprise_for(user, document.enterprise_code)
    except DomainError as exc:
        exc.field = "enterprise_code"
        raise
    if task is not None:
        refuse_other_enterprise(task, enterprise.id, enterprise.code)
    return enterprise


def _check_references(user: User, document: InspectionDocument) -> CheckedDocument:
    task = get_task_of_document(user, document.task_uuid)
    enterprise = _enterprise_of(user, document, task)
    team = tuple(resolve_team(user, document.team)) if document.team else ()
    revised = check_revision_of(user, document, enterprise)
    check_visit(document, enterprise)
    version_id, items = get_version_items(document.template_id, document.template_version)
    answers = check_against_template(document, items)
    stored = get_stored_hazard_uuids(hazard.uuid for hazard in document.hazards)
    carried = revised.hazard_uuids if revised else set()
    for n, hazard in enumerate(document.hazards):
        if hazard.uuid in stored and hazard.uuid not in carried:
            raise Conflict("hazard_conflict",
                           _("Hazard %(uuid)s is already stored with another inspection.", uuid=hazard.uuid),
                           field=f"hazards[{n}].uuid")
    photos = claim_photos(user, document.photo_references, missing_message=PHOTOS_FIRST,
                          carried=partial(carried_photo_ids, revised) if revised else None)
    sign_off = check_signatures(document, revised, photos)
    return CheckedDocument(document, enterprise, version_id, items, answers, photos, revised, sign_off, task, team)


def _insert_answers(inspection: Inspection, checked: list[CheckedAnswer], with_ids: bool) -> dict[str, int]:
    """Insert the answers in one statement; answer their ids by item key when ``with_ids`` (photos are attached
    to them), else nothing.

    A Core insert, not one ORM object per answer: a document has dozens of answers. Without ids it is an
    executemany of one short statement, which psycopg sends as one pipeline of a prepared statement; with ids
    it is one INSERT of all the rows with RETURNING, whose rows come back unordered (SQLite cannot batch an
    ordered RETURNING), so they are matched by item, which is unique per inspection.
    """
    if not checked:
        return {}
    rows = [{"inspection_id": inspection.id, "item_id": entry.item.id, "result": entry.result,
             "value": entry.value, "note": entry.document.note} for entry in checked]
    if not with_ids:
        db.session.execute(insert(Answer.__table__), rows)
        return {}
    statement = insert(Answer).returning(Answer.id, Answer.item_id, sort_by_parameter_order=False)
    # render_nulls: rows with and without a value stay one statement instead of a batch per shape
    returned = db.session.execute(statement, rows, execution_options={"render_nulls": True})
    key_of = {entry.item.id: entry.item.key for entry in checked}
    return {key_of[item_id]: answer_id for answer_id, item_id in returned}


def _store(user: User, checked: CheckedDocument) -> Recorded:
    document = checked.document
    # The phone's times in UTC, as they read back from the database: the answer is made from these objects.
    inspection = Inspection(
        uuid=document.uuid, enterprise_id=checked.enterprise.id, template_version_id=checked.version_id,
        content_hash=document.content_hash, inspector_id=user.id, kind=document.kind,
        started_at=document.started_at.astimezone(timezone.utc),
        finished_at=document.finished_at.astimezone(timezone.utc), received_at=utcnow(),
        latitude=document.latitude, longitude=document.longitude, accuracy_m=document.accuracy_m,
        identified_by=document.identified_by, notes=document.notes,
        representative_name=document.representative_name, review_state="submitted",
        task_id=checked.task.task.id if checked.task else None,
        visit_uuid=document.visit_uuid)
    apply_sign_off(inspection, checked.sign_off, document.representative_absent_reason)
    if checked.revised is not None:
        supersede(checked.revised, inspection)
        # An amended inspection goes on fulfilling the task of the one it replaces.
        inspection.task_id = inspection.task_id or checked.revised.earlier.task_id
    if checked.task is not None:
        touch(checked.task.task)  # its derived status changed: the team's phones pull it again
    db.session.add(inspection)
    db.session.flush()
    if checked.team:
        store_team(inspection, list(checked.team))
    answer_photos = any(reference.answer_index is not None for reference in document.photo_references)
    answer_ids = _insert_answers(inspection, checked.answers, with_ids=answer_photos)
    hazards = _record_hazards(user, checked, inspection)
    _attach_photos(checked, inspection, answer_ids, hazards)
    db.session.flush()
    if checked.revised is not None:
        return Recorded(inspection, True)  # its hazards include earlier revisions' ones: read back
    return Recorded(inspection, True, _contents(user, checked, inspection, answer_ids, hazards))


def _record_hazards(user: User, checked: CheckedDocument, inspection: Inspection) -> dict[int, RecordedHazard]:
    """The document's new hazards by their index in it, flushed. A hazard carried from an earlier revision keeps
    its record; three fixes changed by the amendment are set on it by a `plan_set` event."""
    visit = Visit(enterprise_id=checked.enterprise.id, inspection_id=inspection.id, finder=user,
                  at=checked.document.finished_at)
    hazards = {}
    carried = _carried_hazards(checked)
    photo_sha256 = {photo_uuid: photo.sha256 for photo_uuid, photo in checked.photos.items()}
    for n, hazard_document in enumerate(checked.document.hazards):
        if hazard_document.uuid in carried:
            amend_carried_plan(carried[hazard_document.uuid], hazard_document, user, checked.document.finished_at,
                               checked.document.uuid)
            continue
        item = checked.items[hazard_document.item_id] if hazard_document.item_id else None
        hazards[n] = record_found_hazard(hazard_document, visit, item.id if item else None, photo_sha256)
    if hazards:
        new = [recorded.hazard for recorded in hazards.values()]
        flag_recurring(new)
        number_hazards(new)
        db.session.flush()
    return hazards


def _carried_hazards(checked: CheckedDocument) -> dict[str, Hazard]:
    """The stored hazards the document carries from earlier revisions, by UUID, in one statement."""
    uuids = [hazard.uuid for hazard in checked.document.hazards if hazard.uuid in checked.carried_hazards]
    if not uuids:
        return {}
    return {hazard.uuid: hazard for hazard in db.session.scalars(select(Hazard).where(Hazard.uuid.in_(uuids)))}


def _attach_photos(checked: CheckedDocument, inspection: Inspection, answer_ids: dict[str, int],
                   hazards: dict[int, RecordedHazard]) -> None:
    document = checked.document
    for reference in document.photo_references:
        photo = checked.photos[reference.uuid]
        if reference.answer_index is not None:
            answer_id = answer_ids[document.answers[reference.answer_index].item_id]
            attach_photo(photo, reference.purpose, answer_id=answer_id)
        elif reference.hazard_index is not None:
            recorded = hazards.get(reference.hazard_index)
            if recorded is None:
                continue  # a carried hazard's photo stays its evidence
            event = recorded.rectification if reference.purpose == "rectification" else recorded.found
            attach_photo(photo, reference.purpose, hazard_id=recorded.hazard.id, hazard_event_id=event.id)
        else:
            attach_photo(photo, reference.purpose, inspection_id=inspection.id)  # the signatures


def _contents(user: User, checked: CheckedDocument, inspection: Inspection, answer_ids: dict[str, int],
              hazards: dict[int, RecordedHazard]) -> InspectionContents:
    """What :func:`safety.inspections.queries.get_inspection_contents` would read back, from the flushed rows."""
    document = checked.document
    # In the order sent, which is the order of their ids (read back, they are ordered by id).
    answers = [(answer_ids.get(entry.item.key), entry.item.key, entry.item.kind, entry.result, entry.value,
                entry.document.note) for entry in checked.answers]
    events = {event.id: event.uuid for recorded in hazards.values()
              for event in (recorded.found, recorded.rectification) if event is not None}
    photo_rows = [(photo.uuid, photo.purpose, photo.answer_id, photo.hazard_id, events.get(photo.hazard_event_id),
                   photo.inspection_id) for photo in sorted(checked.photos.values(), key=lambda photo: photo.id)]
    return InspectionContents(
        inspection=inspection, enterprise_code=checked.enterprise.code, template_id=document.template_id,
        template_version=document.template_version, inspector_username=user.username,
        inspector_name=user.display_name, answers=answers,
        hazards=sorted((recorded.hazard for recorded in hazards.values()), key=lambda hazard: hazard.id),
        photos=photo_rows, task_uuid=checked.task.task.uuid if checked.task else None,
        enforcement=checked.task.enforcement if checked.task else False, team=list(checked.team))

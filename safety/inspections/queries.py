"""Reading inspections, the template versions they use, and who may see them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import aliased

from safety.auth.access import OFFICE
from safety.auth.scope import can_see_enterprise
from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.common.errors import DomainError, Forbidden, NotFound
from safety.common.parsing import parse_uuid
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.campaigns.models import Campaign, Task
from safety.inspections.models import Answer, Inspection
from safety.inspections.teams import is_on_team, list_teams
from safety.inspections.validation import VersionItem
from safety.photos.models import Photo
from safety.users.models import User


def get_inspection(inspection_uuid: str) -> Inspection | None:
    """The inspection with this (canonical) UUID, or None."""
    return db.session.scalar(select(Inspection).where(Inspection.uuid == inspection_uuid))


def get_inspection_for(user: User, inspection_uuid: str) -> Inspection:
    """The inspection if ``user`` may read it: the inspector who made it, a colleague on its team, or the office
    within its scope.

    400 for a malformed UUID, 404 when unknown, 403 otherwise.
    """
    canonical = parse_uuid(inspection_uuid)
    if canonical is None:
        raise DomainError("invalid_uuid", _("%(value)s is not a valid UUID.", value=inspection_uuid[:60]),
                          field="uuid")
    row = db.session.execute(select(Inspection, Enterprise).join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                             .where(Inspection.uuid == canonical)).first()
    if row is None:
        raise NotFound("inspection_not_found", _("No inspection has the UUID %(uuid)s.", uuid=canonical))
    inspection, enterprise = row
    if inspection.inspector_id == user.id or (user.has_role(*OFFICE) and can_see_enterprise(user, enterprise)):
        return inspection
    if is_on_team(user.id, inspection.id):
        return inspection
    raise Forbidden("inspection_out_of_scope", _("You may not read this inspection."))


def get_version_items(template_id: int, version_number: int) -> tuple[int, dict[str, VersionItem]]:
    """A template version's id and its items by key, in one query; 404 when the version does not exist.

    Any version is accepted, not only the latest: a phone keeps drafts started on an older one.
    """
    rows = db.session.execute(
        select(TemplateVersion.id, TemplateItem.id, TemplateItem.key, TemplateItem.kind,
               TemplateItem.photo_required_on_fail, TemplateItem.min_value, TemplateItem.max_value, TemplateItem.unit)
        .outerjoin(TemplateItem, TemplateItem.version_id == TemplateVersion.id)
        .outerjoin(TemplateSection, TemplateSection.id == TemplateItem.section_id)
        .where(TemplateVersion.template_id == template_id, TemplateVersion.version == version_number)
        .order_by(TemplateSection.position, TemplateItem.position)).all()
    if not rows:
        raise NotFound("template_not_found",
                       _("Checklist template %(id)s has no version %(version)s.", id=template_id,
                         version=version_number), field="template_version")
    items = {row[2]: VersionItem(row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7] or "")
             for row in rows if row[1] is not None}
    return rows[0][0], items


def get_stored_hazard_uuids(hazard_uuids) -> set[str]:
    """Those of ``hazard_uuids`` already stored, in one query."""
    hazard_uuids = list(hazard_uuids)
    if not hazard_uuids:
        return set()
    return set(db.session.scalars(select(Hazard.uuid).where(Hazard.uuid.in_(hazard_uuids))))


# What an inspection's document shows of each of its hazards (safety.inspections.serialize).
HAZARD_COLUMNS = (Hazard.inspection_id, Hazard.uuid, Hazard.number, Hazard.item_key, Hazard.description, Hazard.level,
                  Hazard.mode, Hazard.responsible_person, Hazard.measures, Hazard.deadline, Hazard.onsite_measure,
                  Hazard.status)


@dataclass
class InspectionContents:
    """An inspection with everything its JSON shows (:func:`list_inspection_contents` loads it)."""

    inspection: Inspection
    enterprise_code: str
    template_id: int
    template_version: int
    inspector_username: str
    inspector_name: str
    # (answer id, item key, item kind, result, value, note), in the order they were sent
    answers: list[tuple]
    hazards: list  # Hazard, or rows of HAZARD_COLUMNS
    # (photo uuid, purpose, answer id, hazard id, event uuid, inspection id), in upload order
    photos: list[tuple]
    revision_of: str | None = None  # the UUID of the returned inspection this one revises
    task_uuid: str | None = None  # the campaign task it was made for
    enforcement: bool = False  # whether that task's campaign is an enforcement check
    team: list = field(default_factory=list)  # safety.inspections.teams.TeamRow, in order; empty: none sent
    enterprise_name: str = ""
    template_name: str = ""


def get_inspection_contents(inspection_uuid: str) -> InspectionContents:
    """Everything :func:`safety.inspections.serialize.inspection_json` needs for one inspection."""
    [contents] = list_inspection_contents(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
    return contents


def _chain_members(inspections) -> dict[int, list[int]]:
    """For each inspection, its id and the ids of the revisions it amends, in one statement."""
    firsts = {inspection.original_id or inspection.id for inspection in inspections}
    chains = defaultdict(list)
    for member_id, original_id, revision in db.session.execute(
            select(Inspection.id, Inspection.original_id, Inspection.revision)
            .where(or_(Inspection.id.in_(firsts), Inspection.original_id.in_(firsts)))):
        chains[original_id or member_id].append((member_id, revision))
    return {inspection.id: [member_id for member_id, revision in chains[inspection.original_id or inspection.id]
                            if revision <= inspection.revision]
            for inspection in inspections}


def list_inspection_contents(inspection_ids) -> list[InspectionContents]:
    """:class:`InspectionContents` of each inspection whose id ``inspection_ids`` (a subquery or a list)
    selects, oldest first: seven statements, however many inspections and however long their revision chains.

    A revision's hazards include those it carries from earlier revisions: they were stored once,
    with the revision that first found them. So do the photos of those hazards' events.
    """
    earlier = aliased(Inspection)
    heads = db.session.execute(
        select(Inspection, Enterprise.code, Enterprise.name, TemplateVersion.template_id, TemplateVersion.version,
               ChecklistTemplate.name, User.username, User.display_name, earlier.uuid, Task.uuid,
               Campaign.enforcement)
        .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
        .join(TemplateVersion, TemplateVersion.id == Inspection.template_version_id)
        .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
        .join(User, User.id == Inspection.inspector_id)
        .outerjoin(earlier, earlier.id == Inspection.revision_of_id)
        .outerjoin(Task, Task.id == Inspection.task_id).outerjoin(Campaign, Campaign.id == Task.campaign_id)
        .where(Inspection.id.in_(inspection_ids)).order_by(Inspection.id)).all()
    if not heads:
        return []
    ids = [row[0].id for row in heads]
    teams = list_teams(ids)
    answers = defaultdict(list)
    for inspection_id, *answer in db.session.execute(
            select(Answer.inspection_id, Answer.id, TemplateItem.key, TemplateItem.kind, Answer.result, Answer.value,
                   Answer.note)
            .join(TemplateItem, TemplateItem.id == Answer.item_id)
            .where(Answer.inspection_id.in_(ids)).order_by(Answer.id)):
        answers[inspection_id].append(tuple(answer))
    # Which inspections' contents ("targets") each revision that stored a hazard ("member") belongs to: the
    # chains are read by their first document's id, which an index answers (a join comparing coalesce() with
    # coalesce() read every inspection for every listed one: seconds for a pull carrying a few dozen).
    targets_of = defaultdict(list)
    for target_id, member_ids in _chain_members([row[0] for row in heads]).items():
        for member_id in member_ids:
            targets_of[member_id].append(target_id)
    members = list(targets_of)
    hazards = defaultdict(list)
    # Rows of the columns the document shows, read by name as a Hazard's attributes (mapping each was a third
    # of the cost of building a pull's few dozen returned inspections).
    for hazard in db.session.execute(select(*HAZARD_COLUMNS).where(Hazard.inspection_id.in_(members))
                                     .order_by(Hazard.id)):
        for target_id in targets_of[hazard.inspection_id]:
            hazards[target_id].append(hazard)
    photo = (Photo.id, Photo.uuid, Photo.purpose, Photo.answer_id, Photo.hazard_id)
    # The inspections' own photos: those of their answers, and those stored with the inspection itself. Two
    # selects in one statement, each answered by its index; one WHERE with "answer's inspection OR photo's
    # inspection" spans two tables, so no index answers it and every photo of the district was read (≈ 0.5 s).
    of_answers = (select(Answer.inspection_id, *photo, HazardEvent.uuid, Photo.inspection_id).select_from(Photo)
                  .join(Answer, Answer.id == Photo.answer_id)
                  .outerjoin(HazardEvent, HazardEvent.id == Photo.hazard_event_id)
                  .where(Answer.inspection_id.in_(ids)))
    of_inspections = (select(func.coalesce(Answer.inspection_id, Photo.inspection_id), *photo, HazardEvent.uuid,
                             Photo.inspection_id)
                      .outerjoin(Answer, Answer.id == Photo.answer_id)
                      .outerjoin(HazardEvent, HazardEvent.id == Photo.hazard_event_id)
                      .where(Photo.inspection_id.in_(ids)))
    own = db.session.execute(union_all(of_answers, of_inspections)).all()  # a photo in both: once, below
    of_events = [(target_id, *row) for member_id, *row in db.session.execute(
        select(Hazard.inspection_id, *photo, HazardEvent.uuid, Photo.inspection_id)
        .join(HazardEvent, HazardEvent.id == Photo.hazard_event_id)
        .join(Hazard, Hazard.id == HazardEvent.hazard_id)
        .where(Hazard.inspection_id.in_(members))) for target_id in targets_of[member_id]]
    photos = defaultdict(dict)
    for target_id, photo_id, *row in sorted(own + of_events, key=lambda row: row[1]):
        photos[target_id].setdefault(photo_id, tuple(row))  # a photo of an answer and a hazard's event: once
    return [InspectionContents(inspection=inspection, enterprise_code=code, template_id=template_id,
                               template_version=version, inspector_username=username, inspector_name=name,
                               answers=answers[inspection.id], hazards=hazards[inspection.id],
                               photos=list(photos[inspection.id].values()), revision_of=revision_of,
                               enterprise_name=enterprise_name, template_name=template_name, task_uuid=task_uuid,
                               enforcement=bool(enforcement), team=teams.get(inspection.id, []))
            for (inspection, code, enterprise_name, template_id, version, template_name, username, name,
                 revision_of, task_uuid, enforcement) in heads]

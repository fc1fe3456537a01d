"""Reading one inspection for review: its answers (failed first), hazards, photos with their evidence check,
and its revisions. A fixed few statements whatever the size of the inspection."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, or_, select

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.validation import SIGNATURE_PURPOSE
from safety.inspections.models import Answer, Inspection
from safety.inspections.vocabulary import FAIL
from safety.inspections.queries import get_inspection_for
from safety.inspections.revisions import list_earlier_ids, list_revisions
from safety.inspections.visits import VisitChecklist, list_visit_checklists
from safety.photos.models import Photo
from safety.review.evidence import check_original
from safety.users.models import User


@dataclass
class AnswerLine:
    answer: Answer
    item: TemplateItem
    section_title: str
    photos: list[Photo]


@dataclass
class GalleryPhoto:
    """One photo of the gallery with what it is evidence of and the result of the evidence check."""

    photo: Photo
    caption: str  # the item's prompt, the hazard's description, or the signature's kind
    check: str  # match / mismatch / missing


@dataclass
class SignatureLine:
    """One signature on the review page: the drawing, its caption with the revision it belongs to, and a warning
    when it was given for content that has changed since (safety.inspections.signatures)."""

    photo: Photo
    purpose: str
    caption: str
    warning: str | None


@dataclass
class StepSignature:
    """A signature drawn for a step of a hazard found by this inspection (谁治理谁签名、谁验收谁签名): the
    enterprise's on its rectification report, the inspector's on a re-check."""

    photo: Photo
    hazard: Hazard
    event_type: str
    signed_by: str


@dataclass
class ReviewRecord:
    inspection: Inspection
    enterprise: Enterprise
    template_name: str
    template_version: int
    inspector_name: str
    reviewer_name: str | None
    answers: list[AnswerLine]  # failed first, then in the template's order
    hazards: list[Hazard]  # found by this revision or carried from an earlier one
    gallery: list[GalleryPhoto]
    signatures: dict[str, Photo]  # the inspection's own, by purpose
    step_signatures: list[StepSignature]  # on the later steps of its hazards, oldest first
    revisions: list[Inspection]  # every revision, the first document first
    visit: list[VisitChecklist]  # the other checklists of the same visit

    @property
    def failed(self) -> int:
        return sum(1 for line in self.answers if line.answer.result == FAIL)

    @property
    def signature_lines(self) -> list[SignatureLine]:
        """The inspector's and the representative's signatures, those present."""
        inspection = self.inspection
        lines = []
        for purpose, revision in (("inspector_signature", inspection.inspector_signed_revision),
                                  ("representative_signature", inspection.representative_signed_revision)):
            photo = self.signatures.get(purpose)
            if photo is None:
                continue
            lines.append(SignatureLine(photo, purpose, _signature_caption(purpose, revision),
                                       _representative_warning(inspection) if purpose == "representative_signature"
                                       else None))
        return lines

    @property
    def absent_representative(self) -> str | None:
        """Why the enterprise did not sign, as the page says it; None when no reason was given."""
        reason = self.inspection.representative_absent_reason
        if not reason:
            return None
        if self.inspection.revision > 1:
            return _("Amended without the enterprise: %(reason)s", reason=reason)
        return _("Not signed by the enterprise: %(reason)s", reason=reason)

    @property
    def is_latest(self) -> bool:
        return self.revisions[-1].id == self.inspection.id


def get_review_record(user: User, inspection_uuid: str) -> ReviewRecord:
    """The inspection with everything its review page shows, if ``user`` may read it (400/404/403 otherwise)."""
    inspection = get_inspection_for(user, inspection_uuid)
    enterprise, template_name, version_number, inspector_name = db.session.execute(
        select(Enterprise, ChecklistTemplate.name, TemplateVersion.version, User.display_name)
        .select_from(Inspection)
        .join(TemplateVersion, TemplateVersion.id == Inspection.template_version_id)
        .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
        .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
        .join(User, User.id == Inspection.inspector_id)
        .where(Inspection.id == inspection.id)).one()
    reviewer = db.session.get(User, inspection.reviewed_by_id) if inspection.reviewed_by_id else None
    failed_first = case((Answer.result == FAIL, 0), else_=1)
    rows = db.session.execute(
        select(Answer, TemplateItem, TemplateSection.title)
        .join(TemplateItem, TemplateItem.id == Answer.item_id)
        .join(TemplateSection, TemplateSection.id == TemplateItem.section_id)
        .where(Answer.inspection_id == inspection.id)
        .order_by(failed_first, TemplateSection.position, TemplateItem.position)).all()
    hazards = list(db.session.scalars(select(Hazard).where(Hazard.inspection_id.in_(list_earlier_ids(inspection)))
                                      .order_by(Hazard.id)))
    photo_rows = db.session.execute(
        select(Photo, HazardEvent.type, HazardEvent.signed_by)
        .outerjoin(HazardEvent, HazardEvent.id == Photo.hazard_event_id)
        .where(or_(Photo.answer_id.in_([answer.id for answer, _i, _t in rows]),
                   Photo.inspection_id == inspection.id,
                   Photo.hazard_id.in_([hazard.id for hazard in hazards])))
        .order_by(Photo.id)).all()
    photos = [photo for photo, _type, _signed_by in photo_rows]
    by_id = {hazard.id: hazard for hazard in hazards}
    step_signatures = [StepSignature(photo, by_id[photo.hazard_id], event_type, signed_by or "")
                       for photo, event_type, signed_by in photo_rows
                       if photo.purpose == SIGNATURE_PURPOSE and photo.hazard_id in by_id]
    by_answer: dict[int, list[Photo]] = {}
    for photo in photos:
        if photo.answer_id is not None:
            by_answer.setdefault(photo.answer_id, []).append(photo)
    answers = [AnswerLine(answer, item, title, by_answer.get(answer.id, [])) for answer, item, title in rows]
    return ReviewRecord(
        inspection=inspection, enterprise=enterprise, template_name=template_name, template_version=version_number,
        inspector_name=inspector_name, reviewer_name=reviewer.display_name if reviewer else None,
        answers=answers, hazards=hazards, gallery=_gallery(photos, answers, hazards),
        signatures={photo.purpose: photo for photo in photos
                    if photo.inspection_id == inspection.id and photo.purpose},
        step_signatures=step_signatures,
        revisions=list_revisions(inspection), visit=list_visit_checklists(inspection))


def _gallery(photos: list[Photo], answers: list[AnswerLine], hazards: list[Hazard]) -> list[GalleryPhoto]:
    """Evidence photos (not the signatures) in the order of the answers, failed first, then the hazards'."""
    prompts = {line.answer.id: line.item.prompt for line in answers}
    descriptions = {hazard.id: hazard.description for hazard in hazards}
    order = {line.answer.id: n for n, line in enumerate(answers)}
    # A signature is not evidence of the place: it has its own labelled section (step_signatures).
    evidence = [photo for photo in photos if (photo.answer_id is not None or photo.hazard_id is not None)
                and photo.purpose != SIGNATURE_PURPOSE]
    evidence.sort(key=lambda photo: (order.get(photo.answer_id, len(order)), photo.id))
    gallery = []
    for photo in evidence:
        if photo.answer_id in prompts:
            caption = prompts[photo.answer_id]
        elif photo.purpose == "rectification":
            caption = _("Rectification: %(hazard)s", hazard=descriptions.get(photo.hazard_id, ""))
        else:
            caption = descriptions.get(photo.hazard_id, "")
        gallery.append(GalleryPhoto(photo, caption, check_original(photo)))
    return gallery


def _signature_caption(purpose: str, revision: int | None) -> str:
    if purpose == "inspector_signature":
        if revision is None:
            return _("Inspector signature")
        return _("Inspector signature (signed revision %(revision)s)", revision=revision)
    if revision is None:
        return _("Representative signature")
    return _("Representative signature (signed revision %(revision)s)", revision=revision)


def _representative_warning(inspection: Inspection) -> str | None:
    signed, content = inspection.representative_signed_sha256, inspection.signed_content_sha256
    if signed is not None and content is not None and signed != content:
        return _("What the representative signed has changed since: this revision is not signed by the enterprise.")
    if signed is None and inspection.revision > 1:
        return _("Carried over from an earlier revision without a record of what was signed: not verified.")
    return None

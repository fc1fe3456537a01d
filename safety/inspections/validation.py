"""The inspection document of the sync contract, parsed and checked without the database.

:func:`parse_inspection` turns the JSON object into dataclasses or raises a
DomainError naming the first offending field by its path in the document
(``answers[3].result``, ``hazards[0].deadline``). :func:`check_against_template`
then checks the answers and hazards against the items of the template version
the phone used, once those are loaded.

Error codes: ``required``, ``invalid_type``, ``invalid_uuid``, ``invalid_choice``,
``invalid_datetime``, ``invalid_date``, ``invalid_number``, ``invalid_location``,
``too_long``, ``too_many``, ``time_order``, ``time_in_future``, ``duplicate_answer``,
``duplicate_hazard``, ``photo_reused``, ``deadline_before_inspection``,
``rectification_photo_required``, ``not_for_mode``, ``unknown_item``, ``not_for_kind``,
``missing_answers``, ``photo_required``, ``outside_limits``, ``invalid_sha256``; for the team
(safety.inspections.teams) ``duplicate_team_member``, ``not_for_staff``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple

from flask_babel import gettext as _

from safety.checklists.limits import limits_text, reading_outside
from safety.common.canonical import content_hash
from safety.common.errors import DomainError
from safety.common.parsing import parse_iso_date
from safety.common.types import utcnow
from safety.documents.onsite import read_onsite_measure
from safety.hazards.vocabulary import LEVELS, MODES
from safety.inspections.fields import (LONG_TEXT, field_path, read_choice, read_list, read_number, read_object,
                                       read_optional_uuid, read_positive_int, read_text, read_time, read_uuid,
                                       read_uuid_list, required_error, wrong_type_error)
from safety.inspections.teams import TeamEntry, parse_team
from safety.inspections.vocabulary import IDENTIFIED_BY, KINDS, RESULTS
from safety.photos.operations import PhotoClaim

SHORT_TEXT = 100  # names: the columns hold 100 characters
REASON_TEXT = 1_000  # why the enterprise did not sign
SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
MAX_ANSWERS = 2_000
MAX_HAZARDS = 500
MAX_PHOTOS_PER_ENTRY = 100
FUTURE_TOLERANCE = timedelta(days=1)  # phone clocks drift; a day ahead is a wrong clock, not drift


class VersionItem(NamedTuple):
    """What checking a document needs of one template item."""

    id: int
    key: str
    kind: str  # a value of safety.checklists.models.ANSWER_KINDS
    photo_required_on_fail: bool
    min_value: float | None = None  # a number item's limits (safety.checklists.limits)
    max_value: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class PhotoReference(PhotoClaim):
    """One use of an uploaded photo in the document (its UUID and field), with what it is evidence of."""

    purpose: str  # a value of safety.photos.models.PURPOSES
    answer_index: int | None = None
    hazard_index: int | None = None


@dataclass(frozen=True)
class AnswerDocument:
    item_id: str
    result: str | None
    value: object  # None, a string or a number as sent; its item's kind decides what it must be
    note: str
    photos: tuple[str, ...]


@dataclass(frozen=True)
class HazardDocument:
    uuid: str
    item_id: str | None
    description: str
    level: str
    mode: str
    responsible_person: str
    measures: str
    deadline: date | None
    photos: tuple[str, ...]
    rectification_photos: tuple[str, ...]
    # 现场处理措施 ordered on the spot (additive to the contract): see safety.documents.onsite.
    onsite_measure: dict | None = None


@dataclass(frozen=True)
class InspectionDocument:
    uuid: str
    enterprise_code: str
    template_id: int
    template_version: int
    kind: str
    started_at: datetime
    finished_at: datetime
    identified_by: str
    latitude: float | None
    longitude: float | None
    accuracy_m: float | None
    answers: tuple[AnswerDocument, ...]
    hazards: tuple[HazardDocument, ...]
    notes: str
    inspector_signature: str | None
    representative_signature: str | None
    representative_name: str
    photo_references: tuple[PhotoReference, ...]
    # The returned inspection this document amends (additive to the contract): see safety.inspections.revisions.
    revision_of: str | None = None
    # What the representative's signature covers, and why the enterprise did not sign: see
    # safety.inspections.signatures.
    representative_signed_sha256: str | None = None
    representative_absent_reason: str = ""
    # The campaign task it was made for, and who went (safety.inspections.teams), both optional in the contract.
    task_uuid: str | None = None
    team: tuple[TeamEntry, ...] = ()
    # The visit of several checklists this document is one of (additive to the contract): see models.Inspection.
    visit_uuid: str | None = None
    # Fields added later need a default: the content hash leaves a field at its default out (safety.common.canonical).

    @property
    def content_hash(self) -> str:
        """What the document says, as a SHA-256: the same for a resend however it is written, other for other
        content. The UUID is what it is stored under, and the photo references are derived from the rest."""
        return content_hash(self, leave_out=("uuid", "photo_references"))


@dataclass(frozen=True)
class CheckedAnswer:
    """An answer matched to its template item, with the value and the result as they are stored."""

    document: AnswerDocument
    item: VersionItem
    value: str | None
    result: str | None  # as sent, except a number item's reading outside its limits sent without one: "fail"


# --- the document ---------------------------------------------------------------------------------

def parse_inspection(data: dict, now: datetime | None = None) -> InspectionDocument:
    """Parse the contract's inspection document; raise DomainError (400) at the first bad field."""
    now = now or utcnow()
    document_uuid = read_uuid(data.get("uuid"), "uuid")
    enterprise_code = read_text(data, "enterprise_code", required=True, limit=32)
    template_id = read_positive_int(data, "template_id")
    template_version = read_positive_int(data, "template_version")
    kind = read_choice(data, "kind", KINDS)
    started_at = read_time(data, "started_at")
    finished_at = read_time(data, "finished_at")
    if started_at > finished_at:
        raise DomainError("time_order", _("finished_at is earlier than started_at."), field="finished_at")
    if finished_at > now + FUTURE_TOLERANCE:
        raise DomainError("time_in_future",
                          _("finished_at lies in the future; check the phone's date and time."), field="finished_at")
    identified_by = read_choice(data, "identified_by", IDENTIFIED_BY)
    latitude, longitude, accuracy_m = _location(data)
    answers = tuple(_answer(entry, n) for n, entry in enumerate(read_list(data, "answers", "", MAX_ANSWERS)))
    _refuse_duplicate_answers(answers)
    hazards = tuple(_hazard(entry, n, finished_at)
                    for n, entry in enumerate(read_list(data, "hazards", "", MAX_HAZARDS)))
    _refuse_duplicate_hazards(hazards)
    signatures = read_object(data, "signatures") or {}
    inspector_signature = read_optional_uuid(signatures, "inspector", "signatures")
    representative_signature = read_optional_uuid(signatures, "representative", "signatures")
    document = InspectionDocument(
        uuid=document_uuid, enterprise_code=enterprise_code, template_id=template_id,
        template_version=template_version, kind=kind, started_at=started_at, finished_at=finished_at,
        identified_by=identified_by, latitude=latitude, longitude=longitude, accuracy_m=accuracy_m,
        answers=answers, hazards=hazards, notes=read_text(data, "notes"),
        inspector_signature=inspector_signature, representative_signature=representative_signature,
        representative_name=read_text(signatures, "representative_name", "signatures", limit=SHORT_TEXT),
        photo_references=(), revision_of=read_optional_uuid(data, "revision_of", ""),
        representative_signed_sha256=_sha256(signatures, "representative_signed_sha256", "signatures"),
        representative_absent_reason=read_text(signatures, "representative_absent_reason", "signatures",
                                               limit=REASON_TEXT),
        task_uuid=read_optional_uuid(data, "task_uuid", ""), team=parse_team(data),
        visit_uuid=read_optional_uuid(data, "visit_uuid", ""),
    )
    if document.revision_of == document.uuid:
        raise DomainError("revision_of_itself", _("An inspection cannot be a revision of itself."),
                          field="revision_of")
    return _with_photo_references(document)


def _sha256(data: dict, name: str, prefix: str) -> str | None:
    """An optional SHA-256 written as 64 hexadecimal characters, answered in lowercase."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not SHA256_HEX.fullmatch(value):
        field = field_path(prefix, name)
        raise DomainError("invalid_sha256", _("%(field)s must be a SHA-256 written as 64 hexadecimal characters.",
                                              field=field), field=field)
    return value.lower()


def _location(data: dict) -> tuple[float | None, float | None, float | None]:
    location = read_object(data, "location")
    if location is None:
        return None, None, None
    for name in ("lat", "lng"):
        if location.get(name) is None:
            raise required_error(f"location.{name}")
    latitude = read_number(location["lat"], "location.lat", -90, 90, "invalid_location")
    longitude = read_number(location["lng"], "location.lng", -180, 180, "invalid_location")
    accuracy = location.get("accuracy_m")
    if accuracy is None:
        return latitude, longitude, None
    return latitude, longitude, read_number(accuracy, "location.accuracy_m", 0, 100_000, "invalid_location")


def _answer(entry, n: int) -> AnswerDocument:
    prefix = f"answers[{n}]"
    if not isinstance(entry, dict):
        raise wrong_type_error(prefix, _("an object"))
    value = entry.get("value")
    if isinstance(value, (dict, list, bool)):
        raise wrong_type_error(f"{prefix}.value", _("a number or text"))
    return AnswerDocument(item_id=read_text(entry, "item_id", prefix, required=True, limit=40),
                          result=read_choice(entry, "result", RESULTS, prefix, required=False),
                          value=value, note=read_text(entry, "note", prefix),
                          photos=read_uuid_list(entry, "photos", prefix, MAX_PHOTOS_PER_ENTRY))


def _refuse_duplicate_answers(answers: tuple[AnswerDocument, ...]) -> None:
    seen = set()
    for n, answer in enumerate(answers):
        if answer.item_id in seen:
            field = f"answers[{n}].item_id"
            raise DomainError("duplicate_answer", _("Item %(item)s is answered twice.", item=answer.item_id),
                              field=field)
        seen.add(answer.item_id)


def _hazard(entry, n: int, finished_at: datetime) -> HazardDocument:
    prefix = f"hazards[{n}]"
    if not isinstance(entry, dict):
        raise wrong_type_error(prefix, _("an object"))
    hazard_uuid = read_uuid(entry.get("uuid"), f"{prefix}.uuid")
    item_id = read_text(entry, "item_id", prefix, limit=40) or None
    description = read_text(entry, "description", prefix, required=True)
    level = read_choice(entry, "level", LEVELS, prefix)
    mode = read_choice(entry, "mode", MODES, prefix)
    deadline = None
    if entry.get("deadline") not in (None, ""):
        deadline = parse_iso_date(entry["deadline"])
        if deadline is None:
            raise DomainError("invalid_date", _("%(field)s must be a date written YYYY-MM-DD.",
                                                field=f"{prefix}.deadline"), field=f"{prefix}.deadline")
    deadline_mode = mode == "deadline"
    responsible_person = read_text(entry, "responsible_person", prefix, required=deadline_mode, limit=SHORT_TEXT)
    measures = read_text(entry, "measures", prefix, required=deadline_mode)
    photos = read_uuid_list(entry, "photos", prefix, MAX_PHOTOS_PER_ENTRY)
    rectification_photos = read_uuid_list(entry, "rectification_photos", prefix, MAX_PHOTOS_PER_ENTRY)
    if deadline_mode:
        # 三定: a hazard left for later needs who, how and by when
        if deadline is None:
            raise required_error(f"{prefix}.deadline")
        # The deadline is a date where the inspection happened, so compare with the phone's own local date.
        if deadline < finished_at.date():
            raise DomainError("deadline_before_inspection",
                              _("The deadline %(deadline)s is before the inspection (%(date)s).",
                                deadline=deadline.isoformat(), date=finished_at.date().isoformat()),
                              field=f"{prefix}.deadline")
        if rectification_photos:
            raise DomainError("not_for_mode", _("Rectification photos belong to hazards fixed on the spot."),
                              field=f"{prefix}.rectification_photos")
    elif not rectification_photos:
        raise DomainError("rectification_photo_required",
                          _("A hazard fixed on the spot needs at least one photo of the rectification."),
                          field=f"{prefix}.rectification_photos")
    return HazardDocument(uuid=hazard_uuid, item_id=item_id, description=description, level=level, mode=mode,
                          responsible_person=responsible_person, measures=measures, deadline=deadline,
                          photos=photos, rectification_photos=rectification_photos,
                          onsite_measure=read_onsite_measure(entry, prefix))


def _refuse_duplicate_hazards(hazards: tuple[HazardDocument, ...]) -> None:
    seen = set()
    for n, hazard in enumerate(hazards):
        if hazard.uuid in seen:
            raise DomainError("duplicate_hazard", _("Hazard %(uuid)s appears twice.", uuid=hazard.uuid),
                              field=f"hazards[{n}].uuid")
        seen.add(hazard.uuid)


def _with_photo_references(document: InspectionDocument) -> InspectionDocument:
    """Every photo use, each photo used once. One exception: the hazard sheet opened from a
    failed item shows that item's photos, so a hazard may reuse the photos of its own item's answer."""
    references: list[PhotoReference] = []
    for n, answer in enumerate(document.answers):
        references += [PhotoReference(u, f"answers[{n}].photos[{k}]", "answer", answer_index=n)
                       for k, u in enumerate(answer.photos)]
    for n, hazard in enumerate(document.hazards):
        references += [PhotoReference(u, f"hazards[{n}].photos[{k}]", "hazard", hazard_index=n)
                       for k, u in enumerate(hazard.photos)]
        references += [PhotoReference(u, f"hazards[{n}].rectification_photos[{k}]", "rectification",
                                      hazard_index=n) for k, u in enumerate(hazard.rectification_photos)]
    if document.inspector_signature:
        references.append(PhotoReference(document.inspector_signature, "signatures.inspector",
                                         "inspector_signature"))
    if document.representative_signature:
        references.append(PhotoReference(document.representative_signature, "signatures.representative",
                                         "representative_signature"))
    first_use: dict[str, PhotoReference] = {}
    shared: set[str] = set()
    for reference in references:
        earlier = first_use.get(reference.uuid)
        if earlier is None:
            first_use[reference.uuid] = reference
            continue
        if (earlier.purpose == "answer" and reference.purpose == "hazard" and reference.uuid not in shared
                and document.hazards[reference.hazard_index].item_id
                == document.answers[earlier.answer_index].item_id):
            shared.add(reference.uuid)
            continue
        raise DomainError("photo_reused", _("Photo %(uuid)s is already used at %(other)s.", uuid=reference.uuid,
                                            other=earlier.field), field=reference.field)
    return replace(document, photo_references=tuple(references))


# --- against the template version --------------------------------------------------------------------

def check_against_template(document: InspectionDocument, items: dict[str, VersionItem]) -> list[CheckedAnswer]:
    """Check answers and hazards against the version's items (by key); answer the answers with their items."""
    checked = [_check_answer(answer, n, items) for n, answer in enumerate(document.answers)]
    answered = {answer.item_id for answer in document.answers}
    missing = [key for key, item in items.items() if item.kind == "pass_fail" and key not in answered]
    if missing:
        raise DomainError("missing_answers", _("These items have no answer: %(items)s.", items=", ".join(missing)),
                          field="answers")
    for n, hazard in enumerate(document.hazards):
        if hazard.item_id is not None and hazard.item_id not in items:
            raise _unknown_item(hazard.item_id, f"hazards[{n}].item_id")
    return checked


def _unknown_item(key: str, field: str) -> DomainError:
    return DomainError("unknown_item", _("The template version has no item %(item)s.", item=key), field=field)


def _check_answer(answer: AnswerDocument, n: int, items: dict[str, VersionItem]) -> CheckedAnswer:
    prefix = f"answers[{n}]"
    item = items.get(answer.item_id)
    if item is None:
        raise _unknown_item(answer.item_id, f"{prefix}.item_id")
    if item.kind == "pass_fail":
        if answer.result is None:
            raise required_error(f"{prefix}.result")
        if answer.value not in (None, ""):
            raise DomainError("not_for_kind", _("A pass/fail item takes a result, not a value."),
                              field=f"{prefix}.value")
        _require_photo_on_fail(answer, item, prefix)
        return CheckedAnswer(answer, item, None, answer.result)
    value = _stored_value(answer.value, item.kind, f"{prefix}.value")
    if item.kind == "number":
        return _check_reading(answer, item, value, prefix)
    if answer.result not in (None, "na"):
        raise DomainError("not_for_kind", _("Only a pass/fail or a number item can pass or fail; this one may be "
                                            "marked not applicable."), field=f"{prefix}.result")
    return CheckedAnswer(answer, item, value, answer.result)


def _require_photo_on_fail(answer: AnswerDocument, item: VersionItem, prefix: str) -> None:
    if answer.result == "fail" and item.photo_required_on_fail and not answer.photos:
        raise DomainError("photo_required", _("Item %(item)s failed and needs at least one photo.", item=item.key),
                          field=f"{prefix}.photos")


def _check_reading(answer: AnswerDocument, item: VersionItem, value: str | None, prefix: str) -> CheckedAnswer:
    """A number item: a reading, 不适用, or a result. A reading outside the limits fails, as on the phone.

    Sent as ``pass``, such a reading is refused rather than stored as sent: the phone marks it failed
    by itself, so ``pass`` there is a client bug or a hand-made document, and a record that says 合格
    beside a reading the checklist calls a failure would stand in the ledger with no hazard behind it.
    Sent with no result (a phone from before limits existed), the server derives ``fail`` as the phone
    would; the photo a failure needs is asked only of a phone that said ``fail`` itself, since an older
    phone could not know to take one and its inspection must not be stuck in its outbox.
    A reading within the limits may still be failed by eye (the alarm reads 0 but is out of calibration).
    """
    result = answer.result
    if result == "na":
        return CheckedAnswer(answer, item, value, result)
    outside = value is not None and reading_outside(float(value), item.min_value, item.max_value)
    if outside and result == "pass":
        raise DomainError("outside_limits", _(
            "Item %(item)s: the reading %(value)s is outside its limits (%(limits)s), so it cannot pass.",
            item=item.key, value=f"{value} {item.unit}".strip(),
            limits=limits_text(item.min_value, item.max_value, item.unit)), field=f"{prefix}.result")
    if result == "pass" and value is None:
        raise DomainError("required", _("%(field)s is required: a number item passes on a reading.",
                                        field=f"{prefix}.value"), field=f"{prefix}.value")
    _require_photo_on_fail(answer, item, prefix)
    return CheckedAnswer(answer, item, value, "fail" if outside and result is None else result)


def value_as_stored(value, kind: str) -> str | None:
    """The answer ``value`` as an answer to an item of ``kind`` is stored; DomainError when it cannot be one."""
    return None if kind == "pass_fail" else _stored_value(value, kind, "value")


def _stored_value(value, kind: str, field: str) -> str | None:
    if value is None or value == "":
        return None
    if kind == "text":
        if not isinstance(value, str):
            raise wrong_type_error(field, _("text"))
        if len(value) > LONG_TEXT:
            raise DomainError("too_long", _("%(field)s may be at most %(n)s characters long.", field=field,
                                            n=LONG_TEXT), field=field)
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = math.nan
    else:
        number = float(value)
    if not math.isfinite(number):
        raise DomainError("invalid_number", _("%(field)s must be a number.", field=field), field=field)
    return repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)

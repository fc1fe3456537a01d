"""What the enterprise representative signs, and which revision each signature belongs to.

The representative signs the findings: the answers and the hazards with their three fixes (三定: who, how, by
when), on the checklist they were recorded against. That content has a fingerprint, the SHA-256 of its
canonical JSON (safety.common.canonical), computed the same way by the phone (static/js/signed-content.js)
from the document it sends, so both sides agree without a network:

    {"enterprise_code", "template_id", "template_version", "kind", "notes",
     "answers": [{"item_id", "result", "value", "note", "photos"}]             sorted by item_id,
     "hazards": [{"uuid", "item_id", "description", "level", "mode", "responsible_person",
                  "measures", "deadline", "photos", "rectification_photos"}]   sorted by uuid}

Texts as the parser leaves them (stripped), photo lists sorted (their order is not what was signed), an answer's
value as text (a number written as JavaScript writes it, an empty value as null). Times, the location and the
signatures themselves are not signed content: an amended revision is finished later, elsewhere.

A returned inspection amended at the office (safety.inspections.revisions) may carry the earlier signature only
while its signed content is unchanged. The document says which content its representative signature covers
(``signatures.representative_signed_sha256``); a claim that does not match the document is refused (400), and
so is a carried signature claimed for content other than the one it was given for (409). A document without
the claim (a phone from before this rule) is stored, and its carried signature is recorded as belonging to the
revision it was given on: the review page then says the content changed since. Without the representative,
``signatures.representative_absent_reason`` says why (an amendment made at the office, a refusal to sign).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from safety.common.canonical import json_value_hash
from safety.common.errors import Conflict, DomainError
from safety.extensions import db
from safety.inspections.models import Inspection
from safety.photos.models import Photo

REPRESENTATIVE, INSPECTOR = "representative_signature", "inspector_signature"  # photo purposes


@dataclass(frozen=True)
class SignOff:
    """Which revision each signature of a document belongs to, and what the representative's covers."""

    signed_content_sha256: str  # the fingerprint of the document's own signed content
    inspector_revision: int | None
    representative_revision: int | None
    representative_sha256: str | None  # the content the representative signed; None when unknown or unsigned


def signed_content_sha256(document: dict) -> str:
    """The fingerprint of what the representative signs in ``document`` (the contract's inspection shape)."""
    answers = sorted(({"item_id": answer["item_id"], "result": answer.get("result"),
                       "value": _value_text(answer.get("value")), "note": answer.get("note") or "",
                       "photos": sorted(answer.get("photos") or [])} for answer in document["answers"]),
                     key=lambda answer: answer["item_id"])
    hazards = sorted(({"uuid": hazard["uuid"], "item_id": hazard.get("item_id"),
                       "description": hazard["description"], "level": hazard["level"], "mode": hazard["mode"],
                       "responsible_person": hazard.get("responsible_person") or "",
                       "measures": hazard.get("measures") or "", "deadline": hazard.get("deadline"),
                       "photos": sorted(hazard.get("photos") or []),
                       "rectification_photos": sorted(hazard.get("rectification_photos") or [])}
                      for hazard in document["hazards"]), key=lambda hazard: hazard["uuid"])
    # Every value is text, a whole number, a boolean or None here (an answer's value is written as text).
    return json_value_hash({"enterprise_code": document["enterprise_code"], "template_id": document["template_id"],
                       "template_version": document["template_version"], "kind": document["kind"],
                       "notes": document.get("notes") or "", "answers": answers, "hazards": hazards})


def _value_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else repr(value)


def document_sha256(document) -> str:
    """:func:`signed_content_sha256` of a parsed document (safety.inspections.validation.InspectionDocument)."""
    return signed_content_sha256({
        "enterprise_code": document.enterprise_code, "template_id": document.template_id,
        "template_version": document.template_version, "kind": document.kind, "notes": document.notes,
        "answers": [{"item_id": answer.item_id, "result": answer.result, "value": answer.value,
                     "note": answer.note, "photos": answer.photos} for answer in document.answers],
        "hazards": [{"uuid": hazard.uuid, "item_id": hazard.item_id, "description": hazard.description,
                     "level": hazard.level, "mode": hazard.mode, "responsible_person": hazard.responsible_person,
                     "measures": hazard.measures,
                     "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
                     "photos": hazard.photos, "rectification_photos": hazard.rectification_photos}
                    for hazard in document.hazards]})


def check_signatures(document, revised, photos: dict[str, Photo]) -> SignOff:
    """The sign-off of a parsed ``document`` whose photos are claimed (``photos`` by UUID); ``revised`` is the
    returned inspection it amends (safety.inspections.revisions.Revised) or None. 400/409 as the module says."""
    content = document_sha256(document)
    revision = revised.earlier.revision + 1 if revised is not None else 1
    claimed = document.representative_signed_sha256
    if document.representative_signature is None:
        if claimed is not None:
            raise DomainError("signature_missing",
                              _("The document declares what the enterprise representative signed, but carries no "
                                "representative signature."), field="signatures.representative_signed_sha256")
        return SignOff(content, _inspector_revision(document, revised, photos, revision), None, None)
    if document.representative_absent_reason:
        raise DomainError("signature_and_reason",
                          _("Send either the enterprise representative's signature or the reason it is missing, "
                            "not both."), field="signatures.representative_absent_reason")
    if claimed is not None and claimed != content:
        raise DomainError("signature_content_mismatch",
                          _("The enterprise representative's signature is declared for content %(claimed)s, but "
                            "what this document records is %(actual)s: something the representative signed has "
                            "changed. Ask the representative to sign again, or send the inspection with the "
                            "reason it was amended without the enterprise.", claimed=claimed, actual=content),
                          field="signatures.representative_signed_sha256")
    inspector = _inspector_revision(document, revised, photos, revision)
    signer = _carried_from(photos[document.representative_signature], revised)
    if signer is None:
        return SignOff(content, inspector, revision, content)  # drawn for this very document
    given_for = signer.representative_signed_sha256 or _first_document_sha256(signer)
    if given_for is not None and given_for != content and claimed is not None:
        raise Conflict("signature_of_earlier_revision",
                       _("This representative signature was given for revision %(revision)s, and what the "
                         "representative signed has changed since. Ask the representative to sign again, or send "
                         "the inspection with the reason it was amended without the enterprise.",
                         revision=signer.representative_signed_revision or signer.revision),
                       field="signatures.representative")
    # Unclaimed and changed: kept as the earlier revision's signature, which the review page shows as such.
    return SignOff(content, inspector, signer.representative_signed_revision, given_for)


def _inspector_revision(document, revised, photos: dict[str, Photo], revision: int) -> int | None:
    if document.inspector_signature is None:
        return None
    signer = _carried_from(photos[document.inspector_signature], revised)
    return revision if signer is None else signer.inspector_signed_revision


def _carried_from(photo: Photo, revised) -> Inspection | None:
    """The earlier revision a signature photo is carried from, or None for a signature drawn for this document."""
    if revised is None or photo.inspection_id is None or photo.inspection_id not in revised.chain_ids:
        return None
    if photo.inspection_id == revised.earlier.id:
        return revised.earlier
    return db.session.scalar(select(Inspection).where(Inspection.id == photo.inspection_id))


def _first_document_sha256(inspection: Inspection) -> str | None:
    """For a first document stored before fingerprints were kept: its representative drew the signature with it,
    so what it holds is what was signed. Unknown (None) for a revision stored then."""
    if inspection.revision != 1:
        return None
    from safety.inspections.queries import get_inspection_contents  # queries imports this module's reader
    from safety.inspections.serialize import inspection_json
    return signed_content_sha256(inspection_json(get_inspection_contents(inspection.uuid)))


def apply_sign_off(inspection: Inspection, sign_off: SignOff, reason: str) -> None:
    """Record the sign-off on the inspection row being stored."""
    inspection.signed_content_sha256 = sign_off.signed_content_sha256
    inspection.inspector_signed_revision = sign_off.inspector_revision
    inspection.representative_signed_revision = sign_off.representative_revision
    inspection.representative_signed_sha256 = sign_off.representative_sha256
    inspection.representative_absent_reason = reason

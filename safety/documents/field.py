"""Documents issued on a phone with no network: what ``POST /api/v1/documents`` adds for them.

At the end of an inspection the phone issues 现场检查记录, 责令限期整改指令书 and 现场处理措施决定书 offline:
it gives each a number of its block (safety.documents.blocks), shows the text to the enterprise's
representative, who signs on the phone, or the team records the refusal to sign (拒签) with a photo, and notes
who received it, when and how (送达). Once the inspection is stored the phone sends each document as the
contract's request plus (all additive)::

    {"uuid", "number": 12 | null, "year": 2026 | null, "issued_at",
     "receipt": {"signature": photo uuid | null, "refused": bool, "refusal_photo": photo uuid | null,
                 "refusal_note", "recipient", "method": "in_person" | "left_on_site", "served_at"}}

The server builds the content from the stored records as it does for a document issued in the office, adds the
receipt (with the SHA-256 of each photo, so the frozen content binds the signature's very bytes) and freezes it.
The phone's number is kept: it must be in the sender's block (409 otherwise); a phone whose block ran out sends
``number: null`` and the document is numbered here, the next of its series, and said so in the answer. The same
request again answers the document already issued, with its number: never a second one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.common.errors import DomainError
from safety.common.types import utcnow
from safety.documents.blocks import FIELD_TYPES, claim_number
from safety.inspections.fields import read_choice, read_object, read_optional_uuid, read_text, read_time, read_uuid
from safety.photos.operations import PhotoClaim, attach_photo, claim_photos
from safety.users.models import User

IN_PERSON = "in_person"  # 直接送达: handed to the representative, who signed for it
LEFT_ON_SITE = "left_on_site"  # 留置送达: the representative refused; left on site, the refusal photographed
SERVICE_METHODS = (IN_PERSON, LEFT_ON_SITE)
SERVICE_LABELS = {IN_PERSON: _l("Handed to the representative"), LEFT_ON_SITE: _l("Left on site (refused to sign)")}
SIGNATURE_PURPOSE, REFUSAL_PURPOSE = "document_signature", "refusal"
FUTURE_TOLERANCE = timedelta(days=1)
PHOTOS_FIRST = _l("These photos have not been uploaded yet: %(uuids)s. Upload them first, then send the "
                  "document again.")


@dataclass(frozen=True)
class Receipt:
    """How the enterprise received the document (送达): signed for, or refused with a photo."""

    signature: str | None
    refused: bool
    refusal_photo: str | None
    refusal_note: str
    recipient: str
    method: str
    served_at: datetime


@dataclass(frozen=True)
class FieldIssue:
    """The phone's part of a document issued on site."""

    uuid: str
    year: int | None
    number: int | None  # None: the phone's block had run out; numbered when it arrives
    issued_at: datetime
    receipt: Receipt


def parse_field_issue(data: dict, kind: str, now: datetime | None = None) -> FieldIssue | None:
    """The phone's fields of a document request, or None for a request made in the office (no ``receipt``)."""
    receipt = read_object(data, "receipt")
    if receipt is None:
        return None
    if kind not in FIELD_TYPES:
        raise DomainError("not_for_type", _("Only the on-site inspection record, the order to rectify and the "
                                            "decision on on-site measures are issued on a phone."), field="type")
    if not data.get("inspection_uuid"):
        raise DomainError("inspection_required", _("A document issued on site names the inspection it ends."),
                          field="inspection_uuid")
    year, number = data.get("year"), data.get("number")
    if (year is None) != (number is None):
        raise DomainError("number_and_year", _("A number goes with its year: send both, or neither when the phone "
                                               "had no number left."), field="number")
    for name, value in (("year", year), ("number", number)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise DomainError("invalid_type", _("%(field)s must be a positive whole number.", field=name), field=name)
    issued_at = read_time(data, "issued_at")
    if issued_at > (now or utcnow()) + FUTURE_TOLERANCE:
        raise DomainError("time_in_future", _("%(field)s is in the future: check the phone's clock.",
                                              field="issued_at"), field="issued_at")
    return FieldIssue(uuid=read_uuid(data.get("uuid"), "uuid"), year=year, number=number, issued_at=issued_at,
                      receipt=_receipt(receipt))


def _receipt(data: dict) -> Receipt:
    prefix = "receipt"
    refused = data.get("refused", False)
    if not isinstance(refused, bool):
        raise DomainError("invalid_type", _("%(field)s must be true or false.", field="receipt.refused"),
                          field="receipt.refused")
    signature = read_optional_uuid(data, "signature", prefix)
    refusal_photo = read_optional_uuid(data, "refusal_photo", prefix)
    if refused and refusal_photo is None:
        raise DomainError("refusal_photo_required", _("A refusal to sign is recorded with a photo: take one of the "
                                                      "document shown on site."), field="receipt.refusal_photo")
    if refused and signature is not None:
        raise DomainError("signed_and_refused", _("A refused document carries no signature."),
                          field="receipt.signature")
    if not refused and signature is None:
        raise DomainError("signature_required", _("The representative signs for the document, or the team records "
                                                  "the refusal to sign."), field="receipt.signature")
    method = read_choice(data, "method", SERVICE_METHODS, prefix)
    if (method == LEFT_ON_SITE) != refused:
        raise DomainError("method_mismatch", _("A refused document is left on site; a signed one is handed over."),
                          field="receipt.method")
    served_at = data.get("served_at")
    return Receipt(signature=signature, refused=refused, refusal_photo=refusal_photo,
                   refusal_note=read_text(data, "refusal_note", prefix, limit=1_000),
                   recipient=read_text(data, "recipient", prefix, required=True, limit=100),
                   method=method, served_at=read_time({"receipt.served_at": served_at}, "receipt.served_at"))


def field_number(user: User, issue: FieldIssue, kind: str):
    """The number of the phone's block the document carries, claimed for it (a 409 when it is not the sender's
    to give); None when the phone had none left, and the caller numbers it from the series."""
    if issue.number is None:
        return None
    return claim_number(user, kind, issue.year, issue.number)


def receipt_content(user: User, issue: FieldIssue, inspection_id: int) -> dict:
    """The receipt as the frozen content says it: each photo with its SHA-256. The photos become evidence of the
    inspection (they must be the sender's uploads, not evidence of anything else yet)."""
    receipt = issue.receipt
    claims = [PhotoClaim(uuid, field) for uuid, field in ((receipt.signature, "receipt.signature"),
                                                           (receipt.refusal_photo, "receipt.refusal_photo")) if uuid]
    photos = claim_photos(user, claims, missing_message=PHOTOS_FIRST)
    for claim in claims:
        purpose = SIGNATURE_PURPOSE if claim.uuid == receipt.signature else REFUSAL_PURPOSE
        attach_photo(photos[claim.uuid], purpose, inspection_id=inspection_id)

    def photo(uuid: str | None) -> dict | None:
        return {"uuid": uuid, "sha256": photos[uuid].sha256} if uuid else None

    return {"uuid": issue.uuid, "issued_at": issue.issued_at.isoformat(), "signature": photo(receipt.signature),
            "refused": receipt.refused, "refusal_photo": photo(receipt.refusal_photo),
            "refusal_note": receipt.refusal_note, "recipient": receipt.recipient, "method": receipt.method,
            "served_at": receipt.served_at.isoformat()}


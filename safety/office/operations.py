"""Reading and changing the office's identity and its penalty powers (read by safety.measures.rules)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from safety.audit.operations import diff, record_audit
from safety.extensions import db
from safety.office.models import OFFICE_ROW, OfficeSettings


@dataclass(frozen=True)
class OfficeIdentity:
    """What a document prints of its office; frozen into the document's content at issue."""

    full_name: str
    short_name: str
    address: str
    phone: str
    seal_text: str
    prefixes: dict = field(default_factory=dict)

    def prefix_for(self, kind: str) -> str:
        """The number prefix of ``kind``: the one set for it, else the short name."""
        return (self.prefixes or {}).get(kind) or self.short_name

    def as_content(self) -> dict:
        return {"full_name": self.full_name, "short_name": self.short_name, "address": self.address,
                "phone": self.phone, "seal_text": self.seal_text or self.full_name}


def get_office() -> OfficeIdentity:
    """The office as set by an administrator; before that, ``OFFICE_NAME`` from the configuration."""
    row = db.session.get(OfficeSettings, OFFICE_ROW)
    if row is None or not row.full_name:  # never set (a row made only for the powers has no name)
        name = current_app.config.get("OFFICE_NAME", "")
        return OfficeIdentity(name, "", "", "", name, {})
    return OfficeIdentity(row.full_name, row.short_name, row.address, row.phone, row.seal_text,
                          dict(row.prefixes or {}))


def update_office(actor, identity: OfficeIdentity, penalty_powers: bool | None = None) -> OfficeSettings:
    """Store the office's identity and, when given, whether it has penalty powers (an office without them, a
    park, decides no seizure and no penalty), audited field by field. Documents already issued keep what they
    printed."""
    row = db.session.get(OfficeSettings, OFFICE_ROW)
    if row is None:
        row = OfficeSettings(id=OFFICE_ROW, prefixes={}, penalty_powers=True)
        db.session.add(row)
    before = _snapshot(row)
    row.full_name, row.short_name, row.address = identity.full_name, identity.short_name, identity.address
    row.phone, row.seal_text = identity.phone, identity.seal_text
    row.prefixes = {kind: prefix for kind, prefix in identity.prefixes.items() if prefix}
    if penalty_powers is not None:
        row.penalty_powers = bool(penalty_powers)
    db.session.flush()
    changes = diff(before, _snapshot(row))
    if changes:
        record_audit(actor, "office.changed", "office", OFFICE_ROW, row.full_name, changes)
    return row


def _snapshot(row: OfficeSettings) -> dict:
    return {"full_name": row.full_name or "", "short_name": row.short_name or "", "address": row.address or "",
            "phone": row.phone or "", "seal_text": row.seal_text or "", "prefixes": dict(row.prefixes or {}),
            "penalty_powers": row.penalty_powers is not False}

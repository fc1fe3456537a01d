"""The enforcement ledger as an Excel workbook: one row per document, the filters of the page applied."""
from __future__ import annotations

from flask_babel import gettext as _

from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes
from safety.documents.labels import DOCUMENT_TITLES
from safety.documents.queries import DocumentFilters, filtered_documents, rows_for
from safety.extensions import db
from safety.users.models import User

BATCH = 500


def _columns():
    return [(_("Document number"), 26, lambda row: row.document.reference),
            (_("Document"), 22, lambda row: str(DOCUMENT_TITLES[row.document.kind])),
            (_("Enterprise code"), 14, lambda row: row.enterprise_code),
            (_("Enterprise"), 30, lambda row: row.enterprise_name),
            (_("Issued"), 17, lambda row: row.document.issued_at),
            (_("Issued by"), 12, lambda row: row.issued_by),
            (_("Hazards"), 9, lambda row: _hazard_count(row.document.content)),
            (_("Replaced by"), 26, lambda row: row.superseded_by or ""),
            ("SHA-256", 66, lambda row: row.document.sha256)]


def _hazard_count(content: dict) -> int:
    if "enterprises" in content:
        return sum(len(entry.get("hazards", [])) for entry in content["enterprises"])
    return len(content.get("hazards", content.get("checks", [])))


def documents_xlsx(user: User, filters: DocumentFilters) -> bytes:
    """A workbook with one sheet: the headings, then one row per document, newest first."""
    columns = _columns()
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Enforcement documents"), widths=[width for _h, width, _v in columns],
                      freeze="B2")
    sheet.append([cell(sheet, str(heading), bold=True) for heading, _width, _value in columns])
    documents = list(db.session.scalars(filtered_documents(user, filters)))
    for start in range(0, len(documents), BATCH):
        for row in rows_for(documents[start:start + BATCH]):
            sheet.append([cell(sheet, value(row)) for _heading, _width, value in columns])
    return workbook_bytes(workbook)

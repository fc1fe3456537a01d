"""How documents are named and what their templates need to show the content they keep."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from safety.documents.models import NOTICE, OPINION, format_reference
from safety.hazards.vocabulary import level_label
from safety.inspections.vocabulary import kind_label

DOCUMENT_TITLES = {NOTICE: _l("Rectification notice"), OPINION: _l("Re-inspection opinion")}  # 整改通知书 / 复查意见书


def document_helpers() -> dict:
    return {"DOCUMENT_TITLES": DOCUMENT_TITLES, "hazard_level_label": level_label,
            "inspection_kind_label": kind_label, "format_reference": format_reference,
            "office_name": current_app.config.get("OFFICE_NAME", "")}

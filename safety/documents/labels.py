"""How documents are named, and what their templates need to show the content they keep."""
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from safety.common.office_time import office_zone
from safety.common.words import labeller
from safety.documents.models import (CIRCULAR, INSPECTION_RECORD, ONSITE_MEASURES, RECHECK_OPINION,
                                     RECTIFICATION_ORDER)
from safety.documents.onsite import measure_label
from safety.hazards.vocabulary import level_label
from safety.inspections.vocabulary import kind_label

DOCUMENT_TITLES = {
    INSPECTION_RECORD: _l("On-site inspection record"),  # 现场检查记录
    RECTIFICATION_ORDER: _l("Order to rectify by a deadline"),  # 责令限期整改指令书
    RECHECK_OPINION: _l("Rectification re-inspection opinion"),  # 整改复查意见书
    ONSITE_MEASURES: _l("Decision on on-site measures"),  # 现场处理措施决定书
    CIRCULAR: _l("Circular"),  # 通报
}

RESULT_LABELS = {"pass": _l("Compliant"), "fail": _l("Not compliant"), "na": _l("Not applicable")}


def document_date(value) -> str:
    """A day as documents write it: 2026年12月4日 (in English, 4 December 2026)."""
    if not value:
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if str(get_locale()).startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def document_time(value) -> str:
    """The time of day on the office's clock of an aware time or its ISO text: 09:30."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(office_zone()).strftime("%H:%M")


result_label = labeller(RESULT_LABELS)


def document_helpers() -> dict:
    return {"DOCUMENT_TITLES": DOCUMENT_TITLES, "hazard_level_label": level_label,
            "inspection_kind_label": kind_label, "measure_label": measure_label, "result_label": result_label}

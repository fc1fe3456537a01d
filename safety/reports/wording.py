"""How the report names its figures, and the opening paragraph in the office's own reporting wording."""
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.enterprises.sectors import sector_label
from safety.reports.summary import Figures, Summary

# The figures of every table, in the order the office reports them (and the workbook lists them).
FIGURE_KEYS = ("inspections", "enterprises_inspected", "enterprises_supervised", "hazards_found", "major_hazards",
               "rectified", "rectification_rate", "overdue", "escalated", "documents_issued")
FIGURE_LABELS = {
    "inspections": _l("Inspections made"),  # 入企检查（次）
    "enterprises_inspected": _l("Enterprises inspected"),  # 检查企业（家）
    "enterprises_supervised": _l("Enterprises under supervision"),  # 监管企业（家）
    "hazards_found": _l("Hazards found"),  # 排查隐患（条）
    "major_hazards": _l("Major hazards found"),  # 重大隐患（个）
    "rectified": _l("Hazards rectified"),  # 已整改（条）
    "rectification_rate": _l("Rectification rate"),  # 整改率
    "overdue": _l("Hazards overdue"),  # 逾期未整改（条）
    "escalated": _l("Hazards escalated"),  # 移送处理（条）
    "documents_issued": _l("Documents issued"),  # 下发执法文书（份）
}
# A month has no "enterprises supervised", and counting its visited enterprises would not add up to the period's.
MONTH_KEYS = tuple(key for key in FIGURE_KEYS if not key.startswith("enterprises_"))
NO_RATE = "—"  # nothing found, so no rate: never a division by zero, never a misleading 0 %


def format_rate(rate: float | None) -> str:
    return NO_RATE if rate is None else f"{rate:.1f}%"


def figure_value(figures, key: str):
    """A figure as the tables show it: the rate formatted, the counts as numbers."""
    if key == "rectification_rate":
        return format_rate(figures.rectification_rate)
    return getattr(figures, key)


def summary_paragraph(summary: Summary) -> str:
    """The summary's opening paragraph, numbers filled in (本季度共入企检查N次，检查企业M家……)."""
    totals = summary.totals
    return _("In %(period)s we carried out %(inspections)s inspections at %(enterprises)s enterprises "
             "(of %(supervised)s under supervision) and found %(hazards)s work-safety hazards, %(major)s of them "
             "major; %(rectified)s have been rectified (%(on_the_spot)s of them on the spot), a rectification "
             "rate of %(rate)s. %(overdue)s hazards are overdue, %(escalated)s have been escalated, and "
             "%(documents)s documents were issued.",
             period=summary.period.name, inspections=totals.inspections, enterprises=totals.enterprises_inspected,
             supervised=totals.enterprises_supervised, hazards=totals.hazards_found, major=totals.major_hazards,
             rectified=totals.rectified, on_the_spot=totals.rectified_on_the_spot,
             rate=format_rate(totals.rectification_rate), overdue=totals.overdue, escalated=totals.escalated,
             documents=totals.documents_issued)


@dataclass
class Table:
    """One table of the report, the same on the page, in print and in the workbook."""

    title: str
    heading: str  # of the first column
    rows: list[tuple[str, Figures]]
    totals: Figures
    keys: tuple[str, ...]


def month_label(key: str) -> str:
    year, month = key.split("-")
    return format_skeleton("yMMM", date(int(year), int(month), 1), locale=get_locale())


def grid_label(code: str | None, name: str) -> str:
    return f"{name} ({code})" if code else _("No grid")


def report_tables(summary: Summary) -> list[Table]:
    """By sector, by grid and by month."""
    return [
        Table(_("By sector"), _("Sector"), [(sector_label(key), figures) for key, figures in summary.by_sector],
              summary.totals, FIGURE_KEYS),
        Table(_("By grid"), _("Grid"), [(grid_label(code, name), figures) for code, name, figures in summary.by_grid],
              summary.totals, FIGURE_KEYS),
        Table(_("By month"), _("Month"), [(month_label(key), figures) for key, figures in summary.by_month],
              summary.totals, MONTH_KEYS),
    ]

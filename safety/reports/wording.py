"""How the report names its figures, and the opening paragraph in the office's own reporting wording."""
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.common.rates import rate_tone
from safety.enterprises.sectors import sector_label
from safety.measures.wording import enforcement_sentence
from safety.reports.summary import Figures, Summary

# The figures of every table, in the order the office reports them (and the workbook lists them).
FIGURE_KEYS = ("inspections", "people_visits", "enterprises_inspected", "enterprises_supervised", "hazards_found",
               "major_hazards", "rectified", "rectification_rate", "overdue", "escalated", "documents_issued")
# The totals of the period add how the hazards found split and how their rectification was judged.
TOTAL_KEYS = FIGURE_KEYS[:FIGURE_KEYS.index("major_hazards") + 1] + (
    "found_on_the_spot", "found_by_deadline", "rectified", "rectified_on_the_spot", "awaiting_recheck",
    "rectification_rate", "rectification_pass_rate") + FIGURE_KEYS[FIGURE_KEYS.index("rectification_rate") + 1:]
RATE_KEYS = ("rectification_rate", "rectification_pass_rate")
FIGURE_LABELS = {
    "inspections": _l("Inspections made"),  # 入企检查（次）
    "people_visits": _l("People-visits"),  # 出动检查（人次）
    "found_on_the_spot": _l("Of which to rectify on the spot"),  # 立即整改（条）
    "found_by_deadline": _l("Of which to rectify by a deadline"),  # 限期整改（条）
    "rectified_on_the_spot": _l("Rectified on the spot"),  # 现场整改（条）
    "awaiting_recheck": _l("Rectified, awaiting re-check"),  # 已整改待复查（条）
    "rectification_pass_rate": _l("Rectification pass rate"),  # 整改合格率
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
# A campaign's row in the summary: the campaign page's totals (safety.campaigns.figures).
CAMPAIGN_KEYS = ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found", "major_hazards", "rectified",
                 "rectification_rate")
CAMPAIGN_LABELS = {
    "tasks": _l("Tasks"),  # 任务（项）
    "done": _l("Tasks completed"),  # 已完成
    "overdue": _l("Tasks past due"),  # 已逾期
    **{key: FIGURE_LABELS[key] for key in CAMPAIGN_KEYS[3:]},
}
KIND_KEYS = ("inspections", "people_visits")
# A month has no "enterprises supervised", and counting its visited enterprises would not add up to the period's.
MONTH_KEYS = tuple(key for key in FIGURE_KEYS if not key.startswith("enterprises_"))
NO_RATE = "—"  # nothing found, so no rate: never a division by zero, never a misleading 0 %


def format_rate(rate: float | None) -> str:
    return NO_RATE if rate is None else f"{rate:.1f}%"


def rate_class(figures, key: str) -> str:
    """The class that colours a table cell of ``key`` when it is a rate (`` rate-bad``), else nothing."""
    tone = rate_tone(getattr(figures, key)) if key in RATE_KEYS else ""
    return f" rate-{tone}" if tone else ""


def figure_value(figures, key: str):
    """A figure as the tables show it: the rates formatted, the counts as numbers."""
    if key in RATE_KEYS:
        return format_rate(getattr(figures, key))
    return getattr(figures, key)


# What the figures count, stated on the page, in print, in the workbook and in the JSON: the office must be able
# to say how each number was made.
DEFINITIONS = {
    "rectification_rate": _l(
        "Rectification rate: hazards found in the period that are struck off now (accepted at a re-check "
        "or verification, or rectified on the spot), of all hazards found in the period. Hazards reported "
        "rectified and still awaiting re-check are not counted as rectified; they are shown apart."),
    "rectification_pass_rate": _l(
        "Rectification pass rate: of the hazards found in the period whose rectification has been "
        "judged (struck off, or failed a re-check and not struck off since), the share struck off."),
    "found_on_the_spot": _l(
        "On the spot and by deadline: every hazard found is one or the other, as the "
        "inspector recorded it; those rectified on the spot are struck off by the inspection that found them."),
    "people_visits": _l(
        "People-visits: each inspection counts its team, the inspector and every colleague, expert "
        "or member of another department recorded on it; an inspection without a team counts 1."),
    "by_kind": _l(
        "Kinds of inspection: an inspection for a random, joint or holiday campaign counts under that campaign; "
        "otherwise a look-back, unannounced or campaign inspection under its own kind, an inspection for a "
        "special campaign's task as a campaign inspection, and the rest as routine."),
    "enforcement": _l(
        "Enforcement: measures decided in the period. Cases (立案) are penalty decisions (warning, fine, "
        "shutdown order, closure), each decision number once; fines are the amounts of the fines, in 10,000 "
        "yuan; enterprises stopped are those ordered to suspend production for rectification or to stop work "
        "in an area, and enterprises closed those ordered closed, each enterprise once."),
    "by_campaign": _l(
        "Inspection campaigns: campaigns in progress or ended whose period meets the report's, with "
        "the campaign page's figures: an ended campaign's figures are those frozen when it ended; within a "
        "jurisdiction or a grid, what its tasks there count today."),
}


def definitions() -> dict[str, str]:
    """The definitions in the reader's language, by key."""
    return {key: str(text) for key, text in DEFINITIONS.items()}


def summary_paragraph(summary: Summary) -> str:
    """The summary's opening paragraph, numbers filled in (本季度共入企检查N次，检查企业M家……)."""
    totals = summary.totals
    text = _("In %(period)s we carried out %(inspections)s inspections at %(enterprises)s enterprises "
             "(of %(supervised)s under supervision) and found %(hazards)s work-safety hazards, %(major)s of them "
             "major; %(rectified)s have been rectified (%(on_the_spot)s of them on the spot), a rectification "
             "rate of %(rate)s. %(overdue)s hazards are overdue, %(escalated)s have been escalated, and "
             "%(documents)s documents were issued.",
             period=summary.period.name, inspections=totals.inspections, enterprises=totals.enterprises_inspected,
             supervised=totals.enterprises_supervised, hazards=totals.hazards_found, major=totals.major_hazards,
             rectified=totals.rectified, on_the_spot=totals.rectified_on_the_spot,
             rate=format_rate(totals.rectification_rate), overdue=totals.overdue, escalated=totals.escalated,
             documents=totals.documents_issued) + " " + activity_sentence(summary)
    if summary.enforcement is not None:
        text += " " + enforcement_sentence(summary.enforcement.totals)
    return text


def activity_sentence(summary: Summary) -> str:
    """The paragraph's second sentence, as offices write it (开展各项安全生产检查行动N次，共出动检查N人次……)."""
    totals = summary.totals
    return _("%(campaigns)s inspection campaigns were under way; %(people)s people-visits were made. Of the hazards "
             "found, %(on_the_spot)s were to be rectified on the spot and %(by_deadline)s by a deadline; "
             "%(awaiting)s rectified hazards await re-check, and the rectification pass rate is %(pass_rate)s.",
             campaigns=len(summary.by_campaign), people=totals.people_visits, on_the_spot=totals.found_on_the_spot,
             by_deadline=totals.found_by_deadline, awaiting=totals.awaiting_recheck,
             pass_rate=format_rate(totals.rectification_pass_rate))


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

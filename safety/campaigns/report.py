"""The campaign report: its opening paragraph in the office's wording, its JSON, and its workbook.

The figures are the campaign page's (:mod:`safety.campaigns.figures`), frozen once the campaign ended; the
verdicts per enterprise are counted over its targets (:func:`safety.campaigns.queries.get_outcome_counts`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.campaigns import queries
from safety.campaigns.figures import CampaignFigures, get_campaign_figures
from safety.campaigns.models import Campaign
from safety.campaigns.serialize import campaign_detail_json
from safety.campaigns.vocabulary import CLOSED, NOT_INSPECTED, OUTCOME_KINDS, outcome_label, task_status_label
from safety.common.office_time import office_today
from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes
from safety.enterprises.sectors import sector_label

# What each figure counts, stated on the report so the office can defend it.
DEFINITIONS = (
    (_l("Tasks"), _l("Tasks not cancelled. Done: an inspection made for the task counts (an amended inspection "
                     "counts once). Past due: its due date has passed and it is not done.")),
    (_l("Enterprises inspected"), _l("The different enterprises of the inspections made for the campaign's "
                                     "tasks.")),
    (_l("Hazards found"), _l("Hazards found by those inspections; major hazards are those of level major.")),
    (_l("Hazards rectified"), _l("Of those, the hazards struck off the ledger after acceptance, those rectified "
                                 "on the spot included, whenever they were struck off.")),
    (_l("Rectification rate"), _l("Hazards rectified ÷ hazards found.")),
    (_l("Ended campaigns"), _l("The figures are kept as they stood on the day the campaign ended.")),
)


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    figures: CampaignFigures
    outcomes: dict[str, int] | None  # None: the campaign's kind has no verdicts per enterprise

    @property
    def targets(self) -> int:
        return sum(self.outcomes.values()) if self.outcomes else 0


def get_campaign_report(campaign: Campaign, today: date | None = None) -> CampaignReport:
    outcomes = queries.get_outcome_counts(campaign) if campaign.kind in OUTCOME_KINDS else None
    return CampaignReport(campaign, get_campaign_figures(campaign, today or office_today()), outcomes)


def _day(day: date, with_year: bool) -> str:
    return format_skeleton("yMMMd" if with_year else "MMMd", day, locale=get_locale())


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


def report_paragraph(report: CampaignReport) -> str:
    """The opening paragraph (本次XX自X月X日开展以来，共检查企业N家，排查隐患M条……), numbers filled in."""
    campaign, figures = report.campaign, report.figures
    with_year = campaign.starts_on.year != campaign.ends_on.year
    values = dict(name=campaign.name, start=_day(campaign.starts_on, with_year),
                  end=_day(campaign.ends_on, with_year), enterprises=figures.enterprises_inspected,
                  hazards=figures.hazards_found, major=figures.major_hazards, rectified=figures.rectified,
                  rate=format_rate(figures.rectification_rate), tasks=figures.tasks, done=figures.done,
                  overdue=figures.overdue)
    closed, found = campaign.status == CLOSED, bool(figures.hazards_found)
    if closed and found:
        opening = _("From %(start)s to %(end)s, %(name)s inspected %(enterprises)s enterprises and found %(hazards)s "
                    "hazards, %(major)s of them major; %(rectified)s have been rectified, a rectification rate of "
                    "%(rate)s.", **values)
    elif closed:
        opening = _("From %(start)s to %(end)s, %(name)s inspected %(enterprises)s enterprises and found no "
                    "hazards.", **values)
    elif found:
        opening = _("Since %(name)s began on %(start)s, we have inspected %(enterprises)s enterprises and found "
                    "%(hazards)s hazards, %(major)s of them major; %(rectified)s have been rectified, a "
                    "rectification rate of %(rate)s.", **values)
    else:
        opening = _("Since %(name)s began on %(start)s, we have inspected %(enterprises)s enterprises and found no "
                    "hazards.", **values)
    parts = [opening, _("Tasks: %(tasks)s, of which %(done)s done and %(overdue)s past due.", **values)]
    chinese = str(get_locale()).startswith("zh")
    if report.outcomes:
        verdicts = [_("%(outcome)s %(num)s", outcome=outcome_label(key), num=count)
                    for key, count in report.outcomes.items() if count and key != NOT_INSPECTED]
        if verdicts:
            parts.append(_("Of the %(targets)s enterprises targeted: %(verdicts)s; %(waiting)s not inspected yet.",
                           targets=report.targets, verdicts=("、" if chinese else ", ").join(verdicts),
                           waiting=report.outcomes[NOT_INSPECTED]))
    # Chinese sentences follow each other without a space.
    return ("" if chinese else " ").join(parts)


def report_json(report: CampaignReport) -> dict:
    """The campaign with its figures (as the API answers it), its verdicts and the paragraph."""
    return {**campaign_detail_json(report.campaign, report.figures), "outcomes": report.outcomes,
            "paragraph": report_paragraph(report)}


def report_xlsx(report: CampaignReport, tasks, outcome_lines, rollup=None) -> bytes:
    """The report sheet (paragraph, figures, coverage, verdicts, definitions), the table by unit when there is
    one, every task, every verdict."""
    workbook = new_workbook()
    _report_sheet(add_sheet(workbook, _("Campaign report"), widths=[30, 12, 12, 12]), report)
    _task_sheet(add_sheet(workbook, _("Task list"), freeze="A2"), tasks)
    if report.outcomes is not None:
        _outcome_sheet(add_sheet(workbook, _("Outcomes"), freeze="A2"), outcome_lines)
    if rollup is not None:
        _unit_sheet(add_sheet(workbook, _("By unit"), freeze="A2"), rollup)
    return workbook_bytes(workbook)


def _bold_row(sheet, values) -> list:
    return [cell(sheet, str(value), bold=True) for value in values]


def _report_sheet(sheet, report: CampaignReport) -> None:
    campaign, figures = report.campaign, report.figures
    sheet.append([cell(sheet, f"{campaign.name} ({campaign.code})", bold=True)])
    sheet.append([cell(sheet, f"{campaign.starts_on.isoformat()} – {campaign.ends_on.isoformat()}")])
    sheet.append([cell(sheet, f"{campaign.basis_number} {campaign.basis_title}".strip())])
    sheet.append([cell(sheet, report_paragraph(report))])
    sheet.append([])
    for label, value in ((_("Tasks"), figures.tasks), (_("Done"), figures.done), (_("Past due"), figures.overdue),
                         (_("Enterprises inspected"), figures.enterprises_inspected),
                         (_("Hazards found"), figures.hazards_found), (_("Major hazards found"), figures.major_hazards),
                         (_("Hazards rectified"), figures.rectified),
                         (_("Rectification rate"), format_rate(figures.rectification_rate))):
        sheet.append([cell(sheet, label), cell(sheet, value)])
    for title, heading, rows, name in (
            (_("Coverage by grid"), _("Grid"), figures.by_grid,
             lambda row: f"{row['name']} ({row['grid']})" if row["grid"] else _("No grid")),
            (_("Coverage by sector"), _("Sector"), figures.by_sector, lambda row: sector_label(row["sector"]))):
        sheet.append([])
        sheet.append([cell(sheet, title, bold=True)])
        sheet.append(_bold_row(sheet, (heading, _("Tasks"), _("Done"), _("Past due"))))
        for row in rows:
            sheet.append([cell(sheet, name(row)), row["tasks"], row["done"], row["overdue"]])
    sheet.append([])
    sheet.append([cell(sheet, _("Past-due tasks by inspector"), bold=True)])
    for row in figures.overdue_by_inspector:
        sheet.append([cell(sheet, f"{row['name']} ({row['username']})"), row["overdue"]])
    if report.outcomes is not None:
        sheet.append([])
        sheet.append([cell(sheet, _("Outcome per enterprise"), bold=True)])
        for key, count in report.outcomes.items():
            sheet.append([cell(sheet, outcome_label(key)), count])
    sheet.append([])
    sheet.append([cell(sheet, _("How the figures are counted"), bold=True)])
    for label, text in DEFINITIONS:
        sheet.append([cell(sheet, str(label)), cell(sheet, str(text))])


def _unit_sheet(sheet, rollup) -> None:
    from safety.campaigns.rollup import UNIT_KEYS, UNIT_LABELS

    def values(figures):
        return [format_rate(figures.rectification_rate) if key == "rectification_rate" else getattr(figures, key)
                for key in UNIT_KEYS]
    sheet.append(_bold_row(sheet, (_("Rank"), _("Unit or grid"), *[UNIT_LABELS[key] for key in UNIT_KEYS])))
    for line in rollup.lines:
        sheet.append([line.rank, cell(sheet, line.name if line.code or line.kind == "unit" else _("No grid")),
                      *values(line.figures)])
    sheet.append([None, cell(sheet, f"{_('Total')} · {rollup.unit.name}", bold=True), *values(rollup.totals)])


def _task_sheet(sheet, tasks) -> None:
    sheet.append(_bold_row(sheet, (_("Enterprise code"), _("Enterprise"), _("Due on"), _("Team"), _("Status"),
                                   _("Why it was cancelled"))))
    for view in tasks:
        sheet.append([cell(sheet, view.enterprise_code), cell(sheet, view.enterprise_name), cell(sheet, view.task.due_on),
                      cell(sheet, "、".join(view.team)), cell(sheet, task_status_label(view.status)),
                      cell(sheet, view.task.cancel_reason or "")])


def _outcome_sheet(sheet, lines) -> None:
    sheet.append(_bold_row(sheet, (_("Enterprise code"), _("Enterprise"), _("Outcome"), _("Note"), _("Recorded"),
                                   _("Recorded by"))))
    for line in lines:
        sheet.append([cell(sheet, line.enterprise_code), cell(sheet, line.enterprise_name),
                      cell(sheet, outcome_label(line.outcome)), cell(sheet, line.note), cell(sheet, line.set_at),
                      cell(sheet, line.set_by)])

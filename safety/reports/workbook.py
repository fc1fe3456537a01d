"""The summary as an Excel workbook: the summary sheet, then the hazard list and the inspection list.

Written with the streaming writer (:mod:`safety.common.xlsx_stream`): a district's quarter is some 40,000
hazards of twenty columns, written row by row as they are read.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from safety.common.workbook import DATE_FORMAT, TIME_FORMAT
from safety.common.xlsx_stream import add_sheet, cell, new_workbook, workbook_bytes
from safety.enterprises.sectors import sector_labels
from safety.hazards import vocabulary as hazard_vocabulary
from safety.inspections import vocabulary as inspection_vocabulary
from safety.measures.export import append_enforcement
from safety.reports.lists import HazardLine, InspectionLine
from safety.reports.summary import Summary
from safety.campaigns.vocabulary import campaign_kind_label, report_category_label
from safety.reports.wording import (
    CAMPAIGN_KEYS,
    CAMPAIGN_LABELS,
    FIGURE_KEYS,
    FIGURE_LABELS,
    NO_RATE,
    RATE_KEYS,
    TOTAL_KEYS,
    Table,
    definitions,
    report_tables,
    summary_paragraph,
)

RATE_FORMAT = '0.0"%"'


def summary_xlsx(summary: Summary, hazards: Iterable[HazardLine], inspections: Iterable[InspectionLine],
                 children=()) -> bytes:
    """Three sheets (four with a unit's children, ranked); the figures are numbers (the rate a number shown
    with %, or — when nothing was found)."""
    workbook = new_workbook()
    _summary_sheet(add_sheet(workbook, _("Summary figures"), widths=[28]), summary)
    if children:
        _children_sheet(add_sheet(workbook, _("By unit"), widths=[8, 28]), children)
    _hazard_sheet(add_sheet(workbook, _("Hazard list")), hazards)
    _inspection_sheet(add_sheet(workbook, _("Inspection list")), inspections)
    return workbook_bytes(workbook)


def _children_sheet(sheet, children) -> None:
    from safety.units.rollup import ROLLUP_KEYS

    labels = _labels(FIGURE_LABELS)
    _heading_row(sheet, [_("Rank"), _("Unit or grid"), *[labels[key] for key in ROLLUP_KEYS]])
    for line in children:
        sheet.append([cell(sheet, line.rank), cell(sheet, line.name or _("No grid")),
                      *_figure_cells(sheet, line.figures, ROLLUP_KEYS)])


def _labels(labels: dict) -> dict:
    """Translated once per workbook: a lazy label looks its catalogue up again each time it is turned to text."""
    return {key: str(label) for key, label in labels.items()}


def _heading_row(sheet, headings) -> None:
    sheet.append([cell(sheet, heading, bold=True) for heading in headings])


def _enterprise_headings() -> tuple:
    return _("Enterprise code"), _("Enterprise"), _("Sector"), _("Grid")


def _enterprise_cells(sheet, line, sectors: dict) -> list:
    """The columns under :func:`_enterprise_headings` for a line of the hazard or the inspection sheet."""
    return [cell(sheet, line.enterprise_code), cell(sheet, line.enterprise_name),
            sectors.get(line.sector) or cell(sheet, line.sector), cell(sheet, line.grid_name or "")]


def _figure_cells(sheet, figures, keys=FIGURE_KEYS) -> list:
    cells = []
    for key in keys:
        if key in RATE_KEYS:
            rate = getattr(figures, key)
            cells.append(cell(sheet, NO_RATE if rate is None else rate, number_format=RATE_FORMAT))
        else:
            cells.append(cell(sheet, getattr(figures, key)))
    return cells


def _table(sheet, table: Table) -> None:
    sheet.append([])
    sheet.append([cell(sheet, table.title, bold=True)])
    sheet.append([cell(sheet, table.heading, bold=True)] + [cell(sheet, str(FIGURE_LABELS[key]), bold=True)
                                                             for key in table.keys])
    for name, figures in table.rows:
        sheet.append([cell(sheet, name)] + _figure_cells(sheet, figures, table.keys))


def _summary_sheet(sheet, summary: Summary) -> None:
    period = summary.period
    title = _("Summary of %(period)s", period=period.name)
    if summary.scope.grid is not None:
        title += f" · {summary.scope.grid.label}"
    sheet.append([cell(sheet, title, bold=True)])
    sheet.append([cell(sheet, f"{period.start.isoformat()} – {period.end.isoformat()}")])
    sheet.append([cell(sheet, summary_paragraph(summary))])
    sheet.append([])
    for key, figure in zip(TOTAL_KEYS, _figure_cells(sheet, summary.totals, TOTAL_KEYS)):
        sheet.append([cell(sheet, str(FIGURE_LABELS[key])), figure])
    _documents_table(sheet, summary)
    _kind_table(sheet, summary)
    _campaign_table(sheet, summary)
    if summary.enforcement is not None:
        append_enforcement(sheet, summary.enforcement)
    for table in report_tables(summary):
        _table(sheet, table)
    sheet.append([])
    sheet.append([cell(sheet, _("What the figures count"), bold=True)])
    for text in definitions().values():
        sheet.append([cell(sheet, text)])


def _documents_table(sheet, summary: Summary) -> None:
    from safety.documents.labels import DOCUMENT_TITLES
    sheet.append([])
    sheet.append([cell(sheet, _("Documents issued by kind"), bold=True)])
    sheet.append([cell(sheet, heading, bold=True) for heading in (_("Kind of document"), _("Issued"))])
    for kind, count in summary.documents_by_type.items():
        sheet.append([cell(sheet, str(DOCUMENT_TITLES[kind])), count])


def _kind_table(sheet, summary: Summary) -> None:
    sheet.append([])
    sheet.append([cell(sheet, _("Inspections by kind"), bold=True)])
    sheet.append([cell(sheet, heading, bold=True) for heading in (
        _("Kind of inspection"), str(FIGURE_LABELS["inspections"]), str(FIGURE_LABELS["people_visits"]))])
    for line in summary.by_kind:
        sheet.append([cell(sheet, report_category_label(line.category)), line.inspections, line.people_visits])


def _campaign_table(sheet, summary: Summary) -> None:
    sheet.append([])
    sheet.append([cell(sheet, _("Inspection campaigns (%(num)s)", num=len(summary.by_campaign)), bold=True)])
    sheet.append([cell(sheet, heading, bold=True) for heading in (
        _("Campaign code"), _("Campaign"), _("Kind of campaign"), _("Starts on"), _("Ends on"),
        *(str(CAMPAIGN_LABELS[key]) for key in CAMPAIGN_KEYS))])
    for line in summary.by_campaign:
        campaign = line.campaign
        sheet.append([cell(sheet, campaign.code), cell(sheet, campaign.name),
                      cell(sheet, campaign_kind_label(campaign.kind)),
                      cell(sheet, campaign.starts_on, number_format=DATE_FORMAT),
                      cell(sheet, campaign.ends_on, number_format=DATE_FORMAT),
                      *_figure_cells(sheet, line.figures, CAMPAIGN_KEYS)])


def _hazard_sheet(sheet, lines: Iterable[HazardLine]) -> None:
    headings = (_("Time found"), *_enterprise_headings(), _("Hazard"), _("Level"), _("Rectification"),
                _("Responsible person"), _("Rectification measures"), _("Deadline"),
                _("Status"), _("Time closed"), _("Overdue today"), _("To be escalated"), _("Legal basis"),
                _("Found by"), _("Hazard number"), "UUID")
    _heading_row(sheet, headings)
    yes, no = _("Yes"), _("No")
    levels, modes = _labels(hazard_vocabulary.LEVEL_LABELS), _labels(hazard_vocabulary.MODE_LABELS)
    statuses = _labels(hazard_vocabulary.STATUS_LABELS)
    sectors = sector_labels()
    for line in lines:
        hazard = line.hazard
        sheet.append([
            cell(sheet, hazard.found_at, number_format=TIME_FORMAT), *_enterprise_cells(sheet, line, sectors),
            cell(sheet, hazard.description),
            levels.get(hazard.level) or cell(sheet, hazard.level),
            modes.get(hazard.mode) or cell(sheet, hazard.mode),
            cell(sheet, hazard.responsible_person), cell(sheet, hazard.measures),
            cell(sheet, hazard.deadline, number_format=DATE_FORMAT),  # a cell even when empty, as the times
            statuses.get(hazard.status) or cell(sheet, hazard.status),
            cell(sheet, hazard.closed_at, number_format=TIME_FORMAT),
            yes if line.overdue else no, yes if line.escalated else no,
            cell(sheet, line.basis or ""), cell(sheet, line.found_by or ""), cell(sheet, hazard.number or ""),
            cell(sheet, hazard.uuid),
        ])


def _inspection_sheet(sheet, lines: Iterable[InspectionLine]) -> None:
    _heading_row(sheet, (_("Time finished"), *_enterprise_headings(), _("Inspector"), _("Kind of inspection"),
                         _("Review"), _("Hazards found"), "UUID"))
    kinds = _labels(inspection_vocabulary.KIND_LABELS)
    reviews = _labels(inspection_vocabulary.REVIEW_STATE_LABELS)
    sectors = sector_labels()
    for line in lines:
        sheet.append([
            cell(sheet, line.finished_at, number_format=TIME_FORMAT), *_enterprise_cells(sheet, line, sectors),
            cell(sheet, line.inspector),
            kinds.get(line.kind) or cell(sheet, line.kind),
            reviews.get(line.review_state) or cell(sheet, line.review_state),
            line.hazards, cell(sheet, line.uuid),
        ])

"""The summary as an Excel workbook: the summary sheet, then the hazard list and the inspection list."""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from safety.common.office_time import office_zone
from safety.enterprises.sectors import SECTORS
from safety.reports.lists import HazardLine, InspectionLine
from safety.reports.summary import Figures, Summary
from safety.reports.wording import (
    FIGURE_KEYS,
    FIGURE_LABELS,
    HAZARD_LEVEL_LABELS,
    HAZARD_MODE_LABELS,
    HAZARD_STATUS_LABELS,
    INSPECTION_KIND_LABELS,
    NO_RATE,
    REVIEW_STATE_LABELS,
    Table,
    report_tables,
    summary_paragraph,
)

RATE_FORMAT = '0.0"%"'


def summary_xlsx(summary: Summary, hazards: list[HazardLine], inspections: list[InspectionLine]) -> bytes:
    """Three sheets; the figures are numbers (the rate a number shown with %, or — when nothing was found)."""
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook.create_sheet(_("Summary figures")), summary)
    _hazard_sheet(workbook.create_sheet(_("Hazard list")), hazards)
    _inspection_sheet(workbook.create_sheet(_("Inspection list")), inspections)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BOLD = Font(bold=True)


def _cell(sheet, value, bold: bool = False, number_format: str | None = None):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula; text from the records is text
    if bold:
        cell.font = BOLD
    if number_format:
        cell.number_format = number_format
    return cell


def _text(sheet, value: str | None):
    """Text from the records, appended as a plain value where openpyxl would store it as text anyway: a cell of
    its own costs more than writing it, and only text that looks like a formula or an error code needs one."""
    if value is None or value.startswith(("=", "#")):
        return _cell(sheet, value)
    return value


def _labels(labels: dict) -> dict:
    """Translated once per workbook: a lazy label looks its catalogue up again each time it is turned to text."""
    return {key: str(label) for key, label in labels.items()}


def _figure_cells(sheet, figures: Figures, keys=FIGURE_KEYS) -> list:
    cells = []
    for key in keys:
        if key == "rectification_rate":
            rate = figures.rectification_rate
            cells.append(_cell(sheet, NO_RATE if rate is None else rate, number_format=RATE_FORMAT))
        else:
            cells.append(_cell(sheet, getattr(figures, key)))
    return cells


def _table(sheet, table: Table) -> None:
    sheet.append([])
    sheet.append([_cell(sheet, table.title, bold=True)])
    sheet.append([_cell(sheet, table.heading, bold=True)] + [_cell(sheet, str(FIGURE_LABELS[key]), bold=True)
                                                             for key in table.keys])
    for name, figures in table.rows:
        sheet.append([_cell(sheet, name)] + _figure_cells(sheet, figures, table.keys))


def _summary_sheet(sheet, summary: Summary) -> None:
    sheet.column_dimensions["A"].width = 28
    period = summary.period
    title = _("Summary of %(period)s", period=period.name)
    if summary.scope.grid is not None:
        title += f" · {summary.scope.grid.name} ({summary.scope.grid.code})"
    sheet.append([_cell(sheet, title, bold=True)])
    sheet.append([_cell(sheet, f"{period.start.isoformat()} – {period.end.isoformat()}")])
    sheet.append([_cell(sheet, summary_paragraph(summary))])
    sheet.append([])
    for key, cell in zip(FIGURE_KEYS, _figure_cells(sheet, summary.totals)):
        sheet.append([_cell(sheet, str(FIGURE_LABELS[key])), cell])
    for table in report_tables(summary):
        _table(sheet, table)


def _local_time(zone):
    """A naive local time for Excel, which has no time zones: the office's clock."""
    def local(value):
        return value.astimezone(zone).replace(tzinfo=None) if value is not None else None
    return local


# Only the times (their format) and the records' text that could be read as a formula need a cell of their own;
# the rest is appended as plain values, which openpyxl types the same way.

def _hazard_sheet(sheet, lines: list[HazardLine]) -> None:
    headings = (_("Time found"), _("Enterprise code"), _("Enterprise"), _("Sector"), _("Grid"), _("Hazard"),
                _("Level"), _("Rectification"), _("Responsible person"), _("Rectification measures"), _("Deadline"),
                _("Status"), _("Time closed"), _("Overdue today"), _("To be escalated"), _("Legal basis"),
                _("Found by"), "UUID")
    sheet.append([_cell(sheet, heading, bold=True) for heading in headings])
    yes, no = _("Yes"), _("No")
    local = _local_time(office_zone())
    levels, modes, statuses = _labels(HAZARD_LEVEL_LABELS), _labels(HAZARD_MODE_LABELS), _labels(HAZARD_STATUS_LABELS)
    sectors = _labels(SECTORS)
    for line in lines:
        hazard = line.hazard
        sheet.append([
            _cell(sheet, local(hazard.found_at), number_format="yyyy-mm-dd hh:mm"),
            _text(sheet, line.enterprise_code), _text(sheet, line.enterprise_name),
            sectors.get(line.sector) or _text(sheet, line.sector), _text(sheet, line.grid or ""),
            _text(sheet, hazard.description),
            levels.get(hazard.level) or _text(sheet, hazard.level),
            modes.get(hazard.mode) or _text(sheet, hazard.mode),
            _text(sheet, hazard.responsible_person), _text(sheet, hazard.measures),
            _cell(sheet, hazard.deadline, number_format="yyyy-mm-dd"),  # a cell even when empty, as the times
            statuses.get(hazard.status) or _text(sheet, hazard.status),
            _cell(sheet, local(hazard.closed_at), number_format="yyyy-mm-dd hh:mm"),
            yes if line.overdue else no, yes if line.escalated else no,
            _text(sheet, line.basis or ""), _text(sheet, line.found_by or ""), _text(sheet, hazard.uuid),
        ])


def _inspection_sheet(sheet, lines: list[InspectionLine]) -> None:
    headings = (_("Time finished"), _("Enterprise code"), _("Enterprise"), _("Sector"), _("Grid"), _("Inspector"),
                _("Kind of inspection"), _("Review"), _("Hazards found"), "UUID")
    sheet.append([_cell(sheet, heading, bold=True) for heading in headings])
    local = _local_time(office_zone())
    kinds, reviews = _labels(INSPECTION_KIND_LABELS), _labels(REVIEW_STATE_LABELS)
    sectors = _labels(SECTORS)
    for line in lines:
        sheet.append([
            _cell(sheet, local(line.finished_at), number_format="yyyy-mm-dd hh:mm"),
            _text(sheet, line.enterprise_code), _text(sheet, line.enterprise_name),
            sectors.get(line.sector) or _text(sheet, line.sector), _text(sheet, line.grid or ""),
            _text(sheet, line.inspector),
            kinds.get(line.kind) or _text(sheet, line.kind),
            reviews.get(line.review_state) or _text(sheet, line.review_state),
            line.hazards, _text(sheet, line.uuid),
        ])

"""The hazard ledger as an Excel workbook: one row per hazard with its three fixes, status and signatures.

Headings and labels are in the user's language (Chinese in the office's default
locale); dates are real Excel dates so the office can sort and filter them.
"""
from flask_babel import gettext as _, lazy_gettext as _l

from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes
from safety.enterprises.sectors import sector_label
from safety.hazards.ledger import ExportRow
from safety.hazards.vocabulary import level_label, mode_label, status_label

# (heading, width in characters, value of an export row)
COLUMNS = (
    (_l("No."), 6, lambda r, n: n),
    (_l("Hazard number"), 16, lambda r, n: r.row.hazard.number),
    (_l("Enterprise code"), 12, lambda r, n: r.row.enterprise.code),
    (_l("Enterprise name"), 30, lambda r, n: r.row.enterprise.name),
    (_l("Sector"), 16, lambda r, n: sector_label(r.row.enterprise.sector)),
    (_l("Grid"), 14, lambda r, n: r.grid_name),
    (_l("Hazard description"), 40, lambda r, n: r.row.hazard.description),
    (_l("Level"), 10, lambda r, n: level_label(r.row.hazard.level)),
    (_l("Rectification mode"), 12, lambda r, n: mode_label(r.row.hazard.mode)),
    (_l("Responsible person"), 12, lambda r, n: r.row.hazard.responsible_person),
    (_l("Measures"), 36, lambda r, n: r.row.hazard.measures),
    (_l("Deadline"), 12, lambda r, n: r.row.hazard.deadline),
    (_l("Funds"), 14, lambda r, n: r.row.hazard.funds),
    (_l("Emergency plan"), 24, lambda r, n: r.row.hazard.emergency_plan),
    (_l("Supervising unit"), 18, lambda r, n: r.row.hazard.supervising_unit),
    (_l("Supervision deadline"), 12, lambda r, n: r.row.hazard.supervision_deadline),
    (_l("Status"), 14, lambda r, n: status_label(r.row.hazard.status)),
    (_l("Days overdue"), 8, lambda r, n: r.row.overdue_days),
    (_l("Escalation"), 12, lambda r, n: _escalation(r)),
    (_l("Recurring"), 8, lambda r, n: _("Yes") if r.row.hazard.recurring else ""),
    (_l("Failed re-checks"), 8, lambda r, n: r.row.hazard.failed_recheck_count),
    (_l("Found by"), 12, lambda r, n: r.row.found_by),
    (_l("Found at"), 17, lambda r, n: r.row.hazard.found_at),
    (_l("Rectified by"), 12, lambda r, n: r.rectified[0] if r.rectified else None),
    (_l("Rectified at"), 17, lambda r, n: r.rectified[1] if r.rectified else None),
    (_l("Accepted by"), 12, lambda r, n: r.accepted[0] if r.accepted else None),
    (_l("Accepted at"), 17, lambda r, n: r.accepted[1] if r.accepted else None),
    (_l("Hazard UUID"), 38, lambda r, n: r.row.hazard.uuid),
)


def _escalation(row: ExportRow) -> str:
    if row.row.hazard.escalated:
        return _("Escalated")
    return _("Due for escalation") if row.row.needs_escalation else ""


def ledger_xlsx(rows: list[ExportRow]) -> bytes:
    """A workbook with one sheet: the headings, then one row per hazard in the order given."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Hazard ledger"), widths=[width for _heading, width, _value in COLUMNS],
                      freeze="C2")
    sheet.append([cell(sheet, str(heading), bold=True) for heading, _width, _value in COLUMNS])
    for number, row in enumerate(rows, start=1):
        sheet.append([cell(sheet, value(row, number)) for _heading, _width, value in COLUMNS])
    return workbook_bytes(workbook)

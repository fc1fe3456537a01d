"""The measures list as an Excel workbook: one row per measure, amounts in yuan, dates as dates."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes
from safety.enterprises.sectors import sector_labels
from safety.measures.models import Measure
from safety.measures.queries import reply_overdue
from safety.measures.vocabulary import GROUP_LABELS, KIND_GROUP, KIND_LABELS, measure_status_label

WIDTHS = (10, 26, 12, 12, 26, 24, 40, 24, 12, 12, 12, 12, 18, 22, 12, 30)


def measures_xlsx(measures: list[Measure], today: date) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Enforcement measures"), widths=WIDTHS, freeze="A2")
    sheet.append([cell(sheet, heading, bold=True) for heading in (
        _("Enterprise code"), _("Enterprise"), _("Sector"), _("Group"), _("Type of measure"), _("Decision number"),
        _("Legal grounds"), _("Applies to"), _("Fine (yuan)"), _("Decided on"), _("Served on"), _("Lifted on"),
        _("Status"), _("Receiving department"), _("Reply expected by"), _("Note"))])
    sectors = sector_labels()
    kinds = {key: str(label) for key, label in KIND_LABELS.items()}
    groups = {key: str(label) for key, label in GROUP_LABELS.items()}
    for measure in measures:
        enterprise, referral = measure.enterprise, measure.referral
        status = measure_status_label(measure.kind, measure.status)
        if reply_overdue(measure, today):
            status += " · " + _("reply overdue")
        sheet.append([
            cell(sheet, enterprise.code), cell(sheet, enterprise.name),
            cell(sheet, sectors.get(enterprise.sector, enterprise.sector)),
            cell(sheet, groups[KIND_GROUP[measure.kind]]), cell(sheet, kinds.get(measure.kind, measure.kind)),
            cell(sheet, measure.decision_number), cell(sheet, measure.legal_basis), cell(sheet, measure.subject),
            measure.fine_yuan, cell(sheet, measure.decided_on), cell(sheet, measure.served_on),
            cell(sheet, measure.lifted_on), cell(sheet, status),
            cell(sheet, referral.department if referral else ""),
            cell(sheet, referral.reply_due_on if referral else None), cell(sheet, measure.lift_note)])
    return workbook_bytes(workbook)


def append_enforcement(sheet, enforcement) -> None:
    """The summary sheet's enforcement table (safety.measures.figures), fines in 10,000 yuan as a number."""
    from safety.measures.figures import ENFORCEMENT_FIELDS
    headings = {"cases": _("Cases opened"), "fines_yuan": _("Fines (10,000 yuan)"),
                "stopped_enterprises": _("Enterprises stopped"), "closed_enterprises": _("Enterprises closed"),
                "referrals": _("Referrals made"), "seizures": _("Seizures"), "onsite_measures": _("On-site measures")}
    sectors = sector_labels()

    def values(figures) -> list:
        return [cell(sheet, figures.fines_yuan / 10000, number_format="0.00##") if key == "fines_yuan"
                else getattr(figures, key) for key in ENFORCEMENT_FIELDS]

    sheet.append([])
    sheet.append([cell(sheet, _("Enforcement measures"), bold=True)])
    sheet.append([cell(sheet, _("Sector"), bold=True)] + [cell(sheet, headings[key], bold=True)
                                                          for key in ENFORCEMENT_FIELDS])
    for sector, figures in enforcement.by_sector:
        sheet.append([cell(sheet, sectors.get(sector, sector))] + values(figures))
    sheet.append([cell(sheet, _("Total"), bold=True)] + values(enforcement.totals))

"""Writing the register as CSV or XLSX with the Chinese headings the import reads."""
import csv
import io

from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes
from safety.enterprises.columns import COLUMNS
from safety.enterprises.importing import FORMULA_STARTS
from safety.enterprises.models import Enterprise
from safety.enterprises.sectors import list_sectors
from safety.enterprises.statuses import STATUS_NAMES_ZH

# Widths in characters for the XLSX columns, so the names and codes are readable when opened.
_XLSX_WIDTHS = {"code": 12, "name": 36, "uscc": 22, "address": 40, "sector": 18, "supervision_class": 10,
                "grid": 10, "contact": 12, "phone": 16, "status": 8}


def export_table(enterprises) -> list[list[str]]:
    """The heading row and one row per enterprise, as the import expects them."""
    rows = [[column.heading_zh for column in COLUMNS]]
    rows.extend(_values(enterprise) for enterprise in enterprises)
    return rows


def enterprises_csv(enterprises) -> bytes:
    """UTF-8 CSV with a BOM: without it Excel on a Chinese Windows opens the file as GBK and garbles it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in export_table(enterprises):
        writer.writerow([_defuse(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def enterprises_xlsx(enterprises) -> bytes:
    """An Excel workbook with one sheet, every cell stored as text."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, "企业名录", widths=[_XLSX_WIDTHS.get(column.key, 14) for column in COLUMNS],
                      freeze="A2")
    table = export_table(enterprises)
    sheet.append([cell(sheet, value, bold=True) for value in table[0]])
    for row in table[1:]:
        sheet.append([cell(sheet, value) for value in row])
    return workbook_bytes(workbook)


def _values(enterprise: Enterprise) -> list[str]:
    values = {
        "code": enterprise.code, "name": enterprise.name, "uscc": enterprise.uscc, "address": enterprise.address,
        "sector": next((sector.name_zh for sector in list_sectors() if sector.key == enterprise.sector),
                       enterprise.sector),
        "supervision_class": enterprise.supervision_class,
        "grid": enterprise.grid.code if enterprise.grid else "",
        "contact": enterprise.contact_person, "phone": enterprise.contact_phone,
        "status": STATUS_NAMES_ZH.get(enterprise.status, enterprise.status),
    }
    return [values[column.key] or "" for column in COLUMNS]


def _defuse(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula (CSV injection);
    # the quote mark makes it text, and the import takes it off again.
    return "'" + value if value.startswith(FORMULA_STARTS) else value

"""Writing Excel workbooks: the one place the exports meet openpyxl.

A workbook is written row by row (openpyxl's write-only mode), so a district's
ledger takes little memory. Text from the records always stays text: openpyxl
would store a string starting with "=" as a formula and one reading "#N/A" as an
error, and a formula typed on a phone must never run in the office's spreadsheet.
Excel keeps no time zone, so times are written on the office's clock.
"""
import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from safety.common.office_time import office_zone

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE_MAX = 31  # Excel refuses a longer sheet name
_BOLD = Font(bold=True)


def new_workbook() -> Workbook:
    """An empty workbook to add sheets to, written row by row."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str, widths: Sequence[float] = (), freeze: str | None = None):
    """A new sheet; ``widths`` of its first columns in characters; ``freeze`` the first cell that scrolls."""
    sheet = workbook.create_sheet(title[:SHEET_TITLE_MAX])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    return sheet


def cell(sheet, value, *, bold: bool = False, number_format: str | None = None):
    """What to append to a row of ``sheet`` for ``value``.

    A date or an aware time becomes a real Excel date (a time on the office's clock), text
    stays text, numbers stay numbers. A value that needs neither a format, a style nor the
    guard against formulas is handed back as it is: openpyxl types it the same way, and a
    cell of its own costs more than the value.
    """
    if hasattr(sheet, "styled"):  # a sheet of the streaming writer (safety.common.xlsx_stream), with its own styles
        return sheet.styled(value, bold=bold, number_format=number_format)
    if isinstance(value, datetime):
        value = value.astimezone(office_zone()).replace(tzinfo=None)
        number_format = number_format or TIME_FORMAT
    elif isinstance(value, date):
        number_format = number_format or DATE_FORMAT
    elif not bold and number_format is None and not _read_as_formula_or_error(value):
        return value
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        written.data_type = "s"
    if bold:
        written.font = _BOLD
    if number_format:
        written.number_format = number_format
    return written


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of ``workbook``."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_as_formula_or_error(value) -> bool:
    return isinstance(value, str) and value.startswith(("=", "#"))

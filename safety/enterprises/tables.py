"""Reading an uploaded CSV or XLSX file into rows of trimmed text cells.

Offices' spreadsheets arrive as Excel workbooks, as CSV saved by Excel on a
Chinese Windows (GB18030/GBK, no BOM), as "CSV UTF-8" (with a BOM) or as plain
UTF-8. Every failure is a DomainError saying what to do about it.
"""
import csv
import io
import warnings
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import load_workbook

from safety.common.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .et) format
MAX_COLUMNS = 64
TEXT_EXTENSIONS = ("csv", "txt", "tsv", "")

Row = tuple[int, list[str]]  # (spreadsheet row number, cells)


def read_table(filename: str, data: bytes, max_rows: int) -> list[Row]:
    """Non-empty rows with their spreadsheet row numbers (the first row is 1).

    Raises DomainError when the file is empty, of a kind that cannot be read,
    or has more than ``max_rows`` rows besides the heading.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data:
        raise DomainError("file_empty", _("The file is empty."), field="file")
    if data.startswith(OLE_MAGIC) or extension in ("xls", "et"):
        raise DomainError("xls_unsupported",
                          _("Old .xls workbooks cannot be read. Save the file as .xlsx or as CSV and upload it again."),
                          field="file")
    if data.startswith(XLSX_MAGIC) or extension in ("xlsx", "xlsm"):
        table = _xlsx_table(data, max_rows)
    elif extension in TEXT_EXTENSIONS:
        table = _collect(_csv_rows(data), max_rows)
    else:
        raise DomainError("file_type", _("Upload a CSV or XLSX file (this one is .%(ext)s).", ext=extension),
                          field="file")
    if not table:
        raise DomainError("file_empty", _("The file contains no rows."), field="file")
    return table


def _collect(rows, max_rows: int) -> list[Row]:
    """The non-empty rows, trimmed; stops reading as soon as there are too many."""
    table = []
    for number, cells in rows:
        cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
        if any(cells):
            table.append((number, cells))
            if len(table) > max_rows + 1:  # + 1: the heading row
                raise DomainError("too_many_rows",
                                  _("The file has more than %(n)s rows. Split it into several files.", n=max_rows),
                                  field="file")
    return table


def decode_text(data: bytes) -> str:
    """The text of a CSV file in whichever of the encodings offices use it is in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        # utf-8-sig reads plain UTF-8 too; GB18030 is the superset of GBK and GB2312 that
        # Excel and WPS write on a Chinese Windows. UTF-8 first: GB18030 would misread it.
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("file_encoding",
                      _("The file's text encoding is not recognised. Save it as CSV UTF-8 or as .xlsx."),
                      field="file")


def _csv_rows(data: bytes):
    text = decode_text(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first_line.count)
    try:
        # Numbered per record, not per line: a quoted cell may hold a line break.
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as exc:
        raise DomainError("file_unreadable", _("The CSV file could not be read: %(reason)s.", reason=str(exc)),
                          field="file") from None


def _xlsx_table(data: bytes, max_rows: int) -> list[Row]:
    try:
        # openpyxl warns about styles and extensions (data validation, conditional formats)
        # it drops; they do not touch the values read here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                # Some writers record wrong sheet dimensions; read what is really there.
                sheet.reset_dimensions()
                rows = ((number, [_cell_text(value) for value in values[:MAX_COLUMNS]])
                        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1))
                return _collect(rows, max_rows)
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as exc:
        raise DomainError("file_unreadable",
                          _("The file could not be read as an Excel workbook (.xlsx): %(reason)s.", reason=str(exc)),
                          field="file") from None


def _cell_text(value) -> str:
    """A cell as text the way the office sees it: 13800000000 not 13800000000.0, dates without a time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

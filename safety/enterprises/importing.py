"""Checking an enterprise list from a CSV or XLSX file before anything is written.

:func:`parse_enterprise_rows` reads the file, finds the columns by heading and
checks every row, against the file itself and against the register (a few bulk
look-ups, never one query per row). It writes nothing: the rows it returns are
what :func:`safety.enterprises.operations.import_enterprises` will store, and
every problem comes back with its spreadsheet row number.
"""
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from safety.common.errors import DomainError
from safety.enterprises import queries
from safety.enterprises.columns import COLUMNS, Column, column_for
from safety.enterprises.operations import import_enterprises, next_free_codes
from safety.enterprises.sectors import sector_lookup
from safety.enterprises.tables import read_table
from safety.enterprises.validation import (
    ADDRESS_MAX, CONTACT_MAX, clean_code, clean_name, clean_phone, clean_sector, clean_status,
    clean_supervision_class, clean_text, clean_uscc, status_lookup,
)

# A title line ("附件1：企业名录") often sits above the headings; look a few rows down for them.
HEADING_SEARCH_ROWS = 10
# Bigger than any office's list of a few thousand enterprises, small enough to check in a request.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A CSV from a spreadsheet often starts text cells that look like formulas with a quote mark.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class ImportRow:
    """One enterprise as it will be stored."""

    row_number: int
    code: str
    code_generated: bool
    name: str
    uscc: str
    address: str
    sector: str
    supervision_class: str
    grid_code: str
    grid_id: int | None
    contact_person: str
    contact_phone: str
    status: str


@dataclass(frozen=True)
class RowError:
    """A problem with one row (``row`` is the spreadsheet row number) or with the whole file (``row`` None)."""

    row: int | None
    column: str
    message: str

    def describe(self) -> str:
        """The error as one line of text, for the command line."""
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s", row=self.row, column=self.column, message=self.message)
        return _("Row %(row)s: %(message)s", row=self.row, message=self.message)


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row can be imported (and there is at least one)."""
        return bool(self.rows) and not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors if error.row is not None})


def parse_enterprise_rows(filename: str, data: bytes, max_rows: int | None = None) -> ImportResult:
    """Read and check an uploaded enterprise list; reads the database, never writes it."""
    max_rows = max_rows or current_app.config["IMPORT_MAX_ROWS"]
    max_bytes = current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(data) > max_bytes:
        return ImportResult(errors=[RowError(None, "", _(
            "The file is larger than %(mb)s MB. Split it into several files.", mb=max_bytes // (1024 * 1024)))])
    try:
        table = read_table(filename, data, max_rows)
    except DomainError as exc:
        return ImportResult(errors=[RowError(None, "", exc.message)])
    heading_row, columns, error = _find_columns(table)
    if error:
        return ImportResult(errors=[error])
    checker = _RowChecker(columns)
    for number, cells in table:
        if number > heading_row:
            checker.check(number, cells)
    return checker.finish()


def import_enterprise_file(filename: str, data: bytes) -> ImportResult:
    """Check a file and, when every row is good, add all of its enterprises (flushed, not committed).

    When the result has errors nothing was added; the caller commits or rolls back.
    """
    result = parse_enterprise_rows(filename, data)
    if result.ok:
        import_enterprises(result.rows, source=filename)
    return result


def _find_columns(table) -> tuple[int, dict[str, tuple[int, str]], RowError | None]:
    """The heading row's number and, per column key, (cell index, heading as written)."""
    number, cells = next(((n, c) for n, c in table[:HEADING_SEARCH_ROWS]
                          if sum(column_for(cell) is not None for cell in c) >= 2), table[0])
    columns: dict[str, tuple[int, str]] = {}
    for index, heading in enumerate(cells):
        column = column_for(heading)
        if column is None:
            continue
        if column.key in columns:
            return number, columns, RowError(number, heading, _(
                "The columns \"%(first)s\" and \"%(second)s\" both mean %(meaning)s; keep only one of them.",
                first=columns[column.key][1], second=heading, meaning=_describe(column)))
        columns[column.key] = (index, heading)
    missing = [_describe(column) for column in COLUMNS if column.required and column.key not in columns]
    if missing:
        return number, columns, RowError(number, "", _(
            "Required columns are missing: %(columns)s. The first row must hold the column headings.",
            columns="、".join(missing)))
    return number, columns, None


def _describe(column: Column) -> str:
    return f"{column.heading_zh} ({column.key})"


class _RowChecker:
    """Checks rows one by one, remembering what the file has used, then checks the register in bulk."""

    def __init__(self, columns: dict[str, tuple[int, str]]):
        self.columns = columns
        self.grids = {grid.code: grid for grid in queries.list_grids()}
        self.grids_folded = {code.lower(): grid for code, grid in self.grids.items()}
        self.sectors = sector_lookup()
        self.statuses = status_lookup()
        self.rows: list[ImportRow] = []
        self.errors: list[RowError] = []
        self.first_row_of_code: dict[str, int] = {}
        self.first_row_of_uscc: dict[str, int] = {}
        self.cleaners = {
            "code": clean_code,
            "name": clean_name,
            "uscc": clean_uscc,
            "address": lambda raw: clean_text(raw, "address", ADDRESS_MAX),
            "sector": lambda raw: clean_sector(raw, self.sectors),
            "supervision_class": lambda raw: clean_supervision_class(raw, default="C"),
            "grid": self.grid,
            "contact": lambda raw: clean_text(raw, "contact_person", CONTACT_MAX),
            "phone": clean_phone,
            "status": lambda raw: clean_status(raw, default="active", lookup=self.statuses),
        }

    def heading(self, key: str) -> str:
        return self.columns[key][1] if key in self.columns else key

    def cell(self, cells: list[str], key: str) -> str:
        if key not in self.columns:
            return ""
        index = self.columns[key][0]
        value = cells[index] if index < len(cells) else ""
        if value.startswith("'") and value[1:2] in FORMULA_STARTS:
            value = value[1:]
        return value

    def check(self, number: int, cells: list[str]) -> None:
        """Check one data row; a good one joins ``rows``, a bad one adds an error per wrong cell."""
        values, errors = {}, []
        for key, clean in self.cleaners.items():
            try:
                values[key] = clean(self.cell(cells, key))
            except DomainError as exc:
                errors.append(RowError(number, self.heading(key), exc.message))
        errors.extend(self.duplicates(number, values))
        if errors:
            self.errors.extend(errors)
            return
        grid = values["grid"]
        self.rows.append(ImportRow(
            row_number=number, code=values["code"], code_generated=not values["code"], name=values["name"],
            uscc=values["uscc"], address=values["address"], sector=values["sector"],
            supervision_class=values["supervision_class"], grid_code=grid.code if grid else "",
            grid_id=grid.id if grid else None, contact_person=values["contact"], contact_phone=values["phone"],
            status=values["status"]))

    def grid(self, raw: str):
        if not raw:
            return None
        grid = self.grids.get(raw) or self.grids_folded.get(raw.lower())
        if grid is None:
            raise DomainError("grid_unknown", _("No grid has the code %(code)s.", code=raw), field="grid")
        return grid

    def duplicates(self, number: int, values: dict) -> list[RowError]:
        """Errors for a code or USCC an earlier row of the file already has."""
        errors = []
        code, uscc = values.get("code"), values.get("uscc")
        if code:
            first = self.first_row_of_code.setdefault(code, number)
            if first != number:
                errors.append(RowError(number, self.heading("code"), _(
                    "The code %(code)s is also in row %(row)s of this file.", code=code, row=first)))
        if uscc:
            first = self.first_row_of_uscc.setdefault(uscc, number)
            if first != number:
                errors.append(RowError(number, self.heading("uscc"), _(
                    "The unified social credit code %(uscc)s is also in row %(row)s of this file.",
                    uscc=uscc, row=first)))
        return errors

    def finish(self) -> ImportResult:
        """Check the good rows against the register, give codes to rows without one, sort the errors."""
        taken_codes = queries.existing_codes(row.code for row in self.rows if row.code)
        taken_usccs = queries.existing_usccs(row.uscc for row in self.rows)
        good = []
        for row in self.rows:
            errors = []
            if row.code in taken_codes:
                errors.append(RowError(row.row_number, self.heading("code"), _(
                    "The code %(code)s is already used by %(name)s.", code=row.code, name=taken_codes[row.code])))
            if row.uscc in taken_usccs:
                code, name = taken_usccs[row.uscc]
                errors.append(RowError(row.row_number, self.heading("uscc"), _(
                    "This unified social credit code is already registered for %(name)s (%(code)s).",
                    name=name, code=code)))
            if errors:
                self.errors.extend(errors)
            else:
                good.append(row)
        without_code = [row for row in good if row.code_generated]
        if without_code:
            in_file = set(self.first_row_of_code)
            for row, code in zip(without_code, next_free_codes(len(without_code), taken=in_file)):
                row.code = code
        if not good and not self.errors:
            self.errors.append(RowError(None, "", _("The file has column headings but no enterprises below them.")))
        self.errors.sort(key=lambda error: error.row or 0)
        return ImportResult(rows=good, errors=self.errors)

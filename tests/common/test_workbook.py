"""The workbook cell writer: text stays text, times are on the office's clock, dates are dates."""
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes


def _written(app, row: list, **sheet) -> tuple:
    with app.test_request_context():
        workbook = new_workbook()
        ledger = add_sheet(workbook, "A sheet whose name is longer than Excel allows", **sheet)
        ledger.append([cell(ledger, value) for value in row])
        data = workbook_bytes(workbook)
    read = load_workbook(io.BytesIO(data)).worksheets[0]
    return read, next(read.iter_rows())


def test_text_that_looks_like_a_formula_or_an_error_stays_text(app):
    _sheet, row = _written(app, ['=HYPERLINK("http://x")', "#N/A", "+86 512", "配电箱"])
    assert [c.value for c in row] == ['=HYPERLINK("http://x")', "#N/A", "+86 512", "配电箱"]
    assert {c.data_type for c in row} == {"s"}


def test_an_aware_time_is_written_on_the_offices_clock_and_a_date_as_a_date(app):
    _sheet, row = _written(app, [datetime(2026, 3, 31, 23, 30, tzinfo=UTC), date(2026, 4, 10), 7, None])
    assert row[0].value == datetime(2026, 4, 1, 7, 30) and row[0].number_format == "yyyy-mm-dd hh:mm"
    assert row[1].value == datetime(2026, 4, 10) and row[1].number_format == "yyyy-mm-dd"
    assert row[2].value == 7


def test_a_sheet_name_is_cut_to_excels_limit_and_keeps_its_widths_and_frozen_panes(app):
    sheet, _row = _written(app, ["x"], widths=[12, 30], freeze="C2")
    assert sheet.title == "A sheet whose name is longer th"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.freeze_panes == "C2"

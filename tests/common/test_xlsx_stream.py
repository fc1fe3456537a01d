"""The streaming workbook writer: what openpyxl (and so Excel) reads back is what was appended."""
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from safety.common.xlsx_stream import add_sheet, cell, new_workbook, workbook_bytes


def test_values_read_back_with_their_types_and_formats(app):
    workbook = new_workbook()
    sheet = add_sheet(workbook, "第一页 with a title longer than Excel allows", widths=[28, 12], freeze="A2")
    sheet.append([cell(sheet, "标题", bold=True), cell(sheet, "Rate", bold=True)])
    sheet.append(["=SUM(A1:A9)", cell(sheet, 28.6, number_format='0.0"%"'), 7, None, "#N/A"])
    sheet.append([cell(sheet, datetime(2025, 3, 31, 16, 30, tzinfo=UTC)), cell(sheet, date(2025, 4, 10)),
                  cell(sheet, None, number_format="yyyy-mm-dd"), "a\x00b\x1fc & <d>", True])
    other = add_sheet(workbook, "Second")
    other.append([])
    other.append(["after an empty row"])
    book = load_workbook(io.BytesIO(workbook_bytes(workbook)))

    assert book.sheetnames == ["第一页 with a title longer than Ex", "Second"]
    first = book.worksheets[0]
    rows = list(first.iter_rows(values_only=True))
    assert rows[0][:2] == ("标题", "Rate") and first["A1"].font.b and not first["A2"].font.b
    # Text that looks like a formula or an error stays text.
    assert rows[1] == ("=SUM(A1:A9)", 28.6, 7, None, "#N/A")
    assert first["A2"].data_type == "s" and first["E2"].data_type == "s"
    assert first["B2"].number_format == '0.0"%"'
    # Times on the office's clock (Shanghai), dates as dates; characters XML cannot hold are left out.
    assert rows[2] == (datetime(2025, 4, 1, 0, 30), datetime(2025, 4, 10), None, "abc & <d>", True)
    assert first["A3"].number_format == "yyyy-mm-dd hh:mm" and first["B3"].number_format == "yyyy-mm-dd"
    assert first.column_dimensions["A"].width == 28 and first.freeze_panes == "A2"
    assert list(book["Second"].iter_rows(values_only=True)) == [(None,), ("after an empty row",)]

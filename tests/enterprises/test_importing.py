"""Reading enterprise lists: headings, encodings, formats, and every bad row with its row number."""
import time

import pytest
from sqlalchemy import event, func, select

from safety.enterprises.importing import import_enterprise_file, parse_enterprise_rows
from safety.enterprises.models import Enterprise
from safety.enterprises.uscc import check_character
from safety.extensions import db
from tests.enterprises.conftest import HEADINGS_ZH, csv_bytes, xlsx_bytes
from tests.factories import make_enterprise, make_grid

GOOD = [
    ["E00001", "苏州精密机械有限公司", "91350100M000100Y43", "星湖街1号", "机械制造", "A", "G1", "李四", "0512-66881234"],
    ["", "华东食品有限公司", "91110000600037341L", "金鸡湖路2号", "食品加工", "b", "G2", "王五", "13900000000"],
    ["", "南方化工有限公司", "9144030071526726XG", "", "危险化学品", "", "", "", ""],
]


@pytest.fixture
def grids(app, english):
    return make_grid(code="G1"), make_grid(code="G2")


def count() -> int:
    return db.session.scalar(select(func.count(Enterprise.id)))


def errors_by_row(result) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in result.errors:
        found.setdefault(error.row, []).append(error.message)
    return found


def uscc(n: int) -> str:
    body = f"9132058300{n:07d}"
    return body + check_character(body)


def test_good_csv_gives_rows_as_they_will_be_stored(grids):
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH] + GOOD))
    assert result.ok and result.errors == []
    first, second, third = result.rows
    assert (first.code, first.row_number, first.sector, first.supervision_class, first.grid_code) == \
        ("E00001", 2, "machinery", "A", "G1")
    assert second.code == "E00002" and second.code_generated and second.supervision_class == "B"
    assert third.code == "E00003" and third.supervision_class == "C" and third.grid_id is None
    assert third.status == "active"
    assert count() == 0


def test_csv_in_gbk_is_read(grids):
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH] + GOOD, encoding="gbk"))
    assert result.ok
    assert [row.name for row in result.rows] == ["苏州精密机械有限公司", "华东食品有限公司", "南方化工有限公司"]


def test_csv_in_utf8_with_bom_is_read(grids):
    data = csv_bytes([HEADINGS_ZH] + GOOD, encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    result = parse_enterprise_rows("list.csv", data)
    assert result.ok and result.rows[0].code == "E00001"


def test_csv_in_utf8_without_bom_is_read(grids):
    assert parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH] + GOOD, encoding="utf-8")).ok


def test_xlsx_is_read_with_numbers_as_text(grids):
    rows = [HEADINGS_ZH] + [row[:] for row in GOOD]
    rows[2][8] = 13900000000  # Excel keeps a typed phone number as a number
    result = parse_enterprise_rows("list.xlsx", xlsx_bytes(rows))
    assert result.ok
    assert result.rows[1].contact_phone == "13900000000"


def test_english_headings_in_any_order_and_extra_columns(grids):
    rows = [["No.", "sector", "USCC", "Name", "Supervision class", "grid", "contact", "phone", "address", "code"],
            ["1", "Food processing", "91110000600037341L", "Bakery", "D", "g2", "Zhou", "021 1234 5678", "Road 3",
             "bk-1"]]
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert result.ok, result.errors
    row = result.rows[0]
    assert (row.name, row.sector, row.supervision_class, row.grid_code, row.code, row.address) == \
        ("Bakery", "food", "D", "G2", "BK-1", "Road 3")


def test_sector_by_key_and_english_label(grids):
    rows = [HEADINGS_ZH, ["", "甲", "91350100M000100Y43", "", "chemicals", "", "", "", ""],
            ["", "乙", "91110000600037341L", "", "urban gas", "", "", "", ""]]
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert [row.sector for row in result.rows] == ["chemicals", "gas"]


def test_title_row_above_the_headings_is_skipped(grids):
    rows = [["2026年园区企业名录"], HEADINGS_ZH] + GOOD
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert result.ok and [row.row_number for row in result.rows] == [3, 4, 5]


def test_cells_are_trimmed(grids):
    rows = [HEADINGS_ZH, ["  E00001 ", " 苏州精密机械有限公司 ", " 91350100M000100Y43", "", " 机械制造 ", " a ", " G1 ", "", ""]]
    row = parse_enterprise_rows("list.csv", csv_bytes(rows)).rows[0]
    assert (row.code, row.name, row.sector, row.supervision_class, row.grid_code) == \
        ("E00001", "苏州精密机械有限公司", "machinery", "A", "G1")


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(grids):
    make_enterprise(code="E00050", name="已登记企业", uscc=uscc(50))
    rows = [HEADINGS_ZH,
            ["E00001", "好企业", uscc(1), "", "机械制造", "A", "G1", "", ""],                # 2: good
            ["", "校验错", "91350100M000100Y44", "", "机械制造", "A", "", "", ""],            # 3: check character
            ["", "行业错", uscc(3), "", "造船", "A", "", "", ""],                            # 4: unknown sector
            ["", "网格错", uscc(4), "", "机械制造", "A", "G9", "", ""],                       # 5: unknown grid
            ["", "", uscc(5), "", "机械制造", "A", "", "", ""],                              # 6: missing name
            ["", "类别错", uscc(6), "", "机械制造", "E", "", "", ""],                         # 7: class not A–D
            ["E00001", "重复编码", uscc(7), "", "机械制造", "A", "", "", ""],                  # 8: code twice in file
            ["", "重复信用代码", uscc(1), "", "机械制造", "A", "", "", ""],                     # 9: USCC twice in file
            ["E00050", "编码已占用", uscc(9), "", "机械制造", "A", "", "", ""],                 # 10: code in database
            ["", "信用代码已登记", uscc(50), "", "机械制造", "A", "", "", ""],                  # 11: USCC in database
            ["", "长度错", "91350100M000100", "", "机械制造", "A", "", "", ""],                # 12: length
            ["", "电话错", uscc(12), "", "机械制造", "A", "", "", "找前台"]]                    # 13: phone
    data = csv_bytes(rows)
    result = parse_enterprise_rows("list.csv", data)
    found = errors_by_row(result)
    assert sorted(found) == list(range(3, 14))
    assert "should be 3" in found[3][0]
    assert "造船" in found[4][0]
    assert "G9" in found[5][0]
    assert found[6] == ["The enterprise name is required."]
    assert '"E"' in found[7][0]
    assert "row 2" in found[8][0] and "E00001" in found[8][0]
    assert "row 2" in found[9][0]
    assert "已登记企业" in found[10][0]
    assert "E00050" in found[11][0]
    assert "this one has 15" in found[12][0]
    assert "找前台" in found[13][0]
    assert [r.row for r in result.errors] == sorted(r.row for r in result.errors)
    assert not result.ok
    assert import_enterprise_file("list.csv", data).ok is False
    assert count() == 1


def test_errors_name_the_column_as_headed_in_the_file(grids):
    rows = [["名称", "统一社会信用代码", "行业领域"], ["甲", "bad", "机械制造"]]
    rows[0][0] = "企业名称"
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert result.errors[0].column == "统一社会信用代码" and result.errors[0].row == 2


def test_one_row_with_several_problems_reports_each(grids):
    rows = [HEADINGS_ZH, ["", "", "x", "", "造船", "Z", "G9", "", ""]]
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert len(errors_by_row(result)[2]) == 5


def test_missing_required_headings_give_one_error_naming_them(grids):
    rows = [["企业编码", "地址"], ["E1", "路"]]
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert len(result.errors) == 1
    message = result.errors[0].message
    assert "企业名称 (name)" in message and "统一社会信用代码 (uscc)" in message and "行业领域 (sector)" in message
    assert "企业编码" not in message


def test_two_columns_for_the_same_field_are_refused(grids):
    rows = [["企业名称", "name", "统一社会信用代码", "行业领域"], ["甲", "乙", "91350100M000100Y43", "机械制造"]]
    result = parse_enterprise_rows("list.csv", csv_bytes(rows))
    assert len(result.errors) == 1 and "企业名称" in result.errors[0].message and "name" in result.errors[0].message


def test_too_many_rows_are_refused(app, grids):
    app.config["IMPORT_MAX_ROWS"] = 2
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH] + GOOD))
    assert result.rows == [] and "more than 2 rows" in result.errors[0].message


def test_too_large_file_is_refused(app, grids):
    app.config["IMPORT_MAX_BYTES"] = 100
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH] + GOOD))
    assert result.rows == [] and len(result.errors) == 1


@pytest.mark.parametrize("filename,data,phrase", [
    ("list.csv", b"", "empty"),
    ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xlsx"),
    ("list.xlsx", b"PK\x03\x04 not really a zip", "Excel workbook"),
    ("list.pdf", b"%PDF-1.4", "CSV or XLSX"),
    ("list.csv", "企业名称,统一社会信用代码,行业领域\n".encode("utf-8") + b"\xff\xfe\xfa\xfb,\x81\x30,x\n", "encoding"),
])
def test_unreadable_files_get_one_clear_error(grids, filename, data, phrase):
    result = parse_enterprise_rows(filename, data)
    assert result.rows == [] and len(result.errors) == 1 and phrase in result.errors[0].message


def test_file_with_headings_only_is_refused(grids):
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH]))
    assert not result.ok and len(result.errors) == 1


def test_quoted_formula_cells_from_an_export_lose_their_quote(grids):
    rows = [HEADINGS_ZH, ["", "甲", "91350100M000100Y43", "", "机械制造", "", "", "", "'+86 512 6688 1234"]]
    assert parse_enterprise_rows("list.csv", csv_bytes(rows)).rows[0].contact_phone == "+86 512 6688 1234"


def test_good_file_is_imported(grids):
    result = import_enterprise_file("list.csv", csv_bytes([HEADINGS_ZH] + GOOD))
    db.session.commit()
    assert result.ok and count() == 3
    food = db.session.scalar(select(Enterprise).where(Enterprise.code == "E00002"))
    assert food.grid.code == "G2" and food.contact_person == "王五"


def test_800_rows_are_checked_and_imported_quickly_with_bulk_lookups(grids):
    rows = [HEADINGS_ZH] + [["", f"企业{n}", uscc(n), f"路{n}号", "机械制造", "ABCD"[n % 4], f"G{n % 2 + 1}",
                             "联系人", "13800000000"] for n in range(800)]
    data = xlsx_bytes(rows)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    try:
        result = import_enterprise_file("list.xlsx", data)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    elapsed = time.perf_counter() - started
    assert result.ok and count() == 800
    assert elapsed < 15
    # Grids, existing codes and credit codes are looked up in bulk: no SELECT per row.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) < 10

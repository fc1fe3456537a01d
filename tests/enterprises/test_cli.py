"""``flask import-enterprises FILE``: imports everything or reports each bad row and writes nothing."""
from sqlalchemy import func, select

from safety.enterprises.models import Enterprise
from safety.extensions import db
from tests.enterprises.conftest import HEADINGS_ZH, csv_bytes, xlsx_bytes
from tests.factories import make_grid

GOOD = [
    ["", "苏州精密机械有限公司", "91350100M000100Y43", "星湖街1号", "机械制造", "A", "G1", "李四", "0512-66881234"],
    ["", "华东食品有限公司", "91110000600037341L", "金鸡湖路2号", "食品加工", "B", "", "王五", "13900000000"],
]


def count() -> int:
    return db.session.scalar(select(func.count(Enterprise.id)))


def test_good_file_is_imported(runner, tmp_path, english):
    make_grid(code="G1")
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx_bytes([HEADINGS_ZH] + GOOD))
    result = runner.invoke(args=["import-enterprises", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 enterprises." in result.output
    assert count() == 2


def test_bad_rows_are_printed_with_their_numbers_and_nothing_is_imported(runner, tmp_path, english):
    make_grid(code="G1")
    rows = [HEADINGS_ZH] + GOOD + [["", "坏企业", "91350100M000100Y44", "", "造船", "A", "", "", ""],
                                   ["", "", "9144030071526726XG", "", "机械制造", "A", "G1", "", ""]]
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(rows, encoding="gbk"))
    result = runner.invoke(args=["import-enterprises", str(path)])
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert any(line.startswith("Row 4, 统一社会信用代码:") and "should be 3" in line for line in lines)
    assert any(line.startswith("Row 4, 行业领域:") and "造船" in line for line in lines)
    assert any(line.startswith("Row 5, 企业名称:") for line in lines)
    assert "3 problems found; nothing was imported." in result.output
    assert count() == 0


def test_missing_headings_are_named(runner, tmp_path, english):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([["企业名称", "地址"], ["甲", "路"]]))
    result = runner.invoke(args=["import-enterprises", str(path)])
    assert result.exit_code != 0
    assert "统一社会信用代码 (uscc)" in result.output and "行业领域 (sector)" in result.output
    assert count() == 0


def test_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(args=["import-enterprises", str(tmp_path / "nothing.csv")])
    assert result.exit_code == 2

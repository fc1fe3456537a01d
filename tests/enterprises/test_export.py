"""Exports of the filtered register, in the headings the import reads, and back again."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from safety.enterprises.importing import import_enterprise_file
from safety.enterprises.models import Enterprise
from safety.extensions import db
from tests.enterprises.conftest import HEADINGS_ZH
from tests.factories import make_enterprise, make_grid, make_user

FIELDS = ("code", "name", "uscc", "address", "sector", "supervision_class", "contact_person", "contact_phone",
          "status")


@pytest.fixture
def register(app):
    north, south = make_grid(code="N1"), make_grid(code="S1")
    make_enterprise(grid=north, code="E00001", name="华东钢铁有限公司", sector="metallurgy", supervision_class="A")
    make_enterprise(grid=north, code="E00002", name="=HYPERLINK(\"http://x\")", sector="food", status="suspended",
                    contact_phone="+86 512 6688 1234")
    make_enterprise(grid=south, code="E00003", name="南方化工有限公司", sector="chemicals", status="closed",
                    address="")
    make_enterprise(grid=None, code="E00004", name="无网格商店", sector="commerce")
    make_user("inspector", username="north", grids=[north], locale="en")
    make_user("admin", username="root", locale="en")


def snapshot() -> list[tuple]:
    enterprises = db.session.scalars(select(Enterprise).order_by(Enterprise.code))
    return [tuple(getattr(e, f) for f in FIELDS) + (e.grid.code if e.grid else None,) for e in enterprises]


def test_csv_has_a_bom_and_the_chinese_headings(client, auth, register):
    auth.login("root")
    response = client.get("/enterprises/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    header = response.data.decode("utf-8-sig").splitlines()[0].split(",")
    assert set(HEADINGS_ZH) <= set(header)
    assert "华东钢铁有限公司" in response.data.decode("utf-8-sig") and "冶金" in response.data.decode("utf-8-sig")


def test_csv_defuses_cells_that_look_like_formulas(client, auth, register):
    auth.login("root")
    text = client.get("/enterprises/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+86 512" in text


def test_xlsx_opens_with_the_headings_and_text_cells(client, auth, register):
    auth.login("root")
    response = client.get("/enterprises/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert set(HEADINGS_ZH) <= set(rows[0])
    assert len(rows) == 5
    assert any(row[1] == '=HYPERLINK("http://x")' for row in rows)  # kept as text, not run as a formula


def test_export_follows_the_filters_and_the_scope(client, auth, register):
    auth.login("north")
    text = client.get("/enterprises/export.csv", query_string={"status": "active"}).data.decode("utf-8-sig")
    assert "E00001" in text and "E00002" not in text and "E00003" not in text and "E00004" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_back_into_an_empty_register(app, client, auth, register, fmt, english):
    auth.login("root")
    exported = client.get(f"/enterprises/export.{fmt}").data
    before = snapshot()
    db.session.execute(Enterprise.__table__.delete())
    db.session.commit()
    result = import_enterprise_file(f"export.{fmt}", exported)
    assert result.ok, result.errors
    db.session.commit()
    assert snapshot() == before
    assert db.session.scalar(select(func.count(Enterprise.id))) == 4

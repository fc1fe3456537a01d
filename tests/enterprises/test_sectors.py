"""The sector list is the office's data: the defaults, the admin page, and every place that reads it.

Pages answer in the default language (Chinese); the import is read in English (the ``english`` fixture).
"""
import re

import pytest
from sqlalchemy import select

from safety.enterprises.importing import parse_enterprise_rows
from safety.enterprises.models import Enterprise, Sector
from safety.extensions import db
from tests.enterprises.conftest import HEADINGS_ZH, csv_bytes
from tests.factories import make_enterprise, make_grid, make_user

DEFAULT_KEYS = ["machinery", "metallurgy", "building_materials", "light_industry", "textiles", "food", "woodworking",
                "chemicals", "warehousing", "construction", "gas", "commerce", "hospitality", "fireworks",
                "non_coal_mines"]


@pytest.fixture
def admin(app, auth):
    make_user("admin", username="admin")
    auth.login("admin")


def _sector(key: str) -> Sector:
    return db.session.scalar(select(Sector).where(Sector.key == key))


def _row(sector: str, name: str = "新兴烟花有限公司", uscc: str = "91350100M000100Y43") -> list[str]:
    return ["", name, uscc, "", sector, "C", "", "", ""]


def test_the_migration_inserts_the_thirteen_sectors_and_fireworks_and_mines(app):
    sectors = db.session.scalars(select(Sector).order_by(Sector.position)).all()
    assert [sector.key for sector in sectors] == DEFAULT_KEYS
    assert (sectors[-2].name_zh, sectors[-1].name_zh) == ("烟花爆竹", "非煤矿山")
    assert all(sector.active for sector in sectors)


def test_an_admin_adds_a_sector_that_enterprises_then_take(client, auth, admin):
    response = auth.post_form("/sectors/new", {"key": "ports", "name_zh": "港口码头", "name_en": "Ports and docks"})
    assert response.status_code == 302
    assert _sector("ports").name_zh == "港口码头"
    assert 'value="ports"' in client.get("/enterprises/new").get_data(as_text=True)
    result = parse_enterprise_rows("list.csv", csv_bytes([HEADINGS_ZH, _row("港口码头")]))
    assert result.ok and result.rows[0].sector == "ports"


@pytest.mark.parametrize("data,field,message", [
    ({"key": "Bad Key", "name_zh": "坏", "name_en": "Bad"}, "key", "小写字母"),
    ({"key": "machinery", "name_zh": "机械二", "name_en": "Machinery 2"}, "key", "行业领域标识machinery已被占用。"),
    ({"key": "machines", "name_zh": "机械制造", "name_en": "Machines"}, "name_zh",
     "行业领域machinery已使用名称机械制造。"),
    ({"key": "ports", "name_zh": "", "name_en": "Ports"}, "name_zh", "请填写中文名称。"),
])
def test_a_bad_new_sector_is_refused_at_its_field(auth, admin, data, field, message):
    response = auth.post_form("/sectors/new", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Sector).where(Sector.key == "ports")) is None


def test_renaming_keeps_the_key_and_every_record(client, auth, admin):
    enterprise = make_enterprise(sector="gas")
    sector = _sector("gas")
    response = auth.post_form(f"/sectors/{sector.id}/edit", {"name_zh": "燃气", "name_en": "Gas supply"})
    assert response.status_code == 302
    db.session.refresh(sector)
    assert (sector.key, sector.name_zh, sector.name_en) == ("gas", "燃气", "Gas supply")
    assert db.session.get(Enterprise, enterprise.id).sector == "gas"
    assert "<dd>燃气</dd>" in client.get(f"/enterprises/{enterprise.code}").get_data(as_text=True)


def test_a_renamed_sector_reaches_phones_in_the_next_delta(client, auth, app):
    grid = make_grid(code="G1")
    make_user("admin", username="admin")
    make_user("inspector", username="insp", grids=[grid])
    gas, food = make_enterprise(grid=grid, sector="gas"), make_enterprise(grid=grid, sector="food")
    auth.login("insp")
    cursor = client.get("/api/v1/sync/pull").get_json()["cursor"]
    auth.login("admin")
    sector = _sector("gas")
    assert auth.post_form(f"/sectors/{sector.id}/edit", {"name_zh": "燃气", "name_en": "Gas supply"}).status_code == 302
    auth.login("insp")
    delta = client.get("/api/v1/sync/pull", query_string={"since": cursor}).get_json()
    assert [(e["code"], e["sector_label"]) for e in delta["enterprises"]] == [(gas.code, "燃气")]
    assert food.code not in {e["code"] for e in delta["enterprises"]}


def test_deactivating_a_sector_in_use_is_refused_naming_the_enterprises(client, auth, admin):
    make_enterprise(sector="fireworks", code="E90001", name="红星烟花厂")
    make_enterprise(sector="fireworks", code="E90002", name="已关闭烟花厂", status="closed")
    sector = _sector("fireworks")
    response = auth.post_form(f"/sectors/{sector.id}/deactivate", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "烟花爆竹不能停用：仍有1家未关闭的企业属于该行业领域（红星烟花厂 (E90001)）。" in text
    db.session.refresh(sector)
    assert sector.active  # nothing changed


def test_a_deactivated_sector_is_not_offered_but_its_records_keep_it(client, auth, admin):
    closed = make_enterprise(sector="non_coal_mines", status="closed")
    sector = _sector("non_coal_mines")
    assert auth.post_form(f"/sectors/{sector.id}/deactivate").status_code == 302
    db.session.refresh(sector)
    assert not sector.active
    assert 'value="non_coal_mines"' not in client.get("/enterprises/new").get_data(as_text=True)
    # the enterprise's own form still shows its sector, and the filters still find it
    assert 'value="non_coal_mines"' in client.get(f"/enterprises/{closed.code}/edit").get_data(as_text=True)
    assert 'value="non_coal_mines"' in client.get("/enterprises/").get_data(as_text=True)
    assert auth.post_form(f"/sectors/{sector.id}/reactivate").status_code == 302
    db.session.refresh(sector)
    assert sector.active


def test_an_import_row_with_an_unknown_or_deactivated_sector_is_refused_by_row(app, english):
    _sector("non_coal_mines").active = False
    db.session.commit()
    result = parse_enterprise_rows("list.csv", csv_bytes([
        HEADINGS_ZH, _row("烟花爆竹"), _row("非煤矿山", "某矿业公司", "91110000600037341L"),
        _row("港口码头", "某港口公司", "9144030071526726XG")]))
    assert not result.ok
    errors = {error.row: error.message for error in result.errors}
    assert set(errors) == {3, 4}
    assert errors[3].startswith('Unknown sector "非煤矿山". Use one of: Machinery manufacturing、')
    assert "Fireworks and firecrackers" in errors[3] and "Non-coal mines" not in errors[3]
    assert errors[4].startswith('Unknown sector "港口码头".')


def test_a_campaign_scope_takes_the_configured_sectors(client, auth, admin):
    make_grid(code="G1")
    body = {"code": "2026-ZX-09", "name": "烟花爆竹专项整治", "kind": "campaign", "starts_on": "2026-01-01",
            "ends_on": "2026-02-28", "scope": {"sectors": ["fireworks"]}}
    response = client.post("/api/v1/campaigns", json=body, headers=auth.headers())
    assert response.status_code == 201, response.get_json()
    response = client.post("/api/v1/campaigns", json={**body, "code": "2026-ZX-10", "scope": {"sectors": ["ports"]}},
                           headers=auth.headers())
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "scope.sectors" and error["message"].startswith("ports 不是行业领域")
    assert "fireworks, non_coal_mines" in error["message"]


def test_only_admins_edit_sectors(client, auth, app):
    make_user("supervisor", username="boss")
    auth.login("boss")
    assert client.get("/sectors/").status_code == 403
    assert auth.post_form("/sectors/new", {"key": "ports", "name_zh": "港口", "name_en": "Ports"}).status_code == 403


def test_the_list_counts_the_enterprises_of_each_sector(client, admin):
    make_enterprise(sector="food")
    make_enterprise(sector="food")
    page = client.get("/sectors/").get_data(as_text=True)
    row = page.split('data-sector="food"')[1].split("</tr>")[0]
    assert re.search(r'<td class="num"[^>]*>2</td>', row)

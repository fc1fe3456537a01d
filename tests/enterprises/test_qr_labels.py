"""QR codes (decoded back to their URL) and printable label sheets."""
import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from safety.enterprises.models import Enterprise
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_user


@pytest.fixture
def site(app):
    north, south = make_grid(code="N1"), make_grid(code="S1")
    for n in range(1, 15):
        make_enterprise(grid=north, code=f"E{n:05d}", name=f"北区企业{n}", sector="food" if n % 2 else "machinery")
    make_enterprise(grid=south, code="E00099", name="南区企业", sector="commerce")
    make_user("inspector", username="north", grids=[north], locale="en")
    make_user("supervisor", username="chief", locale="en")


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_qr_png_decodes_to_the_field_app_url(client, auth, site):
    auth.login("north")
    response = client.get("/enterprises/E00001/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "max-age" in response.headers["Cache-Control"]
    assert decode(response.data) == ["http://localhost/e/E00001"]


def test_qr_uses_the_public_url_when_configured(app, client, auth, site):
    app.config["PUBLIC_URL"] = "https://anjian.example.cn/"
    auth.login("chief")
    assert decode(client.get("/enterprises/E00099/qr.png").data) == ["https://anjian.example.cn/e/E00099"]


def test_qr_of_an_enterprise_out_of_scope_is_403(client, auth, site):
    auth.login("north")
    assert client.get("/enterprises/E00099/qr.png").status_code == 403


def test_qr_of_an_unknown_enterprise_is_404(client, auth, site):
    auth.login("chief")
    assert client.get("/enterprises/E77777/qr.png").status_code == 404


def test_qr_is_for_staff_only(client, auth, site):
    firm = db.session.scalar(select(Enterprise).where(Enterprise.code == "E00001"))
    make_user("enterprise", username="firm", enterprise=firm)
    auth.login("firm")
    assert client.get("/enterprises/E00001/qr.png").status_code == 403


def test_label_sheet_has_one_label_per_enterprise_in_pages_of_twelve(client, auth, site):
    auth.login("north")
    page = client.get("/enterprises/labels").get_data(as_text=True)
    assert page.count('class="qr-label"') == 14
    assert page.count('class="label-page"') == 2
    assert "data-print" in page
    for n in range(1, 15):
        assert f'src="/enterprises/E{n:05d}/qr.png"' in page and f"北区企业{n}<" in page
    assert "南区企业" not in page


def test_label_sheet_follows_the_filters(client, auth, site):
    auth.login("chief")
    page = client.get("/enterprises/labels", query_string={"sector": "machinery"}).get_data(as_text=True)
    assert page.count('class="qr-label"') == 7
    assert "Machinery manufacturing" in page and "Food processing" not in page


def test_label_sheet_images_decode_to_their_enterprise(client, auth, site):
    auth.login("chief")
    page = client.get("/enterprises/labels", query_string={"grid": "S1"}).get_data(as_text=True)
    sources = re.findall(r'<img src="([^"]+qr\.png)"', page)
    assert sources == ["/enterprises/E00099/qr.png"]
    assert decode(client.get(sources[0]).data) == ["http://localhost/e/E00099"]


def test_single_label_page(client, auth, site):
    auth.login("north")
    page = client.get("/enterprises/E00003/label").get_data(as_text=True)
    assert page.count("qr-label single") == 1
    assert "北区企业3" in page and "E00003" in page and "http://localhost/e/E00003" in page
    assert "data-print" in page


def test_print_css_sets_a4_pages_and_hides_the_menu():
    css = (Path(__file__).resolve().parents[2] / "static/css/office.css").read_text()
    section = css[css.index("/* --- enterprises --- */"):]
    assert "@page labels { size: A4" in section and "break-after: page" in section
    assert re.search(r"@media print \{[^}]*\.topbar", css)

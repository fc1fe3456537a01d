"""The import pages: upload, preview with every problem by row, confirm or cancel."""
import io
import re

import pytest
from sqlalchemy import func, select

from safety.enterprises.models import Enterprise
from safety.extensions import db
from tests.enterprises.conftest import HEADINGS_ZH, csv_bytes, xlsx_bytes
from tests.conftest import Auth
from tests.factories import make_enterprise, make_grid, make_user

GOOD = [
    ["", "苏州精密机械有限公司", "91350100M000100Y43", "星湖街1号", "机械制造", "A", "G1", "李四", "0512-66881234"],
    ["", "华东食品有限公司", "91110000600037341L", "金鸡湖路2号", "食品加工", "B", "G1", "王五", "13900000000"],
]
BAD = GOOD + [["", "", "9144030071526726XA", "", "造船", "F", "G9", "", ""]]


@pytest.fixture
def admin(app, auth):
    make_grid(code="G1")
    make_user("admin", username="root", locale="en")
    auth.login("root")


def count() -> int:
    return db.session.scalar(select(func.count(Enterprise.id)))


def upload(auth, data: bytes, filename: str = "list.csv"):
    return auth.post_form("/enterprises/import", {"file": (io.BytesIO(data), filename)},
                          content_type="multipart/form-data")


def token_of(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([0-9a-f]+)"', page).group(1)


def test_upload_form_lists_the_columns(client, admin):
    page = client.get("/enterprises/import").get_data(as_text=True)
    for heading in HEADINGS_ZH:
        assert heading in page
    assert 'enctype="multipart/form-data"' in page


def test_preview_shows_rows_as_stored_and_writes_nothing(auth, admin, upload_folder):
    response = upload(auth, csv_bytes([HEADINGS_ZH] + GOOD))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 enterprises ready to import" in page
    assert "E00001" in page and "E00002" in page and "Machinery manufacturing" in page
    assert "Import 2 enterprises" in page
    assert count() == 0
    assert len(list(upload_folder.iterdir())) == 1


def test_confirm_imports_and_flashes_the_count(client, auth, admin, upload_folder):
    page = upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True)
    response = auth.post_form("/enterprises/import/confirm", {"token": token_of(page)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/enterprises/")
    assert count() == 2
    assert "2 enterprises have been imported." in client.get("/enterprises/").get_data(as_text=True)
    assert list(upload_folder.iterdir()) == []


def test_confirming_twice_imports_once(auth, admin):
    token = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    auth.post_form("/enterprises/import/confirm", {"token": token})
    again = auth.post_form("/enterprises/import/confirm", {"token": token})
    assert again.status_code == 302 and again.headers["Location"].endswith("/enterprises/import")
    assert count() == 2


def test_xlsx_preview_and_confirm(auth, admin):
    page = upload(auth, xlsx_bytes([HEADINGS_ZH] + GOOD), "名录.xlsx").get_data(as_text=True)
    assert "名录.xlsx" in page
    auth.post_form("/enterprises/import/confirm", {"token": token_of(page)})
    assert count() == 2


def test_bad_file_shows_every_problem_by_row_and_offers_no_confirm(auth, admin, upload_folder):
    response = upload(auth, csv_bytes([HEADINGS_ZH] + BAD))
    page = response.get_data(as_text=True)
    errors = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', page)
    assert {row for row, _column, _message in errors} == {"4"}
    assert {column for _row, column, _message in errors} == {"企业名称", "统一社会信用代码", "行业领域", "监管类别", "网格"}
    assert "5 problems were found" in page
    assert 'name="token"' not in page
    assert list(upload_folder.iterdir()) == []
    assert count() == 0


def test_token_of_another_session_is_refused(app, client, auth, admin):
    token = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    make_user("admin", username="root2", locale="en")
    other_auth = Auth(app.test_client())
    other_auth.login("root2")
    response = other_auth.post_form("/enterprises/import/confirm", {"token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/enterprises/import")
    assert count() == 0


def test_newer_upload_replaces_the_older_preview(auth, admin, upload_folder):
    first = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    upload(auth, csv_bytes([HEADINGS_ZH] + GOOD[:1]))
    assert len(list(upload_folder.iterdir())) == 1
    auth.post_form("/enterprises/import/confirm", {"token": first})
    assert count() == 0


def test_rows_registered_between_preview_and_confirm_are_reported(auth, admin):
    token = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    make_enterprise(code="E00077", uscc="91110000600037341L")
    response = auth.post_form("/enterprises/import/confirm", {"token": token})
    assert response.status_code == 400
    assert "E00077" in response.get_data(as_text=True)
    assert count() == 1


def test_cancel_deletes_the_upload(client, auth, admin, upload_folder):
    token = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    assert auth.post_form("/enterprises/import/cancel").status_code == 302
    assert list(upload_folder.iterdir()) == []
    auth.post_form("/enterprises/import/confirm", {"token": token})
    assert count() == 0


def test_upload_without_a_file_is_refused_at_the_field(auth, admin):
    response = auth.post_form("/enterprises/import", {})
    assert response.status_code == 400
    assert "Choose a file to import." in response.get_data(as_text=True)


def test_supervisor_may_not_import(client, auth):
    make_user("supervisor", username="chief")
    auth.login("chief")
    assert client.get("/enterprises/import").status_code == 403
    assert upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).status_code == 403


def test_bad_upload_after_a_good_one_voids_the_good_preview(auth, admin):
    token = token_of(upload(auth, csv_bytes([HEADINGS_ZH] + GOOD)).get_data(as_text=True))
    upload(auth, csv_bytes([HEADINGS_ZH] + BAD))
    auth.post_form("/enterprises/import/confirm", {"token": token})
    assert count() == 0

"""Fixtures of the enterprise tests: import files built in memory, uploads kept under the test's tmp_path."""
import csv
import io

import pytest
from flask_babel import force_locale
from openpyxl import Workbook

HEADINGS_ZH = ["企业编码", "企业名称", "统一社会信用代码", "地址", "行业领域", "监管类别", "网格", "联系人", "联系电话"]


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    """Keep preview uploads out of the repository's instance folder."""
    folder = tmp_path / "imports"
    folder.mkdir()
    app.config["IMPORT_UPLOAD_FOLDER"] = str(folder)
    return folder


@pytest.fixture
def english(app):
    """Messages made outside a request in English, whatever the default language's catalogue holds."""
    with force_locale("en"):
        yield


def csv_bytes(rows, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

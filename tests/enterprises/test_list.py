"""The register's list and detail pages: search, filters, scope, languages, and a constant number of queries."""
import re

import pytest
from flask_babel import gettext as _
from sqlalchemy import event

from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_park, make_user


@pytest.fixture
def park(app):
    """The suite's park (tests.factories.make_park) with an enterprise in each state: the steelworks operating,
    a bakery in the north suspended, the chemical plant closed. Answers the enterprises by name."""
    park = make_park(steel={"supervision_class": "A", "uscc": "91310000MA1FL1MMXL"},
                     chem={"supervision_class": "A", "status": "closed"})
    bakery = make_enterprise(grid=park["grids"]["north"], code="E10002", name="Sunny Bakery Ltd", sector="food",
                             supervision_class="C", status="suspended")
    return {"steel": park["enterprises"]["steel"], "bakery": bakery, "chem": park["enterprises"]["chem"]}


def codes_on(response) -> set[str]:
    return set(re.findall(r">(E\d{5})</a>", response.get_data(as_text=True)))


def test_inspector_sees_only_the_enterprises_of_their_grids(client, auth, park):
    auth.login("north")
    assert codes_on(client.get("/enterprises/")) == {"E10001", "E10002"}


def test_supervisor_sees_every_enterprise(client, auth, park):
    auth.login("chief")
    assert codes_on(client.get("/enterprises/")) == {"E10001", "E10002", "E20001"}


def test_list_shows_sector_class_grid_contact_and_status(client, auth, park):
    auth.login("chief")
    page = client.get("/enterprises/").get_data(as_text=True)
    row = page[page.index("E20001"):].split("</tr>")[0]
    assert "Hazardous chemicals" in row and "南区" in row and "张三" in row and "13800000000" in row
    assert 'class="badge bad"' in row and "Closed" in row


@pytest.mark.parametrize("query,expected", [
    ("钢铁", {"E10001"}),
    ("sunny bakery", {"E10002"}),
    ("e2000", {"E20001"}),
    ("ma1fl1mm", {"E10001"}),
    ("9131 0000", {"E10001"}),
    ("100%", set()),
])
def test_search_matches_name_code_and_credit_code_ignoring_case(client, auth, park, query, expected):
    auth.login("chief")
    assert codes_on(client.get("/enterprises/", query_string={"q": query})) == expected


@pytest.mark.parametrize("filters,expected", [
    ({"sector": "food"}, {"E10002"}),
    ({"grid": "S1"}, {"E20001"}),
    ({"supervision_class": "A"}, {"E10001", "E20001"}),
    ({"status": "suspended"}, {"E10002"}),
    ({"supervision_class": "A", "grid": "N1"}, {"E10001"}),
    ({"sector": "no-such-sector"}, {"E10001", "E10002", "E20001"}),
])
def test_filters_narrow_the_list(client, auth, park, filters, expected):
    auth.login("chief")
    assert codes_on(client.get("/enterprises/", query_string=filters)) == expected


def test_inspector_filtering_by_another_grid_sees_nothing(client, auth, park):
    auth.login("north")
    assert codes_on(client.get("/enterprises/", query_string={"grid": "S1"})) == set()


def test_inspector_grid_filter_offers_only_their_grids(client, auth, park):
    auth.login("north")
    page = client.get("/enterprises/").get_data(as_text=True)
    assert 'value="N1"' in page and 'value="S1"' not in page


def test_list_is_paginated(app, client, auth, park):
    app.config["PAGE_SIZE"] = 2
    auth.login("chief")
    first = client.get("/enterprises/")
    second = client.get("/enterprises/", query_string={"page": 2})
    assert codes_on(first) == {"E10001", "E10002"}
    assert codes_on(second) == {"E20001"}
    assert 'rel="next"' in first.get_data(as_text=True)


def test_list_runs_the_same_number_of_queries_for_more_rows(client, auth, park):
    grid = park["steel"].grid
    auth.login("chief")

    def count_queries() -> int:
        db.session.commit()  # stamped for phones now, not inside the count (the client commits before a request)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/enterprises/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = count_queries()
    for n in range(10):
        make_enterprise(grid=make_grid() if n % 2 else grid)
    assert count_queries() == few


def test_detail_page_shows_every_field_and_the_qr_image(client, auth, park):
    auth.login("north")
    page = client.get("/enterprises/E10001").get_data(as_text=True)
    for text in ("华东钢铁有限公司", "91310000MA1FL1MMXL", "Metallurgy", "北区", "张三", "13800000000",
                 park["steel"].address, "Operating", "/enterprises/E10001/qr.png", "/enterprises/E10001/label",
                 "http://localhost/e/E10001"):
        assert text in page, text
    assert "/enterprises/E10001/edit" not in page


def test_admin_detail_page_links_to_edit(client, auth, park):
    auth.login("root")
    assert "/enterprises/E10001/edit" in client.get("/enterprises/E10001").get_data(as_text=True)


def test_inspector_of_another_grid_gets_403_on_the_detail_page(client, auth, park):
    auth.login("south")
    assert client.get("/enterprises/E10001").status_code == 403


def test_unknown_code_is_404(client, auth, park):
    auth.login("chief")
    assert client.get("/enterprises/E99999").status_code == 404


def test_enterprise_account_may_not_open_the_register(client, auth, park):
    make_user("enterprise", username="firm", enterprise=park["steel"], locale="en")
    auth.login("firm")
    assert client.get("/enterprises/").status_code == 403


def test_list_renders_in_english_after_switching_language(client, auth, park):
    make_user("supervisor", username="zhang")
    auth.login("zhang")
    client.post("/locale/en", data={"csrf_token": auth.csrf_token, "next": "/enterprises/"})
    page = client.get("/enterprises/").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "<h1>Enterprises</h1>" in page and "Supervision class" in page and "Hazardous chemicals" in page


def test_list_renders_in_chinese_by_default(app, client, auth, park):
    make_user("supervisor", username="wang")
    auth.login("wang")
    page = client.get("/enterprises/").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "<h1>企业</h1>" in page
    # The column headings in the catalogue's Chinese (this context's default locale is zh_CN).
    assert _("Supervision class") in page and _("Unified social credit code") not in ("", None)
    assert "华东钢铁有限公司" in page

"""A hazard's readable number (YH-2026-000123) is shown wherever the office reads hazards: the ledger, its
Excel, the hazard page and the review page of the inspection that found it."""
import re

from safety.extensions import db
from tests.factories import make_hazard, make_inspection
from tests.hazards_ledger.test_ledger_export import workbook_rows

NUMBER = re.compile(r"YH-\d{4}-\d{6}")


def test_the_ledger_shows_each_hazards_number_beside_it(client, auth, park):
    auth.login("chief")
    page = client.get("/hazards/").get_data(as_text=True)
    for hazard in park["hazards"].values():
        assert NUMBER.fullmatch(hazard.number)
        row = page.split(f'data-hazard="{hazard.uuid}"')[1].split("</tr>")[0]
        assert f'class="muted code hazard-number nowrap">{hazard.number}<' in row


def test_the_export_has_the_number_and_keeps_the_uuid(client, auth, park):
    auth.login("chief")
    rows, headings, _title = workbook_rows(client.get("/hazards/export.xlsx"))
    assert headings[:2] == ["No.", "Hazard number"] and headings[-1] == "Hazard UUID"
    by_uuid = {hazard.uuid: hazard.number for hazard in park["hazards"].values()}
    assert {row["Hazard UUID"]: row["Hazard number"] for row in rows} == by_uuid


def test_the_hazard_page_shows_the_number(client, auth, park):
    hazard = park["hazards"]["overdue"]
    auth.login("chief")
    page = client.get(f"/hazards/{hazard.uuid}").get_data(as_text=True)
    assert f'<p class="hazard-number code">{hazard.number}</p>' in page
    assert f'<dd class="code hazard-number">{hazard.number}</dd>' in page


def test_the_review_page_numbers_the_hazards_found(client, auth, park):
    steel = park["enterprises"]["steel"]
    inspection = make_inspection(steel, park["users"]["north"])
    hazard = make_hazard(steel, inspection_id=inspection.id)
    auth.login("chief")
    page = client.get(f"/review/{inspection.uuid}").get_data(as_text=True)
    assert f'<span class="code hazard-number nowrap">{hazard.number}</span>' in page


def test_the_ledger_finds_a_hazard_by_its_number_as_people_type_it(client, auth, park):
    from tests.hazards_ledger.conftest import uuids_on

    hazard = park["hazards"]["overdue"]
    db.session.commit()  # the database numbers a hazard as its transaction commits
    db.session.refresh(hazard)
    prefix, year, number = hazard.number.split("-")
    auth.login("chief")
    for typed in (hazard.number, f"{prefix.lower()}-{year}-{int(number)}"):
        assert uuids_on(client.get("/hazards/", query_string={"q": typed})) == [hazard.uuid], typed
    auth.login("south")  # out of this inspector's scope: not found by its number either
    assert uuids_on(client.get("/hazards/", query_string={"q": hazard.number})) == []

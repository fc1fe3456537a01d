"""Grids are shown by name where a person reads them (北区, not N1); the code stays where it is a key (filters'
values, spreadsheets for import, pull's ``grid``)."""
import io
import re

from openpyxl import load_workbook

from tests.hazards_ledger.test_ledger_export import workbook_rows
from tests.reports.conftest import Q1


def test_the_dashboard_names_the_grids_of_its_lists(client, auth, park):
    auth.login("chief")
    page = client.get("/reports/", query_string=Q1).get_data(as_text=True)
    for table in ("most-open", "coverage-list"):
        rows = page.split(f'class="{table}"')[1].split("</table>")[0]
        row = rows.split('data-enterprise="E10001"')[1].split("</tr>")[0]
        assert "<td>北区</td>" in row and "N1" not in row


def test_the_summary_workbook_lists_name_the_grids(client, auth, park):
    auth.login("chief")
    workbook = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=Q1).data))
    for sheet in ("Hazard list", "Inspection list"):
        rows = list(workbook[sheet].iter_rows(values_only=True))
        grid = rows[0].index("Grid")
        assert {row[grid] for row in rows[1:]} <= {"北区", "南区", ""}, sheet
        assert "北区" in {row[grid] for row in rows[1:]}


def test_the_summary_hazard_list_has_the_hazard_number(client, auth, park):
    auth.login("chief")
    sheet = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=Q1).data))["Hazard list"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Hazard number", "UUID")
    numbers = {hazard.uuid: hazard.number for hazard in park["hazards"].values()}
    assert all(row[-2] == numbers[row[-1]] for row in rows[1:])


def test_the_ledger_export_names_the_grid(client, auth, park):
    auth.login("chief")
    rows, _headings, _title = workbook_rows(client.get("/hazards/export.xlsx"))
    assert {row["Grid"] for row in rows} == {"北区", "南区", None}


def test_grid_filters_offer_the_name_first(client, auth, park):
    auth.login("chief")
    for url in ("/hazards/", "/review/", "/enterprises/", "/reports/"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r'<option value="N1"[^>]*>北区 \(N1\)</option>', page), url

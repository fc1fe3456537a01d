"""The summary report counts an inspection once, however many revisions it took."""
from datetime import UTC, datetime

from tests.factories import make_inspection

PERIOD = {"from": "2025-01-01", "to": "2025-03-31"}


def test_a_superseded_revision_is_not_a_second_inspection(client, auth, park):
    steel = park["enterprises"]["steel"]
    north, version = park["users"]["north"], park["version"]
    at = datetime(2025, 2, 10, 4, tzinfo=UTC)
    first = make_inspection(steel, north, version, started_at=at, finished_at=at, review_state="superseded")
    make_inspection(steel, north, version, started_at=at, finished_at=at, revision_of_id=first.id,
                    original_id=first.id, revision=2, review_state="approved")
    make_inspection(park["enterprises"]["chem"], park["users"]["south"], version, started_at=at, finished_at=at)
    auth.login("chief")
    figures = client.get("/reports/summary.json", query_string=PERIOD).get_json()
    assert figures["inspections"] == 2
    assert figures["enterprises_inspected"] == 2
    workbook = client.get("/reports/summary.xlsx", query_string=PERIOD)
    assert workbook.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook
    sheets = load_workbook(BytesIO(workbook.data)).worksheets
    inspection_sheet = sheets[-1]
    cells = {cell for row in inspection_sheet.iter_rows(values_only=True) for cell in row}
    assert first.uuid not in cells
    assert len({cell for cell in cells if isinstance(cell, str) and len(cell) == 36 and cell.count("-") == 4}) == 2

"""The summary as a page, a workbook and a dashboard: the same numbers as the JSON, and the same in all three."""
import io
import json
import re

from openpyxl import load_workbook

from safety.extensions import db
from safety.reports.wording import FIGURE_KEYS, RATE_KEYS, TOTAL_KEYS
from tests.reports.conftest import Q1, Q1_TOTALS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _json(client, **args):
    return client.get("/reports/summary.json", query_string=args).get_json()


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_page_opens_with_the_paragraph_and_its_numbers(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary", query_string=Q1)
    assert response.status_code == 200
    assert ("In the first quarter of 2025 we carried out 4 inspections at 3 enterprises (of 5 under supervision) "
            "and found 7 work-safety hazards, 2 of them major; 2 have been rectified (1 of them on the spot), "
            "a rectification rate of 28.6%. 2 hazards are overdue, 2 have been escalated, and 1 documents were "
            "issued.") in _text(response)


def test_the_page_tables_show_the_json_numbers(client, auth, park):
    auth.login("chief")
    page = client.get("/reports/summary", query_string=Q1).get_data(as_text=True)
    totals = page.split('class="figures totals"')[1].split("</table>")[0]
    shown = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', totals))
    summary = _json(client, **Q1)
    assert shown == {key: (f"{summary[key]:.1f}%" if key in RATE_KEYS else str(summary[key])) for key in TOTAL_KEYS}
    assert (shown["rectification_rate"], shown["rectification_pass_rate"]) == ("28.6%", "100.0%")


def test_an_empty_period_shows_a_dash_for_the_rate(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary", query_string={"from": "2024-07-01", "to": "2024-09-30"})
    assert response.status_code == 200
    text = _text(response)
    assert "we carried out 0 inspections at 0 enterprises" in text
    assert "a rectification rate of —." in text


def test_a_bad_period_is_explained_on_the_page(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary", query_string={"from": "2025-04-01", "to": "2025-03-31"})
    assert response.status_code == 400
    assert "The first day (2025-04-01) is after the last day (2025-03-31)." in _text(response)
    response = client.get("/reports/", query_string={"from": "2025-13-01", "to": "2025-12-31"})
    assert response.status_code == 400
    assert "is not a date" in _text(response)


def test_the_workbook_matches_the_json(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary.xlsx", query_string=Q1)
    assert response.status_code == 200 and response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Summary figures", "Hazard list", "Inspection list"]
    rows = list(workbook["Summary figures"].iter_rows(values_only=True))
    summary = _json(client, **Q1)
    figures = rows[4:4 + len(TOTAL_KEYS)]
    assert [value for _label, value, *_rest in figures] == [summary[key] for key in TOTAL_KEYS]
    assert figures[0][0] == "Inspections made"
    sector_table = next(n for n, row in enumerate(rows) if row[0] == "By sector")
    sectors = {row[0]: list(row[1:1 + len(FIGURE_KEYS)])  # the campaign table makes the sheet wider
               for row in rows[sector_table + 2:sector_table + 2 + len(summary["by_sector"])]}
    for row in summary["by_sector"]:
        assert sectors[row["label"]] == [row[key] if row[key] is not None else "—" for key in FIGURE_KEYS]
    hazards = list(workbook["Hazard list"].iter_rows(values_only=True))
    assert len(hazards) - 1 == summary["hazards_found"]
    assert {row[-1] for row in hazards[1:]} == {park["hazards"][name].uuid for name in
                                                 ("H1", "H2", "H3", "H4", "H5", "H6", "H7")}
    inspections = list(workbook["Inspection list"].iter_rows(values_only=True))
    assert len(inspections) - 1 == summary["inspections"]
    assert sum(row[8] for row in inspections[1:]) == summary["hazards_found"]


def test_record_text_that_looks_like_a_formula_stays_text(client, auth, park):
    hazard = park["hazards"]["H2"]
    hazard.description, hazard.responsible_person, hazard.measures = '=HYPERLINK("http://x","y")', "#N/A", "更换报警器"
    db.session.commit()
    auth.login("chief")
    sheet = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=Q1).data))["Hazard list"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[-1].value == hazard.uuid)
    cells = {cell.value: cell.data_type for cell in (row[5], row[8], row[9])}
    assert cells == {'=HYPERLINK("http://x","y")': "s", "#N/A": "s", "更换报警器": "s"}
    assert row[10].value.date() == hazard.deadline and row[10].number_format == "yyyy-mm-dd"
    assert row[0].number_format == "yyyy-mm-dd hh:mm" and row[0].value.hour == 12  # 04:00 UTC, 12:00 in Shanghai


def test_an_empty_period_exports_an_empty_workbook(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary.xlsx", query_string={"from": "2024-07-01", "to": "2024-09-30"})
    workbook = load_workbook(io.BytesIO(response.data))
    rows = list(workbook["Summary figures"].iter_rows(values_only=True))
    values = {label: value for label, value, *_rest in rows[4:4 + len(TOTAL_KEYS)]}
    assert values["Rectification rate"] == "—" and values["Hazards found"] == 0
    assert workbook["Hazard list"].max_row == 1 and workbook["Inspection list"].max_row == 1


def test_a_bad_period_export_is_refused_with_a_message(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary.xlsx", query_string={"from": "2025-01-01", "to": "nope"})
    assert response.status_code == 400
    assert "is not a date" in _text(response)


def test_the_dashboard_shows_figures_charts_and_tables(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/", query_string=Q1)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    tiles = dict(re.findall(r'<strong data-figure="(\w+)">([^<]*)</strong>', page))
    assert tiles == {key: ("28.6%" if key == "rectification_rate" else str(value))
                     for key, value in Q1_TOTALS.items() if key in FIGURE_KEYS and key != "enterprises_supervised"}
    charts = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.DOTALL)
                        .group(1))
    summary = _json(client, **Q1)
    assert charts["sector"]["labels"] == [row["label"] for row in summary["by_sector"]]
    found = next(series for series in charts["sector"]["series"] if series["key"] == "hazards_found")
    assert found["data"] == [row["hazards_found"] for row in summary["by_sector"]]
    assert [s["data"] for s in charts["month"]["series"] if s["key"] == "inspections"] == [[2, 1, 1]]
    assert '/static/vendor/lazy/chartjs/chart.umd.min.js' in page and '/static/js/charts.js' in page
    assert "<script>" not in page  # the policy forbids inline scripts


def test_the_dashboard_lists_the_most_open_hazards_and_coverage(client, auth, park):
    auth.login("chief")
    page = client.get("/reports/", query_string=Q1).get_data(as_text=True)
    most_open = page.split('class="most-open"')[1].split("</table>")[0]
    assert re.findall(r'data-enterprise="(\w+)"', most_open) == ["E10001", "E20001", "E10002", "E30001"]
    coverage = page.split('class="coverage-list"')[1].split("</table>")[0]
    # As of 31 March 2025: never inspected first (by code), then the longest since their last inspection.
    assert re.findall(r'data-enterprise="(\w+)"', coverage) == ["E20002", "E30001", "E20001", "E10001"]


def test_coverage_intervals_are_the_offices_setting(client, auth, park, app):
    app.config["COVERAGE_INTERVAL_DAYS"] = {"A": 60, "B": 120, "C": 90, "D": 180}
    auth.login("chief")
    coverage = client.get("/reports/", query_string=Q1).get_data(as_text=True).split(
        'class="coverage-list"')[1].split("</table>")[0]
    assert re.findall(r'data-enterprise="(\w+)"', coverage) == ["E20002", "E30001"]


def test_the_dashboard_defaults_to_this_quarter(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/")
    assert response.status_code == 200
    assert 'class="current">This quarter' in response.get_data(as_text=True)

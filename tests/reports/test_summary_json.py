"""The summary's numbers, checked against the park counted by hand (see conftest)."""
import pytest

from tests.reports.conftest import Q1, Q1_TOTALS, Q2, Q2_TOTALS


def _summary(client, auth, user="chief", **args):
    auth.login(user)
    response = client.get("/reports/summary.json", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _figures(row: dict) -> dict:
    return {key: row[key] for key in Q1_TOTALS}


def test_first_quarter_totals(client, auth, park):
    summary = _summary(client, auth, **Q1)
    assert _figures(summary) == Q1_TOTALS
    assert summary["period"] == {"from": "2025-01-01", "to": "2025-03-31", "preset": "custom",
                                 "name": "the first quarter of 2025"}


def test_a_hazard_found_in_one_quarter_and_closed_in_the_next_counts_as_rectified_where_it_was_found(
        client, auth, park):
    """H4 was found in March and closed in April: rectified in the first quarter's figures, absent from the second."""
    first, second = _summary(client, auth, **Q1), _summary(client, auth, **Q2)
    assert first["rectified"] == 2 and second["rectified"] == 1
    assert _figures(second) == Q2_TOTALS


def test_quarter_presets_give_the_same_figures_as_their_dates(client, auth, park):
    assert _figures(_summary(client, auth, period="q1", year="2025")) == Q1_TOTALS
    assert _figures(_summary(client, auth, period="q2", year="2025")) == Q2_TOTALS


def test_the_year_adds_up_its_quarters(client, auth, park):
    year = _summary(client, auth, period="year", year="2025")
    for key in ("inspections", "hazards_found", "major_hazards", "rectified", "overdue", "escalated",
                "documents_issued"):
        assert year[key] == Q1_TOTALS[key] + Q2_TOTALS[key], key
    assert year["enterprises_inspected"] == 4  # steel, bakery, chem, nogrid: chem is counted once
    assert year["rectification_rate"] == round(100 * 3 / 9, 1)


def test_by_sector(client, auth, park):
    rows = {row["sector"]: _figures(row) for row in _summary(client, auth, **Q1)["by_sector"]}
    assert rows == {
        "machinery": dict.fromkeys(Q1_TOTALS, 0) | {"enterprises_supervised": 1, "rectification_rate": None},
        "metallurgy": {"inspections": 2, "enterprises_inspected": 1, "enterprises_supervised": 1, "hazards_found": 3,
                       "major_hazards": 1, "rectified": 1, "rectified_on_the_spot": 1, "rectification_rate": 33.3,
                       "overdue": 1, "escalated": 0, "documents_issued": 1},
        "food": {"inspections": 1, "enterprises_inspected": 1, "enterprises_supervised": 1, "hazards_found": 2,
                 "major_hazards": 0, "rectified": 1, "rectified_on_the_spot": 0, "rectification_rate": 50.0,
                 "overdue": 1, "escalated": 1, "documents_issued": 0},
        "chemicals": {"inspections": 1, "enterprises_inspected": 1, "enterprises_supervised": 2, "hazards_found": 2,
                      "major_hazards": 1, "rectified": 0, "rectified_on_the_spot": 0, "rectification_rate": 0.0,
                      "overdue": 0, "escalated": 1, "documents_issued": 0},
    }


def test_by_grid(client, auth, park):
    rows = {row["grid"]: _figures(row) for row in _summary(client, auth, **Q1)["by_grid"]}
    assert rows == {
        "N1": {"inspections": 3, "enterprises_inspected": 2, "enterprises_supervised": 2, "hazards_found": 5,
               "major_hazards": 1, "rectified": 2, "rectified_on_the_spot": 1, "rectification_rate": 40.0,
               "overdue": 2, "escalated": 1, "documents_issued": 1},
        "S1": {"inspections": 1, "enterprises_inspected": 1, "enterprises_supervised": 2, "hazards_found": 2,
               "major_hazards": 1, "rectified": 0, "rectified_on_the_spot": 0, "rectification_rate": 0.0,
               "overdue": 0, "escalated": 1, "documents_issued": 0},
        None: dict.fromkeys(Q1_TOTALS, 0) | {"enterprises_supervised": 1, "rectification_rate": None},
    }


def test_by_month_uses_the_office_calendar(client, auth, park):
    months = {row["month"]: row for row in _summary(client, auth, **Q1)["by_month"]}
    assert list(months) == ["2025-01", "2025-02", "2025-03"]
    # I5 finished at 17:00 UTC on 31 December 2024: 1 January in Shanghai.
    assert [months[m]["inspections"] for m in months] == [2, 1, 1]
    assert [months[m]["hazards_found"] for m in months] == [4, 1, 2]
    assert [months[m]["major_hazards"] for m in months] == [2, 0, 0]
    assert [months[m]["rectified"] for m in months] == [1, 0, 1]
    assert [months[m]["documents_issued"] for m in months] == [1, 0, 0]


def test_a_grid_narrows_the_figures(client, auth, park):
    summary = _summary(client, auth, grid="S1", **Q1)
    assert summary["grid"] == "S1"
    assert (summary["inspections"], summary["hazards_found"], summary["enterprises_supervised"]) == (1, 2, 2)
    assert [row["grid"] for row in summary["by_grid"]] == ["S1"]


def test_a_supervisor_with_grids_sees_only_the_jurisdiction(client, auth, park):
    summary = _summary(client, auth, user="northchief", **Q1)
    assert (summary["inspections"], summary["enterprises_inspected"], summary["hazards_found"],
            summary["rectified"], summary["documents_issued"]) == (3, 2, 5, 2, 1)
    assert [row["grid"] for row in summary["by_grid"]] == ["N1"]


def test_another_jurisdictions_grid_is_forbidden(client, auth, park):
    auth.login("northchief")
    response = client.get("/reports/summary.json", query_string={"grid": "S1", **Q1})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "grid_out_of_scope"
    assert client.get("/reports/summary", query_string={"grid": "S1", **Q1}).status_code == 403
    assert client.get("/reports/summary.xlsx", query_string={"grid": "S1", **Q1}).status_code == 403
    assert client.get("/reports/", query_string={"grid": "S1"}).status_code == 403


def test_an_unknown_grid_is_not_found(client, auth, park):
    auth.login("chief")
    response = client.get("/reports/summary.json", query_string={"grid": "XX9"})
    assert response.status_code == 404
    assert response.get_json()["error"]["field"] == "grid"


def test_an_empty_period_is_a_report_of_zeros(client, auth, park):
    summary = _summary(client, auth, **{"from": "2024-07-01", "to": "2024-09-30"})
    assert summary["rectification_rate"] is None
    assert {key: summary[key] for key in Q1_TOTALS if key not in ("rectification_rate", "enterprises_supervised")} \
        == dict.fromkeys(set(Q1_TOTALS) - {"rectification_rate", "enterprises_supervised"}, 0)
    assert summary["enterprises_supervised"] == 5
    assert [row["hazards_found"] for row in summary["by_month"]] == [0, 0, 0]


def test_an_empty_database_is_a_report_of_zeros(client, auth, app):
    from tests.factories import make_user
    make_user("admin", username="admin")
    summary = _summary(client, auth, user="admin")
    assert summary["inspections"] == summary["hazards_found"] == summary["enterprises_supervised"] == 0
    assert summary["rectification_rate"] is None
    assert summary["by_sector"] == [] and summary["by_grid"] == []


@pytest.mark.parametrize("args,field", [
    ({"from": "2025-04-01", "to": "2025-03-31"}, "from"),
    ({"from": "2025-02-30", "to": "2025-03-31"}, "from"),
    ({"from": "2025/01/01", "to": "2025-03-31"}, "from"),
    ({"from": "2025-01-01", "to": "yesterday"}, "to"),
    ({"from": "2025-01-01"}, "to"),
    ({"to": "2025-01-01"}, "from"),
    ({"from": "1990-01-01", "to": "2025-01-01"}, "from"),
    ({"from": "2000-01-01", "to": "2025-01-01"}, "to"),
    ({"period": "q5"}, "period"),
    ({"period": "q1", "year": "20x5"}, "year"),
    ({"period": "year", "year": "1899"}, "year"),
])
def test_a_bad_period_is_a_json_error_naming_the_argument(client, auth, park, args, field):
    auth.login("chief")
    response = client.get("/reports/summary.json", query_string=args)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_period", field)
    assert error["message"]


def test_only_the_office_reads_reports(client, auth, park):
    auth.login("north")
    assert client.get("/reports/summary.json").status_code == 403

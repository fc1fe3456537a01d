"""The Excel export of the filtered ledger, read back with openpyxl."""
import io
from datetime import datetime, timedelta

from flask_babel import force_locale, gettext
from openpyxl import load_workbook

from safety.hazards.export import COLUMNS
from safety.hazards.lifecycle import apply_event
from tests.factories import make_hazard
from tests.hazards_ledger.conftest import NOW, days, found

HEADINGS = ["No.", "Hazard number", "Enterprise code", "Enterprise name", "Sector", "Grid", "Hazard description", "Level",
            "Rectification mode", "Responsible person", "Measures", "Deadline", "Funds", "Emergency plan",
            "Supervising unit", "Supervision deadline", "Status", "Days overdue", "Escalation", "Recurring",
            "Failed re-checks", "Found by", "Found at", "Rectified by", "Rectified at", "Accepted by", "Accepted at",
            "Hazard UUID"]


def workbook_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment; filename=hazards-" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row)) for row in rows[1:]], rows[0], sheet.title


def test_export_has_one_row_per_filtered_hazard_with_every_field(client, auth, park):
    hazard = park["hazards"]["overdue"]
    hazard.funds, hazard.emergency_plan = "5000元", "停电检修预案"
    auth.login("chief")
    rows, headings, title = workbook_rows(client.get("/hazards/export.xlsx", query_string={"overdue": "1"}))
    assert headings == HEADINGS and title == "Hazard ledger"
    assert [row["Hazard UUID"] for row in rows] == [hazard.uuid, park["hazards"]["long_overdue"].uuid]
    row = rows[0]
    assert row["No."] == 1 and row["Enterprise code"] == "E10001" and row["Enterprise name"] == "华东钢铁有限公司"
    assert row["Sector"] == "Metallurgy" and row["Grid"] == "北区"
    assert row["Hazard description"] == "配电箱门未关闭" and row["Level"] == "General hazard"
    assert row["Rectification mode"] == "Rectification by deadline"
    assert row["Responsible person"] == "张三" and row["Measures"] == "清理杂物，保持通道畅通"
    assert row["Deadline"] == datetime.combine(days(-10), datetime.min.time())
    assert row["Funds"] == "5000元" and row["Emergency plan"] == "停电检修预案"
    assert row["Status"] == "To be rectified" and row["Days overdue"] == 10 and row["Escalation"] in ("", None)
    assert row["Found by"] == "李北" and row["Found at"].date() == found(20).date()
    assert rows[1]["Days overdue"] == 45 and rows[1]["Escalation"] == "Due for escalation"


def test_export_writes_flags_and_leaves_overdue_empty_when_not_overdue(client, auth, park):
    auth.login("chief")
    rows, _h, _t = workbook_rows(client.get("/hazards/export.xlsx", query_string={"grid": "N1", "sort": "found"}))
    by_uuid = {row["Hazard UUID"]: row for row in rows}
    assert len(rows) == 4
    escalated, recurring = by_uuid[park["hazards"]["escalated"].uuid], by_uuid[park["hazards"]["recurring"].uuid]
    assert escalated["Escalation"] == "Escalated" and escalated["Days overdue"] is None
    assert recurring["Recurring"] == "Yes" and recurring["Failed re-checks"] == 2
    assert recurring["Escalation"] == "Due for escalation"
    assert [row["No."] for row in rows] == [1, 2, 3, 4]
    assert rows[0]["Hazard UUID"] == park["hazards"]["overdue"].uuid  # sorted as asked: oldest found first


def test_export_names_who_rectified_and_who_accepted_with_their_times(client, auth, park):
    users = park["users"]
    hazard = make_hazard(park["enterprises"]["steel"], level="major", found_at=found(9))
    apply_event(hazard, "found", users["north"], "inspector", found(9))
    reported_at, passed_at, verified_at = NOW - timedelta(days=3), NOW - timedelta(days=2), NOW - timedelta(days=1)
    apply_event(hazard, "rectification_reported", users["firm"], "enterprise", reported_at, signed_by="钱师傅")
    apply_event(hazard, "recheck_passed", users["north"], "inspector", passed_at)
    apply_event(hazard, "verified", users["chief"], "supervisor", verified_at, signed_by="王主任")
    auth.login("chief")
    rows, _h, _t = workbook_rows(client.get("/hazards/export.xlsx", query_string={"status": "closed", "grid": "N1"}))
    assert len(rows) == 1
    row = rows[0]
    assert row["Status"] == "Struck off" and row["Level"] == "Major hazard"
    assert row["Rectified by"] == "钱师傅" and row["Accepted by"] == "王主任"
    assert abs(row["Rectified at"] - reported_at.astimezone(_shanghai()).replace(tzinfo=None)) < timedelta(minutes=1)
    assert abs(row["Accepted at"] - verified_at.astimezone(_shanghai()).replace(tzinfo=None)) < timedelta(minutes=1)


def _shanghai():
    from zoneinfo import ZoneInfo
    return ZoneInfo("Asia/Shanghai")


def test_export_keeps_text_that_looks_like_a_formula_as_text(client, auth, park):
    make_hazard(park["enterprises"]["steel"], description='=HYPERLINK("http://x")', found_at=found(1))
    auth.login("chief")
    rows, _h, _t = workbook_rows(client.get("/hazards/export.xlsx", query_string={"q": "E10001", "sort": "-found"}))
    assert rows[0]["Hazard description"] == '=HYPERLINK("http://x")'


def test_inspector_exports_only_their_grids(client, auth, park):
    auth.login("south")
    rows, _h, _t = workbook_rows(client.get("/hazards/export.xlsx"))
    assert {row["Enterprise code"] for row in rows} == {"E20001"} and len(rows) == 3


def test_export_headings_follow_the_language(client, auth, park):
    park["users"]["chief"].locale = "zh_CN"
    auth.login("chief")
    rows, headings, title = workbook_rows(client.get("/hazards/export.xlsx"))
    # The catalogue's Chinese for each heading (the lazy headings are made in the locale in force).
    with force_locale("zh_CN"):
        expected = [str(heading) for heading, _w, _v in COLUMNS]
        assert title == gettext("Hazard ledger")[:31]
    assert headings == expected and len(rows) == 7


def test_export_with_unreadable_filters_is_refused_with_the_reason(client, auth, park):
    auth.login("chief")
    response = client.get("/hazards/export.xlsx", query_string={"found_from": "2026-02-30"})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "The export was not made" in response.get_data(as_text=True)
    assert "2026-02-30" in response.get_data(as_text=True)


def test_enterprise_account_may_not_export(client, auth, park):
    auth.login("firm")
    assert client.get("/hazards/export.xlsx").status_code == 403


def test_export_dates_are_real_dates(client, auth, park):
    auth.login("chief")
    sheet = load_workbook(io.BytesIO(client.get("/hazards/export.xlsx").data)).worksheets[0]
    deadline_column = HEADINGS.index("Deadline") + 1
    cell = sheet.cell(row=2, column=deadline_column)
    assert isinstance(cell.value, datetime) and cell.number_format == "yyyy-mm-dd"

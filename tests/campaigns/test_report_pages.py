"""The campaign report: the paragraph in the office's wording, its JSON and its workbook, checked against a
campaign counted by hand."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from safety.campaigns.models import CampaignOutcome
from safety.extensions import db
from tests.factories import make_campaign, make_hazard, make_inspection, make_task


@pytest.fixture
def counted(district, campaign):
    """By hand: 3 tasks (E101 done, E102 done, E201 past due) and one cancelled (E202); 2 enterprises inspected;
    3 hazards found, 1 major, 2 closed (rectified); verdicts: E101 upgraded in place, E103 shut down."""
    users, enterprises, version = district["users"], district["enterprises"], district["template"].latest
    first = make_task(campaign, enterprises["E101"], [users["ann"]], due_on=date(2026, 2, 1))
    second = make_task(campaign, enterprises["E102"], [users["bob"]], due_on=date(2026, 3, 1))
    make_task(campaign, enterprises["E201"], [users["cat"]], due_on=date(2026, 3, 1))
    make_task(campaign, enterprises["E202"], [users["cat"]], due_on=date(2026, 3, 1), cancelled_at=campaign.created_at,
              cancel_reason="企业停产")
    for task, enterprise, hazards in ((first, "E101", (("major", "open"), ("general", "closed"))),
                                      (second, "E102", (("general", "closed"),))):
        inspection = make_inspection(enterprises[enterprise], users["ann"], version, task_id=task.id)
        for level, status in hazards:
            make_hazard(enterprises[enterprise], inspection_id=inspection.id, level=level, status=status)
    for code, outcome in (("E101", "upgraded"), ("E103", "closed")):
        db.session.add(CampaignOutcome(campaign_id=campaign.id, enterprise_id=enterprises[code].id, outcome=outcome,
                                       set_by_id=users["chief"].id))
    db.session.commit()
    return campaign


def test_the_paragraph_is_in_the_office_wording(client, auth, counted):
    auth.login("chief")
    page = client.get("/campaigns/2026-ZX-01/report").get_data(as_text=True)
    assert ("本次消防安全专项整治自1月1日开展以来，共检查企业2家，排查隐患3条，其中重大隐患1条，已整改2条，整改率66.7%。"
            "共下达检查任务3项，已完成2项，逾期未完成1项。") in page
    # The scope is the whole register: six enterprises not closed are its targets.
    assert "纳入整治范围的6家企业中，原地整治提升1家、淘汰关闭1家，尚未检查4家。" in page
    assert "统计口径" in page


def test_an_ended_campaign_reports_its_whole_period(client, auth, counted):
    auth.login("chief")
    auth.post_form("/campaigns/2026-ZX-01/close")
    page = client.get("/campaigns/2026-ZX-01/report").get_data(as_text=True)
    assert "本次消防安全专项整治自1月1日开展至6月30日结束，共检查企业2家" in page


def test_the_report_as_json(client, auth, counted):
    auth.login("chief")
    body = client.get("/campaigns/2026-ZX-01/report.json").get_json()
    assert {key: body[key] for key in ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found",
                                       "major_hazards", "rectified", "rectification_rate")} == {
        "tasks": 3, "done": 2, "overdue": 1, "enterprises_inspected": 2, "hazards_found": 3, "major_hazards": 1,
        "rectified": 2, "rectification_rate": 66.7}
    assert body["outcomes"] == {"not_inspected": 4, "rectifying": 0, "rectified": 0, "upgraded": 1, "suspended": 0,
                                "closed": 1, "relocated": 0}
    assert body["paragraph"].startswith("本次消防安全专项整治自1月1日开展以来")


def test_the_report_in_english(client, auth, counted):
    auth.login("chief")
    client.post("/locale/en", data={"csrf_token": auth.csrf_token})
    body = client.get("/campaigns/2026-ZX-01/report.json").get_json()
    assert body["paragraph"].startswith("Since 消防安全专项整治 began on Jan 1, we have inspected 2 enterprises and "
                                        "found 3 hazards, 1 of them major; 2 have been rectified, a rectification "
                                        "rate of 66.7%. Tasks: 3, of which 2 done and 1 past due.")


def test_a_random_check_has_no_verdicts(client, auth, district):
    make_campaign(code="2026-SJ-09", kind="random")
    db.session.commit()
    auth.login("chief")
    body = client.get("/campaigns/2026-SJ-09/report.json").get_json()
    assert body["outcomes"] is None and body["paragraph"].endswith("共下达检查任务0项，已完成0项，逾期未完成0项。")
    assert "未发现隐患" in body["paragraph"]


def test_the_report_as_excel(client, auth, counted):
    auth.login("chief")
    response = client.get("/campaigns/2026-ZX-01/report.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["检查行动报告", "任务清单", "整治结果", "按单位"]
    report = [row for row in workbook["检查行动报告"].iter_rows(values_only=True)]
    assert report[3][0].startswith("本次消防安全专项整治自1月1日开展以来")
    figures = {row[0]: row[1] for row in report[5:13]}
    assert figures["排查隐患（条）"] == 3 and figures["整改率"] == "66.7%"
    tasks = list(workbook["任务清单"].iter_rows(values_only=True))
    assert len(tasks) == 5 and tasks[-1][5] in ("企业停产", "")
    assert {row[0] for row in workbook["整治结果"].iter_rows(min_row=2, values_only=True)} == {"E101", "E103"}


def test_a_grid_supervisor_may_not_read_another_grids_report(client, auth, district):
    make_campaign(code="2026-S-01", scope={"sectors": [], "grids": ["S1"], "classes": [], "enterprises": []})
    db.session.commit()
    auth.login("northchief")
    assert client.get("/campaigns/2026-S-01/report.json").status_code == 403
    assert client.get("/campaigns/2026-S-01/report").status_code == 403

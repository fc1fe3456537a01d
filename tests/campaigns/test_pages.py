"""The back office's campaign pages: the list, the form with its bad input, the campaign page and its
actions, tasks by hand and their changes, and the verdict per enterprise."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import Campaign, CampaignOutcome, Task
from safety.common.office_time import office_today
from safety.extensions import db
from tests.factories import make_campaign, make_hazard, make_inspection, make_task

FORM = {"code": "2026-ZX-05", "name": "危险化学品专项整治", "kind": "campaign", "basis_number": "区安委办〔2026〕12号",
        "basis_title": "关于开展危险化学品安全专项整治的通知", "starts_on": "2026-03-01", "ends_on": "2026-05-31",
        "sectors": ["chemicals"], "action": "save"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_list_shows_the_campaigns_with_their_progress(client, auth, district, campaign):
    users = district["users"]
    make_task(campaign, district["enterprises"]["E101"], [users["ann"]], due_on=date(2026, 2, 1))
    auth.login("chief")
    page = _text(client.get("/campaigns/"))
    assert "2026-ZX-01" in page and "消防安全专项整治" in page
    assert 'data-tasks="1" data-done="0"' in page
    assert "已逾期 1" in page or "1 项逾期" in page or "逾期" in page


def test_a_campaign_is_created_as_a_draft_with_its_scope_and_checklist(client, auth, district):
    auth.login("chief")
    response = auth.post_form("/campaigns/new", {**FORM, "template_ids": [str(district["template"].id)],
                                                 "enforcement": "y"})
    assert response.status_code == 302, _text(response)
    assert response.headers["Location"].endswith("/campaigns/2026-ZX-05")
    stored = db.session.scalar(select(Campaign).where(Campaign.code == "2026-ZX-05"))
    assert stored.status == "draft" and stored.enforcement is True
    assert stored.basis_number == "区安委办〔2026〕12号" and stored.template_ids == [district["template"].id]
    assert stored.scope["sectors"] == ["chemicals"]


def test_the_preview_counts_the_scope_without_saving(client, auth, district):
    auth.login("chief")
    response = auth.post_form("/campaigns/new", {**FORM, "action": "preview"})
    assert response.status_code == 200
    # E103 and E201 are chemicals and not closed.
    assert 'data-preview="2"' in _text(response)
    assert _count(Campaign) == 0


def test_a_listed_enterprise_list_is_read_from_pasted_codes(client, auth, district):
    auth.login("chief")
    response = auth.post_form("/campaigns/new", {**FORM, "sectors": [], "enterprises": "e101，E202\nE301",
                                                 "action": "preview"})
    assert 'data-preview="3"' in _text(response)


@pytest.mark.parametrize("change,field_message", [
    ({"ends_on": "2026-02-01"}, "结束日期不能早于开始日期：2026-02-01 早于 2026-03-01。"),
    ({"starts_on": "2026-13-01"}, "请按YYYY-MM-DD格式填写日期（“2026-13-01”不是日期）。"),
    ({"code": "专项 03"}, "检查行动编号只能包含字母、数字和连字符"),
    ({"name": ""}, "请填写行动名称。"),
    ({"grids": ["XX"]}, "没有编码为 XX 的网格。"),
    ({"enterprises": "E999"}, "没有编码为 E999 的企业。"),
    ({"enterprises": "E104"}, "企业 E104 已关闭，不能安排检查。"),
])
def test_bad_input_is_shown_at_the_form_and_nothing_is_saved(client, auth, district, change, field_message):
    auth.login("chief")
    response = auth.post_form("/campaigns/new", {**FORM, **change})
    assert response.status_code == 400
    assert field_message in _text(response)
    assert _count(Campaign) == 0


def test_a_code_taken_is_said_at_the_code(client, auth, district, campaign):
    auth.login("chief")
    response = auth.post_form("/campaigns/new", {**FORM, "code": "2026-zx-01"})
    assert response.status_code == 400 and "已有检查行动使用编号 2026-ZX-01" in _text(response)


def test_a_grid_supervisor_may_not_scope_another_grid(client, auth, district):
    auth.login("northchief")
    response = auth.post_form("/campaigns/new", {**FORM, "grids": ["S1"]})
    assert response.status_code == 400 and "网格S1不在您的管辖范围内" in _text(response)
    assert _count(Campaign) == 0


def test_editing_changes_the_campaign_but_never_its_code(client, auth, district, campaign):
    auth.login("chief")
    page = client.get("/campaigns/2026-ZX-01/edit")
    assert page.status_code == 200 and 'value="消防安全专项整治"' in _text(page)
    response = auth.post_form("/campaigns/2026-ZX-01/edit", {**FORM, "code": "OTHER", "name": "消防安全百日攻坚"})
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert campaign.code == "2026-ZX-01" and campaign.name == "消防安全百日攻坚"


def test_an_ended_campaign_cannot_be_edited_and_says_why(client, auth, district, campaign):
    campaign.status = "closed"
    db.session.commit()
    auth.login("chief")
    response = client.get("/campaigns/2026-ZX-01/edit", follow_redirects=True)
    assert "检查行动 2026-ZX-01 已结束，行动及其任务不能再修改。" in _text(response)
    response = auth.post_form("/campaigns/2026-ZX-01/edit", {**FORM, "name": "改名"}, follow_redirects=True)
    assert "已结束" in _text(response)
    db.session.refresh(campaign)
    assert campaign.name == "消防安全专项整治"


def test_edit_refuses_a_period_that_leaves_tasks_outside(client, auth, district, campaign):
    make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]], due_on=date(2026, 6, 20))
    db.session.commit()
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-ZX-01/edit", {**FORM, "starts_on": "2026-01-01",
                                                               "ends_on": "2026-05-31"})
    assert response.status_code == 400 and "2026-06-20" in _text(response)


def test_activate_then_close_freezes_the_figures(client, auth, district):
    campaign = make_campaign(code="2026-ZX-09", status="draft")
    task = make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]])
    make_inspection(district["enterprises"]["E101"], district["users"]["ann"], district["template"].latest,
                    task_id=task.id)
    db.session.commit()
    auth.login("chief")
    assert auth.post_form("/campaigns/2026-ZX-09/activate").status_code == 302
    assert campaign.status == "active"
    response = auth.post_form("/campaigns/2026-ZX-09/close", follow_redirects=True)
    assert "已结束" in _text(response)
    db.session.refresh(campaign)
    assert campaign.status == "closed" and campaign.frozen_figures["done"] == 1
    # An ended campaign offers no changes any more.
    page = _text(client.get("/campaigns/2026-ZX-09"))
    assert "/campaigns/2026-ZX-09/edit" not in page and 'data-figure="done">1<' in page


def test_the_campaign_page_shows_progress_coverage_and_hazards(client, auth, district, campaign):
    users, enterprises = district["users"], district["enterprises"]
    done = make_task(campaign, enterprises["E101"], [users["ann"]], due_on=date(2026, 2, 1))
    make_task(campaign, enterprises["E201"], [users["cat"]], due_on=date(2026, 2, 1))
    inspection = make_inspection(enterprises["E101"], users["ann"], district["template"].latest, task_id=done.id)
    make_hazard(enterprises["E101"], inspection_id=inspection.id, level="major")
    db.session.commit()
    auth.login("chief")
    page = _text(client.get("/campaigns/2026-ZX-01"))
    for figure, value in (("tasks", 2), ("done", 1), ("overdue", 1), ("hazards_found", 1), ("major_hazards", 1),
                          ("rectified", 0), ("rectification_rate", "0.0%")):
        assert f'data-figure="{figure}">{value}<' in page, figure
    assert "北区 (N1)" in page and "南区 (S1)" in page
    assert 'data-inspector="cat"' in page
    filtered = _text(client.get("/campaigns/2026-ZX-01?status=overdue"))
    assert 'data-enterprise="E201"' in filtered and 'data-enterprise="E101"' not in filtered


def test_a_grid_supervisor_sees_campaigns_of_their_grids_only(client, auth, district):
    make_campaign(code="2026-S-01", scope={"sectors": [], "grids": ["S1"], "classes": [], "enterprises": []})
    make_campaign(code="2026-N-01", scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})
    db.session.commit()
    auth.login("northchief")
    page = _text(client.get("/campaigns/"))
    assert "2026-N-01" in page and "2026-S-01" not in page
    assert client.get("/campaigns/2026-S-01").status_code == 403
    assert auth.post_form("/campaigns/2026-S-01/close").status_code == 403


def test_generate_makes_one_task_per_enterprise_of_the_scope(client, auth, district):
    today = office_today()
    make_campaign(code="2026-ZX-10", starts_on=today, ends_on=today + timedelta(days=30),
                  scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})
    db.session.commit()
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-ZX-10/tasks/generate", follow_redirects=True)
    assert "已生成 3 项任务" in _text(response)
    again = auth.post_form("/campaigns/2026-ZX-10/tasks/generate", follow_redirects=True)
    assert "范围内每家企业都已有任务" in _text(again)


def test_tasks_refused_for_a_campaign_whose_period_is_over_are_flashed_and_none_is_made(client, auth, district,
                                                                                     campaign):
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-ZX-01/tasks/generate")
    assert response.status_code == 302 and response.headers["Location"].endswith("/campaigns/2026-ZX-01")
    page = _text(client.get("/campaigns/2026-ZX-01"))
    assert "flash-error" in page and "检查行动的时间已过" in page
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_a_task_by_hand_and_its_bad_input(client, auth, district, campaign):
    auth.login("chief")
    good = {"enterprise_code": "e102", "team": ["ann", "bob"], "due_on": "2026-04-01"}
    assert auth.post_form("/campaigns/2026-ZX-01/tasks", good).status_code == 302
    task = db.session.scalar(select(Task))
    assert task.due_on == date(2026, 4, 1) and len(task.members) == 2
    for change, message in (({"enterprise_code": "E999"}, "没有编码为 E999 的企业。"),
                            ({"due_on": "2026-08-01"}, "任务期限应在检查行动的时间范围内"),
                            ({"team": []}, "请选择检查人员。"),
                            ({"due_on": "2026-04-01"}, "该企业在本次行动中当天已有任务。")):
        response = auth.post_form("/campaigns/2026-ZX-01/tasks", {**good, **change})
        assert response.status_code == 400 and message in _text(response), change
    assert _count(Task) == 1


def test_an_enforcement_task_needs_two_inspectors(client, auth, district):
    make_campaign(code="2026-ZF-01", enforcement=True)
    db.session.commit()
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-ZF-01/tasks", {"enterprise_code": "E101", "team": ["ann"]})
    assert response.status_code == 400 and "执法人员不少于两人" in _text(response)
    assert _count(Task) == 0


def test_a_grid_supervisor_may_not_task_an_enterprise_outside_their_grids(client, auth, district):
    make_campaign(code="2026-N-02", scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})
    db.session.commit()
    auth.login("northchief")
    response = auth.post_form("/campaigns/2026-N-02/tasks", {"enterprise_code": "E201", "team": ["cat"]})
    assert response.status_code == 400 and "企业 E201 不在您负责的范围内" in _text(response)
    assert _count(Task) == 0


def test_reassign_reschedule_and_cancel_a_task(client, auth, district, campaign):
    task = make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]], due_on=date(2026, 5, 1))
    db.session.commit()
    auth.login("chief")
    url = f"/campaigns/2026-ZX-01/tasks/{task.uuid}"
    assert client.get(url).status_code == 200
    assert auth.post_form(url + "/reassign", {"team": ["bob", "cat"]}).status_code == 302
    assert auth.post_form(url + "/reschedule", {"due_on": "2026-05-20"}).status_code == 302
    bad = auth.post_form(url + "/reschedule", {"due_on": "2027-01-01"})
    assert bad.status_code == 400 and "任务期限应在检查行动的时间范围内" in _text(bad)
    no_reason = auth.post_form(url + "/cancel", {"reason": " "})
    assert no_reason.status_code == 400 and "请说明取消任务的原因。" in _text(no_reason)
    assert auth.post_form(url + "/cancel", {"reason": "企业已停产"}).status_code == 302
    db.session.refresh(task)
    assert task.due_on == date(2026, 5, 20) and task.cancel_reason == "企业已停产"
    assert [member.user_id for member in task.members] == [district["users"]["bob"].id, district["users"]["cat"].id]
    again = auth.post_form(url + "/reschedule", {"due_on": "2026-05-21"})
    assert again.status_code == 400 and "该任务已取消，不能再修改。" in _text(again)


def test_a_task_is_found_under_its_own_campaign_only(client, auth, district, campaign):
    task = make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]])
    make_campaign(code="2026-ZX-02")
    db.session.commit()
    auth.login("chief")
    assert client.get(f"/campaigns/2026-ZX-02/tasks/{task.uuid}").status_code == 404
    assert auth.post_form(f"/campaigns/2026-ZX-01/tasks/{task.uuid}/delete").status_code == 404


def test_outcomes_are_recorded_and_counted(client, auth, district, campaign):
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-ZX-01/outcomes", {"enterprise_code": "E103", "outcome": "upgraded",
                                                                 "note": "完成原地整治提升"})
    assert response.status_code == 302
    page = _text(client.get("/campaigns/2026-ZX-01"))
    assert "原地整治提升" in page and "完成原地整治提升" in page
    assert db.session.scalar(select(CampaignOutcome)).outcome == "upgraded"
    bad = auth.post_form("/campaigns/2026-ZX-01/outcomes", {"enterprise_code": "E104", "outcome": "closed"})
    assert bad.status_code == 400 and "企业 E104 已关闭，不能安排检查。" in _text(bad)


def test_the_pages_speak_english_too(client, auth, district, campaign):
    auth.login("chief")
    client.post("/locale/en", data={"csrf_token": auth.csrf_token})
    page = _text(client.get("/campaigns/2026-ZX-01"))
    assert "Coverage by grid" in page and "Add a task by hand" in page


def test_the_dashboard_shows_the_campaigns_under_way_with_their_progress(client, auth, district, campaign):
    users, enterprises = district["users"], district["enterprises"]
    done = make_task(campaign, enterprises["E101"], [users["ann"]], due_on=date(2026, 2, 1))
    make_task(campaign, enterprises["E201"], [users["cat"]], due_on=date(2026, 2, 1))
    make_inspection(enterprises["E101"], users["ann"], district["template"].latest, task_id=done.id)
    make_campaign(code="2026-ZX-DRAFT", status="draft")
    make_campaign(code="2026-ZX-OVER", status="closed")
    make_campaign(code="2026-S-01", scope={"sectors": [], "grids": ["S1"], "classes": [], "enterprises": []})
    db.session.commit()
    auth.login("chief")
    page = _text(client.get("/reports/"))
    assert 'data-campaign="2026-ZX-01"' in page and 'data-tasks="2" data-done="1"' in page
    assert 'data-campaign="2026-S-01"' in page
    assert 'data-campaign="2026-ZX-DRAFT"' not in page and 'data-campaign="2026-ZX-OVER"' not in page
    auth.login("northchief")
    assert 'data-campaign="2026-S-01"' not in _text(client.get("/reports/"))


def test_the_campaign_page_colours_its_rates_as_the_reports_do(client, auth, district, campaign):
    """0 % rectified and half the tasks done: both red by the office's thresholds (safety.common.rates)."""
    users, enterprises = district["users"], district["enterprises"]
    done = make_task(campaign, enterprises["E101"], [users["ann"]], due_on=date(2026, 2, 1))
    make_task(campaign, enterprises["E201"], [users["cat"]], due_on=date(2026, 2, 1))
    inspection = make_inspection(enterprises["E101"], users["ann"], district["template"].latest, task_id=done.id)
    make_hazard(enterprises["E101"], inspection_id=inspection.id)
    db.session.commit()
    auth.login("chief")
    page = _text(client.get("/campaigns/2026-ZX-01"))
    assert '<li class="tile-bad"><span class="figure-label">整改率</span>' in page
    assert '<td class="num rate-ok">100.0</td>' in page and '<td class="num rate-bad">0.0</td>' in page

"""The enterprise's file (一企一档): its record over time on its page, counted by hand, scoped, and read with a
fixed number of statements however long the record.

  grid N1: E101 (the file's enterprise), E102 (its neighbour, whose record must not show); inspectors ann, bob
  grid S1: inspectors cat (sent to E101 by a random check) and dan; southchief, supervisor of S1
  office:  chief (supervisor of the whole register)

  E101's record, by hand:
    inspections  I1 campaign task T1 of 2026-ZX-01, team ann, bob and an expert; found H1 (major, overdue)
                 I2 routine by ann; found H2 (struck off)
                 I0 an earlier revision of I2's visit, superseded: not counted
    hazards      H1 major, open, past its deadline; H2 general, struck off; H3 general, rectified
    tasks        T1 2026-ZX-01 (ann, bob) done by I1; T2 2026-SJ-01 (cat) past due; T3 2026-ZX-01 cancelled
    documents    the rectification order of I1
    measures     a stop-work order in force, an equipment stop lifted
    referrals    one to the housing department, its reply overdue
"""
from datetime import date, datetime, timedelta, timezone
import re

import pytest

from safety.common.office_time import office_today
from safety.documents.models import Document
from safety.documents.operations import issue_rectification_order
from safety.extensions import db
from safety.inspections.teams import TeamRow, store_team
from safety.measures.models import Measure
from safety.referrals.models import RoutedReferral
from safety.units.tree import get_department
from tests.factories import (make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_task,
                             make_template, make_user)
from tests.statements import counting_statements

LONG_AGO = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def _measure(enterprise, kind: str, number: str, served: bool, lifted: bool) -> Measure:
    measure = Measure(enterprise_id=enterprise.id, kind=kind, decision_number=number,
                      legal_basis="《安全生产法》第六十五条", decided_on=date(2026, 3, 3),
                      served_on=date(2026, 3, 3) if served else None, lifted_on=date(2026, 3, 20) if lifted else None)
    db.session.add(measure)
    db.session.flush()
    return measure


def _referral(enterprise, due: date) -> RoutedReferral:
    referral = RoutedReferral(kind="referral", enterprise_id=enterprise.id, note="违规搭建",
                              to_department_id=get_department("housing").id, reply_due_on=due)
    db.session.add(referral)
    db.session.flush()
    return referral


@pytest.fixture
def record(app):
    today = office_today()
    north, south = make_grid(code="N1", name="北区"), make_grid(code="S1", name="南区")
    firm = make_enterprise(grid=north, code="E101", name="宏达机械有限公司")
    neighbour = make_enterprise(grid=north, code="E102", name="隔壁食品有限公司")
    users = {
        "ann": make_user("inspector", username="ann", grids=[north], display_name="安"),
        "bob": make_user("inspector", username="bob", grids=[north], display_name="博"),
        "cat": make_user("inspector", username="cat", grids=[south], display_name="凯"),
        "dan": make_user("inspector", username="dan", grids=[south], display_name="丹"),
        "chief": make_user("supervisor", username="chief", display_name="王主任"),
        "southchief": make_user("supervisor", username="southchief", grids=[south], display_name="南区主任"),
    }
    version = make_template().latest
    fire = make_campaign(code="2026-ZX-01", name="消防安全专项整治", starts_on=today - timedelta(days=60),
                         ends_on=today + timedelta(days=60))
    draw = make_campaign(code="2026-SJ-01", name="第一季度双随机抽查", kind="random",
                         starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=60))
    t1 = make_task(fire, firm, [users["ann"], users["bob"]], due_on=today + timedelta(days=10))
    t2 = make_task(draw, firm, [users["cat"]], due_on=today - timedelta(days=3))
    t3 = make_task(fire, firm, [users["bob"]], due_on=today + timedelta(days=20), cancelled_at=LONG_AGO,
                   cancel_reason="停产")
    i1 = make_inspection(firm, users["ann"], version, kind="campaign", task_id=t1.id,
                         finished_at=LONG_AGO + timedelta(days=5))
    store_team(i1, [TeamRow(users["ann"].id, "ann", "安", "", "staff", None),
                    TeamRow(users["bob"].id, "bob", "博", "", "staff", None),
                    TeamRow(None, "", "李工", "市安全生产科学研究院", "expert", None)])
    i0 = make_inspection(firm, users["ann"], version, review_state="superseded", finished_at=LONG_AGO)
    i2 = make_inspection(firm, users["ann"], version, finished_at=LONG_AGO + timedelta(days=1), original_id=i0.id,
                         revision=2, revision_of_id=i0.id)
    h1 = make_hazard(firm, inspection_id=i1.id, level="major", description="液化气钢瓶未固定",
                     deadline=today - timedelta(days=2), found_at=LONG_AGO + timedelta(days=5))
    h2 = make_hazard(firm, inspection_id=i2.id, status="closed", description="灭火器过期",
                     found_at=LONG_AGO + timedelta(days=1), closed_at=LONG_AGO + timedelta(days=9))
    h3 = make_hazard(firm, inspection_id=i2.id, status="rectified", description="应急照明损坏",
                     found_at=LONG_AGO + timedelta(days=1))
    order, _new = issue_rectification_order(users["chief"], i1)
    stop_work = _measure(firm, "stop_work", "园应急现决〔2026〕1号", served=True, lifted=False)
    stop_equipment = _measure(firm, "stop_equipment", "园应急现决〔2026〕2号", served=True, lifted=True)
    referral = _referral(firm, today - timedelta(days=1))
    # The neighbour's record, which E101's file must not show.
    other = make_inspection(neighbour, users["bob"], version)
    other_hazard = make_hazard(neighbour, inspection_id=other.id, description="邻居的隐患")
    other_order, _new = issue_rectification_order(users["chief"], other)
    db.session.commit()
    return {"users": users, "firm": firm, "inspections": (i1, i2, i0), "hazards": (h1, h2, h3),
            "tasks": (t1, t2, t3), "order": order, "measures": (stop_work, stop_equipment), "referral": referral,
            "other": {"inspection": other, "hazard": other_hazard, "order": other_order}, "version": version}


def _figure(page: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}">(\d+)<', page).group(1))


def _rows(page: str, attribute: str) -> list[str]:
    return re.findall(rf'<tr data-{attribute}="([^"]+)"', page)


def _english(client, auth) -> None:
    client.post("/locale/en", data={"csrf_token": auth.csrf_token})


def test_the_file_counts_the_record_as_counted_by_hand(client, auth, record):
    auth.login("chief")
    _english(client, auth)
    page = client.get("/enterprises/E101").get_data(as_text=True)
    assert {name: _figure(page, name) for name in (
        "inspections", "hazards", "hazards_not_struck_off", "hazards_struck_off", "tasks", "documents",
        "measures_in_force")} == {"inspections": 2, "hazards": 3, "hazards_not_struck_off": 2,
                                  "hazards_struck_off": 1, "tasks": 2, "documents": 1, "measures_in_force": 1}
    for text in ("1 major", "1 past the deadline", "1 done, 1 past due", "of 2 measures"):
        assert text in page, text


def test_the_inspections_show_their_kind_campaign_team_and_hazards(client, auth, record):
    i1, i2, i0 = record["inspections"]
    auth.login("chief")
    page = client.get("/enterprises/E101").get_data(as_text=True)
    assert _rows(page, "inspection") == [i1.uuid, i2.uuid]  # the latest first; the superseded revision left out
    assert f'<tr data-inspection="{i1.uuid}" data-category="campaign">' in page
    assert f'<tr data-inspection="{i2.uuid}" data-category="routine">' in page
    first = page.split(f'data-inspection="{i1.uuid}"')[1].split("</tr>")[0]
    for text in ("2026-ZX-01", "消防安全专项整治", "/campaigns/2026-ZX-01", "安", "博", "李工", "市安全生产科学研究院",
                 f"/review/{i1.uuid}"):
        assert text in first, text
    assert re.search(r'class="num">1 <span class="badge bad">', first)
    second = page.split(f'data-inspection="{i2.uuid}"')[1].split("</tr>")[0]
    assert "—" in second and re.search(r'class="num">2<', second)


def test_the_hazards_come_with_their_numbers_open_ones_first(client, auth, record):
    h1, h2, h3 = record["hazards"]
    auth.login("chief")
    page = client.get("/enterprises/E101").get_data(as_text=True)
    assert _rows(page, "hazard") == [h1.uuid, h3.uuid, h2.uuid]
    for hazard in (h1, h2, h3):
        assert hazard.number and hazard.number in page
    overdue_row = page.split(f'data-hazard="{h1.uuid}"')[1].split("</tr>")[0]
    assert 'class="badge bad overdue"' in overdue_row
    closed_row = page.split(f'data-hazard="{h2.uuid}"')[1].split("</tr>")[0]
    assert "badge bad overdue" not in closed_row and "2026-03-11" in closed_row  # struck off, office day
    assert record["other"]["hazard"].uuid not in page and "邻居的隐患" not in page


def test_the_tasks_documents_measures_and_referrals_are_listed(client, auth, record):
    t1, t2, t3 = record["tasks"]
    auth.login("chief")
    page = client.get("/enterprises/E101").get_data(as_text=True)
    # Those still to do first (the next due first), then the rest, the latest due first.
    assert re.findall(r'<tr data-task="([^"]+)" data-status="([^"]+)"', page) == [
        (t2.uuid, "overdue"), (t3.uuid, "cancelled"), (t1.uuid, "done")]
    order = record["order"]
    assert _rows(page, "document") == [str(order.id)]
    assert order.reference in page and f"/documents/{order.id}.pdf" in page
    assert record["other"]["order"].reference not in page
    measures = dict(re.findall(r'<tr data-measure="(\d+)" data-status="([^"]+)"', page))
    stop_work, stop_equipment = record["measures"]
    assert measures == {str(stop_work.id): "in_force", str(stop_equipment.id): "lifted"}
    assert re.findall(r'<tr data-referral="(\d+)" data-status="([^"]+)"', page) == [
        (str(record["referral"].id), "overdue")]


def test_an_inspector_reads_the_tasks_of_their_campaigns_and_no_referrals(client, auth, record):
    t1, t2, t3 = record["tasks"]
    auth.login("ann")
    response = client.get("/enterprises/E101")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert set(_rows(page, "task")) == {t1.uuid, t3.uuid}  # not the random check she has no task in
    assert _figure(page, "tasks") == 1
    assert 'id="referrals"' not in page and "data-referral" not in page
    assert "/review/" not in page and "/campaigns/" not in page  # the office's pages are not linked


def test_an_inspector_sent_by_a_random_check_reads_that_task_only(client, auth, record):
    t1, t2, t3 = record["tasks"]
    auth.login("cat")
    page = client.get("/enterprises/E101").get_data(as_text=True)
    assert _rows(page, "task") == [t2.uuid]


@pytest.mark.parametrize("username", ["dan", "southchief"])
def test_staff_of_another_grid_may_not_read_the_file(client, auth, record, username):
    auth.login(username)
    assert client.get("/enterprises/E101").status_code == 403


def test_the_file_reads_in_chinese_and_in_english(client, auth, record):
    auth.login("chief")
    chinese = client.get("/enterprises/E101").get_data(as_text=True)
    for text in ("检查记录", "隐患", "专项任务", "执法文书", "执法措施", "移送", "专项", "日常"):
        assert text in chinese, text
    _english(client, auth)
    english = client.get("/enterprises/E101").get_data(as_text=True)
    for text in ("Inspections", "Hazards", "Campaign tasks", "Enforcement documents", "Enforcement measures",
                 "Referrals", "Campaign"):
        assert text in english, text


def _grow(record, n: int) -> None:
    """``n`` more of everything in E101's file, each part past the rows the page lists."""
    firm, users, version, chief = record["firm"], record["users"], record["version"], record["users"]["chief"]
    today = office_today()
    campaign = make_campaign(starts_on=today - timedelta(days=400), ends_on=today + timedelta(days=400))
    for k in range(n):
        task = make_task(campaign, firm, [users["ann"], users["bob"]], due_on=today + timedelta(days=k - n // 2))
        inspection = make_inspection(firm, users["bob"], version, task_id=task.id if k % 2 else None,
                                     finished_at=LONG_AGO - timedelta(days=k + 1))
        store_team(inspection, [TeamRow(users["bob"].id, "bob", "博", "", "staff", None),
                                TeamRow(None, "", f"专家{k}", "安科院", "expert", None)])
        make_hazard(firm, inspection_id=inspection.id, level="major" if k % 3 == 0 else "general",
                    status="closed" if k % 2 else "open", found_at=LONG_AGO - timedelta(days=k + 1))
        db.session.add(Document(kind="inspection_record", year=2025, number=500 + len(db.session.new) + k,
                                reference=f"〔2025〕第{k:03d}号", source_key=f"test:{firm.id}:{k}", enterprise_id=firm.id,
                                inspection_id=inspection.id, issued_by_id=chief.id, content={}, sha256="0" * 64))
        _measure(firm, "warning", f"园应急罚〔2025〕{k}号", served=True, lifted=bool(k % 2))
        _referral(firm, today + timedelta(days=k))
    db.session.commit()


def _statements(client, url: str) -> int:
    assert client.get(url).status_code == 200  # caches warmed: the user, the translations
    with counting_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("username", ["chief", "ann"])
@pytest.mark.parametrize("url", ["/enterprises/E101", "/enterprises/E101?page=2"])
def test_the_file_takes_as_many_statements_for_a_long_record_as_for_a_short_one(client, auth, record, username, url):
    auth.login(username)
    small = _statements(client, url)
    _grow(record, 45)
    large = _statements(client, url)
    assert large == small
    page = client.get(url).get_data(as_text=True)
    assert len(_rows(page, "inspection")) == 20  # the second page of 47 too
    assert len(_rows(page, "hazard")) == 20 and len(_rows(page, "document")) == 20


def test_a_long_record_links_to_the_full_lists(client, auth, record):
    _grow(record, 25)
    auth.login("chief")
    page = client.get("/enterprises/E101").get_data(as_text=True)
    assert _figure(page, "inspections") == 27 and _figure(page, "hazards") == 28
    for link in ("/hazards/?q=E101", "/documents/?enterprise=E101", "/measures/enterprise/E101", 'rel="next"'):
        assert link in page, link

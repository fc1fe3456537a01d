"""The summary's campaigns (by_campaign, 检查行动N次), kinds of inspection and people-visits, counted by hand.

Added to the park of conftest, in the first quarter of 2025 (Shanghai):

  C1 2025-ZX-01 special campaign, in progress, 1 Feb – 30 Apr:
       T1 steel, done by I7 (campaign kind; team: north himself again, south, an expert) which found
          HA major, struck off, and HB open
       T2 bakery, due 15 Mar, not done: past due      T3 chem, cancelled
     → tasks 2, done 1, overdue 1, enterprises inspected 1, hazards 2, major 1, rectified 1, rate 50.0
  C2 2025-SJ-01 random check, ended, January: one task at chem done by I8 (routine kind, no team);
     its figures were frozen when it ended: tasks 3, done 3, enterprises 3, hazards 4, rectified 3 (75.0)
  C5 2025-LH-01 joint check, in progress, March: one task at bakery done by I12 (campaign kind; team: another
     department and an expert) → tasks 1, done 1, overdue 0, enterprises 1, hazards 0, rate none
  C3 a draft in March and C4 a campaign from June: not in the first quarter. In grid S1, C1 has only a
  cancelled task: not one of that grid's campaigns.
  I9  steel, unannounced, team: another department           I10 bakery, look-back, no team
  I11 steel, unannounced, superseded by a revision: never counted

Kinds in the first quarter: routine 4 (I1, I2, I3, I5), campaign 1 (I7), random 1 (I8), unannounced 1 (I9),
look-back 1 (I10), joint 1 (I12), holiday 0: 9 inspections.
People-visits: routine 4 × 1, I7 3 (north once, south, the expert), I8 1, I9 2, I10 1, I12 3: 14;
by grid N1 12 (I1, I2, I3, I7, I9, I10, I12), S1 2 (I5, I8); by month 3, 4, 7.
"""
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from safety.extensions import db
from safety.inspections.models import InspectionTeamMember
from tests.factories import make_campaign, make_hazard, make_inspection, make_task
from tests.reports.conftest import Q1, utc

FROZEN_C2 = {"as_of": "2025-02-01", "tasks": 3, "done": 3, "overdue": 0, "enterprises_inspected": 3,
             "hazards_found": 4, "major_hazards": 0, "rectified": 3, "by_grid": [], "by_sector": [],
             "overdue_by_inspector": []}


def _team(inspection, *members):
    for position, member in enumerate(members):
        db.session.add(InspectionTeamMember(inspection_id=inspection.id, position=position, **member))


@pytest.fixture
def year(park):
    enterprises, users, version = park["enterprises"], park["users"], park["version"]
    north, south = users["north"], users["south"]

    def inspection(enterprise, at, inspector=north, **extra):
        return make_inspection(enterprises[enterprise], inspector, version, started_at=at - timedelta(hours=1),
                               finished_at=at, **extra)

    c1 = make_campaign("2025-ZX-01", starts_on=date(2025, 2, 1), ends_on=date(2025, 4, 30))
    t1 = make_task(c1, enterprises["steel"], team=[north], due_on=date(2025, 2, 28))
    make_task(c1, enterprises["bakery"], team=[north], due_on=date(2025, 3, 15))
    make_task(c1, enterprises["chem"], team=[south], due_on=date(2025, 3, 20), cancelled_at=utc(2025, 2, 2),
              cancel_reason="停产")
    i7 = inspection("steel", utc(2025, 2, 25, 3), kind="campaign", task_id=t1.id)
    _team(i7, {"user_id": north.id, "username": "north", "role": "staff"},
          {"user_id": south.id, "username": "south", "role": "staff"},
          {"name": "王专家", "organisation": "市安全专家库", "role": "expert"})
    for level, status in (("major", "closed"), ("general", "open")):
        make_hazard(enterprises["steel"], inspection_id=i7.id, found_at=i7.finished_at, level=level, status=status,
                    closed_at=utc(2025, 3, 1) if status == "closed" else None)

    c2 = make_campaign("2025-SJ-01", kind="random", status="closed", starts_on=date(2025, 1, 1),
                       ends_on=date(2025, 1, 31), frozen_figures=FROZEN_C2, closed_at=utc(2025, 2, 1))
    t_random = make_task(c2, enterprises["chem"], team=[south], due_on=date(2025, 1, 25))
    inspection("chem", utc(2025, 1, 20, 3), inspector=south, task_id=t_random.id)

    c5 = make_campaign("2025-LH-01", kind="joint", starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    t_joint = make_task(c5, enterprises["bakery"], team=[north], due_on=date(2025, 3, 25))
    i12 = inspection("bakery", utc(2025, 3, 20, 3), kind="campaign", task_id=t_joint.id)
    _team(i12, {"name": "张科长", "organisation": "市场监管局", "role": "department"},
          {"name": "李专家", "organisation": "市安全专家库", "role": "expert"})

    make_campaign("2025-ZX-02", status="draft", starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    make_campaign("2025-ZX-03", starts_on=date(2025, 6, 1), ends_on=date(2025, 6, 30))

    i9 = inspection("steel", utc(2025, 3, 3, 3), kind="unannounced")
    _team(i9, {"name": "赵队长", "organisation": "消防救援大队", "role": "department"})
    inspection("bakery", utc(2025, 3, 10, 3), kind="lookback")
    i11 = inspection("steel", utc(2025, 3, 11, 3), kind="unannounced", review_state="superseded")
    _team(i11, {"name": "钱专家", "organisation": "市安全专家库", "role": "expert"})
    db.session.commit()
    return park


def _summary(client, auth, user="chief", **args):
    auth.login(user)
    response = client.get("/reports/summary.json", query_string={**Q1, **args})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _campaign_figures(row: dict) -> dict:
    return {key: row[key] for key in ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found",
                                      "major_hazards", "rectified", "rectification_rate", "frozen")}


def test_inspections_by_kind_and_people_visits(client, auth, year):
    summary = _summary(client, auth)
    kinds = {row["kind"]: (row["inspections"], row["people_visits"]) for row in summary["by_kind"]}
    assert kinds == {"routine": (4, 4), "campaign": (1, 3), "random": (1, 1), "unannounced": (1, 2),
                     "lookback": (1, 1), "joint": (1, 3), "holiday": (0, 0), "restart": (0, 0)}
    assert (summary["inspections"], summary["people_visits"]) == (9, 14)
    assert [row["label"] for row in summary["by_kind"]][:2] == ["Routine", "Campaign"]


def test_people_visits_by_grid_and_month(client, auth, year):
    summary = _summary(client, auth)
    assert {row["grid"]: row["people_visits"] for row in summary["by_grid"]} == {"N1": 12, "S1": 2, None: 0}
    assert [row["people_visits"] for row in summary["by_month"]] == [3, 4, 7]


def test_campaigns_of_the_period_for_the_whole_register(client, auth, year):
    summary = _summary(client, auth)
    assert summary["campaigns"] == 3
    rows = {row["code"]: row for row in summary["by_campaign"]}
    assert list(rows) == ["2025-SJ-01", "2025-ZX-01", "2025-LH-01"]  # by start date
    assert _campaign_figures(rows["2025-ZX-01"]) == {
        "tasks": 2, "done": 1, "overdue": 1, "enterprises_inspected": 1, "hazards_found": 2, "major_hazards": 1,
        "rectified": 1, "rectification_rate": 50.0, "frozen": False}
    assert _campaign_figures(rows["2025-SJ-01"]) == {
        "tasks": 3, "done": 3, "overdue": 0, "enterprises_inspected": 3, "hazards_found": 4, "major_hazards": 0,
        "rectified": 3, "rectification_rate": 75.0, "frozen": True}
    assert _campaign_figures(rows["2025-LH-01"]) == {
        "tasks": 1, "done": 1, "overdue": 0, "enterprises_inspected": 1, "hazards_found": 0, "major_hazards": 0,
        "rectified": 0, "rectification_rate": None, "frozen": False}
    assert (rows["2025-SJ-01"]["kind"], rows["2025-SJ-01"]["status"], rows["2025-SJ-01"]["starts_on"]) \
        == ("random", "closed", "2025-01-01")


def test_the_summary_and_the_campaign_api_agree(client, auth, year):
    row = next(row for row in _summary(client, auth)["by_campaign"] if row["code"] == "2025-ZX-01")
    campaign = client.get("/api/v1/campaigns/2025-ZX-01").get_json()
    keys = ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found", "major_hazards", "rectified",
            "rectification_rate")
    assert {key: row[key] for key in keys} == {key: campaign[key] for key in keys}


def test_a_jurisdiction_counts_its_own_part_of_each_campaign(client, auth, year):
    summary = _summary(client, auth, user="northchief")
    rows = {row["code"]: _campaign_figures(row) for row in summary["by_campaign"]}
    assert list(rows) == ["2025-ZX-01", "2025-LH-01"]  # the random check had no task in the north
    assert rows["2025-ZX-01"]["tasks"] == 2 and rows["2025-ZX-01"]["hazards_found"] == 2


def test_a_grid_counts_an_ended_campaign_live_within_it(client, auth, year):
    summary = _summary(client, auth, grid="S1")
    rows = {row["code"]: _campaign_figures(row) for row in summary["by_campaign"]}
    assert rows == {"2025-SJ-01": {"tasks": 1, "done": 1, "overdue": 0, "enterprises_inspected": 1,
                                   "hazards_found": 0, "major_hazards": 0, "rectified": 0,
                                   "rectification_rate": None, "frozen": False}}
    assert summary["campaigns"] == 1


def test_a_quarter_without_campaigns(client, auth, year):
    summary = _summary(client, auth, **{"from": "2025-07-01", "to": "2025-09-30"})
    assert summary["campaigns"] == 0 and summary["by_campaign"] == []


def test_the_page_shows_campaigns_kinds_and_the_office_sentence(client, auth, year):
    auth.login("chief")
    page = client.get("/reports/summary", query_string=Q1).get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert ("3 inspection campaigns were under way; 14 people-visits were made. Of the hazards found, 1 were to be "
            "rectified on the spot and 8 by a deadline; 2 rectified hazards await re-check, and the rectification "
            "pass rate is 100.0%.") in text
    campaigns = page.split('class="figures by-campaign"')[1].split("</table>")[0]
    assert re.findall(r'data-campaign="([\w-]+)"', campaigns) == ["2025-SJ-01", "2025-ZX-01", "2025-LH-01"]
    kinds = page.split('class="figures by-kind"')[1].split("</table>")[0]
    assert re.findall(r'data-kind="(\w+)"', kinds) == ["routine", "campaign", "random", "unannounced", "lookback",
                                                       "joint", "holiday", "restart"]


def test_the_workbook_has_the_kinds_and_the_campaigns(client, auth, year):
    auth.login("chief")
    rows = list(load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=Q1).data))
                ["Summary figures"].iter_rows(values_only=True))
    kinds = next(n for n, row in enumerate(rows) if row[0] == "Inspections by kind")
    assert rows[kinds + 2][:3] == ("Routine", 4, 4)
    campaigns = next(n for n, row in enumerate(rows) if row[0] == "Inspection campaigns (3)")
    assert [row[0] for row in rows[campaigns + 2:campaigns + 5]] == ["2025-SJ-01", "2025-ZX-01", "2025-LH-01"]
    assert rows[campaigns + 3][5:] == (2, 1, 1, 1, 2, 1, 1, 50.0)

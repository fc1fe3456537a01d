"""A campaign's figures against a fixture counted by hand.

Campaign 2026-ZX-01, 2026-01-01 … 2026-06-30:

  T1 E101 (N1, machinery) ann, due 02-01: done by I1, which found H1 (closed 03-01) and H2 (major, open)
  T2 E102 (N1, food) bob, due 03-01: not visited
  T3 E103 (N1, chemicals) ann+bob, due 06-01: not visited
  T4 E201 (S1, chemicals) cat, due 04-01: I2 returned and superseded (found H3, closed 07-10, after the
     campaign's end), then its revision I3 (found H4, open)
  T5 E202 (S1, machinery) cat, due 02-15: cancelled; I4 arrived for it anyway and found H5 (open)
  T6 E301 (no grid, warehousing) ann, due 01-20: not visited
  T7 E101 again, ann, due 05-01: done by I5 (approved), nothing found
  Not the campaign's: a routine inspection of E102 with H6, and H7 at E101 found outside any inspection.

On 2026-05-15: tasks 6 (T5 cancelled), done 3 (T1, T4, T7), overdue 2 (T2, T6); enterprises inspected 3
(E101, E201, E202); hazards found 5 (H1–H5), major 1 (H2), rectified 2 (H1, H3), rate 40.0 %.
  by grid: N1 4 tasks, 2 done, 1 overdue; S1 1, 1, 0; no grid 1, 0, 1
  by sector: machinery 2, 2, 0; food 1, 0, 1; chemicals 2, 1, 0; warehousing 1, 0, 1
  overdue by inspector: ann 1 (T6), bob 1 (T2)
"""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from safety.campaigns.figures import compute_campaign_figures, get_campaign_figures
from safety.campaigns.operations import close_campaign
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.api_docs.test_openapi import check
from tests.factories import make_hazard, make_inspection, make_task


def utc(*parts) -> datetime:
    return datetime(*parts, 2, tzinfo=timezone.utc)


@pytest.fixture
def counted(district, campaign):
    e, u, version = district["enterprises"], district["users"], district["template"].latest

    def task(code, team, due, **extra):
        return make_task(campaign, e[code], [u[name] for name in team], due_on=date(2026, *due), **extra)

    def inspection(code, inspector, for_task, **extra):
        return make_inspection(e[code], u[inspector], version, task_id=for_task.id if for_task else None, **extra)

    t1, t2, t3 = task("E101", ["ann"], (2, 1)), task("E102", ["bob"], (3, 1)), task("E103", ["ann", "bob"], (6, 1))
    t4 = task("E201", ["cat"], (4, 1))
    t5 = task("E202", ["cat"], (2, 15), cancelled_at=utc(2026, 2, 10), cancel_reason="停产")
    t6, t7 = task("E301", ["ann"], (1, 20)), task("E101", ["ann"], (5, 1))
    i1 = inspection("E101", "ann", t1)
    make_hazard(e["E101"], inspection_id=i1.id, status="closed", closed_at=utc(2026, 3, 1))
    make_hazard(e["E101"], inspection_id=i1.id, level="major")
    i2 = inspection("E201", "cat", t4, review_state="superseded")
    make_hazard(e["E201"], inspection_id=i2.id, status="closed", closed_at=utc(2026, 7, 10))
    i3 = inspection("E201", "cat", t4, revision_of_id=i2.id, original_id=i2.id, revision=2)
    make_hazard(e["E201"], inspection_id=i3.id)
    i4 = inspection("E202", "cat", t5)
    make_hazard(e["E202"], inspection_id=i4.id)
    inspection("E101", "ann", t7, review_state="approved")
    routine = inspection("E102", "bob", None)
    make_hazard(e["E102"], inspection_id=routine.id, level="major")
    make_hazard(e["E101"])
    db.session.commit()
    return {"T2": t2, "T3": t3, "T6": t6}


def test_the_figures_are_those_counted_by_hand(counted, campaign):
    figures = compute_campaign_figures(campaign, date(2026, 5, 15))
    assert (figures.tasks, figures.done, figures.overdue) == (6, 3, 2)
    assert (figures.enterprises_inspected, figures.hazards_found, figures.major_hazards, figures.rectified) == (
        3, 5, 1, 2)
    assert figures.rectification_rate == 40.0
    assert figures.by_grid == [
        {"grid": "N1", "name": "北区", "tasks": 4, "done": 2, "overdue": 1},
        {"grid": "S1", "name": "南区", "tasks": 1, "done": 1, "overdue": 0},
        {"grid": None, "name": "", "tasks": 1, "done": 0, "overdue": 1},
    ]
    assert figures.by_sector == [
        {"sector": "machinery", "tasks": 2, "done": 2, "overdue": 0},
        {"sector": "food", "tasks": 1, "done": 0, "overdue": 1},
        {"sector": "chemicals", "tasks": 2, "done": 1, "overdue": 0},
        {"sector": "warehousing", "tasks": 1, "done": 0, "overdue": 1},
    ]
    assert figures.overdue_by_inspector == [{"username": "ann", "name": "安", "overdue": 1},
                                            {"username": "bob", "name": "博", "overdue": 1}]


def test_a_hazard_closed_after_the_campaign_ended_counts_as_rectified_while_it_is_open(counted, campaign):
    """H3 was closed on 10 July, after the campaign's end on 30 June; the campaign has not been closed."""
    figures = compute_campaign_figures(campaign, date(2026, 7, 20))
    assert (figures.rectified, figures.rectification_rate) == (2, 40.0)
    assert (figures.done, figures.overdue) == (3, 3)  # T3 was due on 1 June


def test_nothing_found_means_no_rate(district, campaign):
    figures = compute_campaign_figures(campaign, date(2026, 5, 15))
    assert (figures.tasks, figures.hazards_found, figures.rectification_rate) == (0, 0, None)
    assert figures.by_grid == [] and figures.overdue_by_inspector == []


def test_a_closed_campaign_keeps_the_figures_it_closed_with(counted, district, campaign):
    close_campaign(campaign, today=date(2026, 7, 1))
    db.session.commit()
    # Afterwards: T3 is done after all, H2 and H4 are closed, and a new task-less visit finds more.
    make_inspection(district["enterprises"]["E103"], district["users"]["ann"], district["template"].latest,
                    task_id=counted["T3"].id)
    for hazard in db.session.scalars(select(Hazard)):
        hazard.status = "closed"
    db.session.commit()
    figures = get_campaign_figures(campaign, date(2026, 8, 1))
    assert figures.frozen and figures.as_of == date(2026, 7, 1)
    assert (figures.tasks, figures.done, figures.overdue, figures.rectified, figures.rectification_rate) == (
        6, 3, 3, 2, 40.0)
    assert figures.by_grid[0] == {"grid": "N1", "name": "北区", "tasks": 4, "done": 2, "overdue": 2}
    live = compute_campaign_figures(campaign, date(2026, 8, 1))
    assert (live.done, live.rectified) == (4, 5)


def test_the_api_answers_the_figures(client, auth, counted, spec_document):
    auth.login("chief")
    response = client.get("/api/v1/campaigns/2026-ZX-01")
    assert response.status_code == 200
    body = response.get_json()
    check(spec_document, "/api/v1/campaigns/{campaign_code}", "get", 200, body)
    assert (body["tasks"], body["done"], body["enterprises_inspected"], body["hazards_found"], body["major_hazards"],
            body["rectified"], body["rectification_rate"]) == (6, 3, 3, 5, 1, 2, 40.0)
    assert body["frozen"] is False and [line["label"] for line in body["by_sector"]][0]


@pytest.fixture
def spec_document(client):
    return client.get("/api/v1/openapi.json").get_json()

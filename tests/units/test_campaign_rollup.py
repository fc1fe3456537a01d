"""A campaign's report for any unit: its totals there equal the sum of its children's lines, on random trees; each
child's line is that child's own report; the page, the report, its JSON and its workbook carry the ranked table;
an ended campaign keeps its lines."""
import io
import random
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from safety.campaigns.figures import compute_campaign_figures
from safety.campaigns.operations import close_campaign
from safety.campaigns.rollup import COUNT_KEYS, UnitFigures, campaign_rollup
from safety.documents.operations import DocumentRequest, issue_document
from safety.extensions import db
from safety.units.tree import get_root, get_unit
from tests.factories import (make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_task,
                             make_template, make_unit, make_user)

TODAY = date.today()


def _campaign_tree(rng: random.Random):
    """Towns and parks under the root, communities under some, 0–2 grids at each, enterprises with tasks (some
    cancelled, some past due), inspections made for them (with hazards in every state, a document now and
    then), and an enterprise without a grid."""
    root = get_root()
    units = [root]
    for n in range(rng.randint(2, 4)):
        town = make_unit(f"T{n}", f"镇{n}", kind=rng.choice(["town", "park"]))
        units.append(town)
        for m in range(rng.randint(0, 2)):
            units.append(make_unit(f"T{n}V{m}", f"村{n}{m}", parent=town, kind="community"))
    version = make_template().latest
    inspector, chief = make_user("inspector"), make_user("supervisor")
    campaign = make_campaign(code="2026-ZX-01", starts_on=TODAY - timedelta(days=60),
                             ends_on=TODAY + timedelta(days=60))
    grids = [make_grid(f"{unit.code}-G{g}", unit=unit) for unit in units for g in range(rng.randint(0, 2))]
    for grid in [*grids, None]:
        for _e in range(rng.randint(0, 3) if grid else 1):
            enterprise = make_enterprise(grid=grid)
            for t in range(rng.randint(0, 2)):
                task = make_task(campaign, enterprise, [inspector], due_on=TODAY + timedelta(days=rng.choice([-3, 9]) + t),
                                 cancelled_at=campaign.created_at if rng.random() < 0.15 else None)
                if rng.random() < 0.6:
                    inspection = make_inspection(enterprise, inspector, version, task_id=task.id, kind="campaign")
                    for _h in range(rng.randint(0, 3)):
                        make_hazard(enterprise, inspection_id=inspection.id,
                                    status=rng.choice(["open", "closed", "rectified"]),
                                    level=rng.choice(["general", "major"]))
                    if rng.random() < 0.4:
                        db.session.commit()
                        issue_document(chief, DocumentRequest(kind="inspection_record",
                                                              inspection_uuid=inspection.uuid))
    db.session.commit()
    return units, campaign


def _counts(figures) -> dict:
    return {key: getattr(figures, key) for key in COUNT_KEYS}


@pytest.mark.parametrize("seed", range(5))
def test_a_units_campaign_figures_are_the_sum_of_its_childrens(app, seed):
    units, campaign = _campaign_tree(random.Random(seed))
    for unit in units:
        rollup = campaign_rollup(campaign, unit, TODAY)
        added = UnitFigures()
        for line in rollup.lines:
            added.add(line.figures)
        assert _counts(added) == _counts(rollup.totals), unit.code
        children = {other.code for other in units if other.parent_id == unit.id}
        assert {line.code for line in rollup.lines if line.kind == "unit"} == children
        for line in rollup.lines:
            if line.kind == "unit":  # a child's line is that child's own report, read separately
                assert _counts(line.figures) == _counts(campaign_rollup(campaign, get_unit(line.code), TODAY).totals)
    # The root's totals are the campaign page's figures.
    whole = campaign_rollup(campaign, get_root(), TODAY).totals
    page = compute_campaign_figures(campaign, TODAY)
    assert {key: getattr(whole, key) for key in ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found",
                                                  "major_hazards", "rectified")} == \
        {key: getattr(page, key) for key in ("tasks", "done", "overdue", "enterprises_inspected", "hazards_found",
                                             "major_hazards", "rectified")}


@pytest.fixture
def county(app):
    town, park = make_unit("CD", "城东镇"), make_unit("KFQ", "经开区", kind="park")
    village = make_unit("CDV", "城东社区", parent=town, kind="community")
    inspector = make_user("inspector", username="ann")
    version = make_template().latest
    campaign = make_campaign(code="2026-ZX-01", starts_on=TODAY - timedelta(days=30), ends_on=TODAY + timedelta(days=30))
    for unit, done in ((town, 2), (village, 1), (park, 0)):
        grid = make_grid(f"{unit.code}-G", unit=unit)
        for n in range(2):
            enterprise = make_enterprise(grid=grid)
            task = make_task(campaign, enterprise, [inspector], due_on=TODAY + timedelta(days=5))
            if n < done:
                inspection = make_inspection(enterprise, inspector, version, task_id=task.id, kind="campaign")
                make_hazard(enterprise, inspection_id=inspection.id, status="closed")
    make_user("supervisor", username="chief")
    make_user("supervisor", username="town", unit=town)
    db.session.commit()
    return {"campaign": campaign, "town": town, "park": park}


def test_the_campaign_page_ranks_the_child_units_and_drills_down(county, client, auth):
    auth.login("chief")
    page = client.get("/campaigns/2026-ZX-01").get_data(as_text=True)
    assert 'data-child="CD"' in page and 'data-child="KFQ"' in page and "?unit=CD#units" in page
    town = client.get("/campaigns/2026-ZX-01?unit=CD").get_data(as_text=True)
    assert 'data-child="CDV"' in town and 'data-child="CD-G"' in town and 'data-child="KFQ"' not in town


def test_the_report_json_and_workbook_carry_the_ranked_units(county, client, auth):
    auth.login("chief")
    body = client.get("/campaigns/2026-ZX-01/report.json").get_json()
    assert body["unit"]["code"] == "ROOT"
    by_code = {line["code"]: line for line in body["by_unit"]}
    assert by_code["CD"]["tasks"] == 4 and by_code["CD"]["done"] == 3 and by_code["CD"]["rank"] == 1
    assert by_code["KFQ"]["done"] == 0 and by_code["KFQ"]["rectification_rate"] is None
    assert body["unit_totals"]["tasks"] == 6 and body["unit_totals"]["hazards_found"] == 3
    town = client.get("/campaigns/2026-ZX-01/report.json?unit=CD").get_json()
    assert town["unit_totals"]["tasks"] == 4 and {line["code"] for line in town["by_unit"]} == {"CDV", "CD-G"}
    html = client.get("/campaigns/2026-ZX-01/report?unit=CD").get_data(as_text=True)
    assert 'data-child="CDV"' in html
    workbook = load_workbook(io.BytesIO(client.get("/campaigns/2026-ZX-01/report.xlsx").data))
    sheet = workbook["按单位"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)] == ["城东镇", "经开区"]


def test_a_town_supervisor_sees_their_town_by_default_and_not_the_park(county, client, auth):
    auth.login("town")
    body = client.get("/campaigns/2026-ZX-01/report.json").get_json()
    assert body["unit"]["code"] == "CD" and body["unit_totals"]["tasks"] == 4
    refused = client.get("/campaigns/2026-ZX-01?unit=KFQ")
    assert refused.status_code == 403
    assert client.get("/campaigns/2026-ZX-01/report.json?unit=KFQ").get_json()["error"]["field"] == "unit"
    assert client.get("/campaigns/2026-ZX-01/report.json?unit=NOPE").status_code == 404


def test_an_ended_campaign_keeps_its_lines_by_unit(county, client, auth):
    campaign = county["campaign"]
    close_campaign(campaign)
    db.session.commit()
    before = campaign_rollup(campaign, get_root(), TODAY)
    enterprise = make_enterprise(grid=make_grid("KFQ-G2", unit=county["park"]))
    make_inspection(enterprise, make_user("inspector"), task_id=make_task(campaign, enterprise).id)
    db.session.commit()
    after = campaign_rollup(campaign, get_root(), TODAY)
    assert [(line.code, _counts(line.figures)) for line in after.lines] == \
        [(line.code, _counts(line.figures)) for line in before.lines]

"""Roll-up: a unit's figures equal the sum of its children's, on random trees; the children's table is ranked;
the dashboard, the summary, its JSON and its workbook carry it."""
import io
import random
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from safety.reports.periods import Period
from safety.reports.scope import get_report_scope
from safety.reports.summary import FIGURE_FIELDS, Figures, get_summary
from safety.units.rollup import ChildLine, child_lines, rank
from safety.units.tree import get_root
from tests.factories import (make_enterprise, make_grid, make_hazard, make_inspection, make_template, make_unit,
                             make_user)


def _random_tree(rng: random.Random):
    """Units under the root, two or three levels, each with 0–2 grids, enterprises with inspections and
    hazards in every state."""
    root = get_root()
    units = [root]
    for n in range(rng.randint(2, 4)):
        town = make_unit(f"T{n}", f"镇{n}", kind=rng.choice(["town", "park"]))
        units.append(town)
        for m in range(rng.randint(0, 2)):
            units.append(make_unit(f"T{n}V{m}", f"村{n}{m}", parent=town, kind="community"))
    version = make_template().latest
    inspector = make_user("inspector")
    today = date.today()
    for unit in units:
        for g in range(rng.randint(0 if unit is root else 0, 2)):
            grid = make_grid(f"{unit.code}-G{g}", unit=unit)
            for _e in range(rng.randint(0, 3)):
                enterprise = make_enterprise(grid=grid)
                for _i in range(rng.randint(0, 2)):
                    make_inspection(enterprise, inspector, version)
                for _h in range(rng.randint(0, 3)):
                    make_hazard(enterprise, status=rng.choice(["open", "closed", "rectified"]),
                                level=rng.choice(["general", "major"]),
                                deadline=today + timedelta(days=rng.choice([-5, 5])))
    make_enterprise()  # no grid: the root's
    return units


def _period() -> Period:
    today = date.today()
    return Period(today - timedelta(days=30), today, "test")


def _children_of(unit, units):
    return [other for other in units if other.parent_id == unit.id]


@pytest.mark.parametrize("seed", range(6))
def test_a_parents_figures_are_the_sum_of_its_childrens(app, seed):
    rng = random.Random(seed)
    units = _random_tree(rng)
    admin = make_user("admin")
    period = _period()
    for unit in units:
        summary = get_summary(get_report_scope(admin, unit_code=unit.code), period)
        lines = child_lines(summary)
        children = _children_of(unit, units)
        if not children:
            assert lines == []
            continue
        assert {line.code for line in lines if line.kind == "unit"} == {child.code for child in children}
        added = Figures()
        for line in lines:
            added.add(line.figures)
        assert added.as_dict() == summary.totals.as_dict()
        # Each child unit's line is that child's own report, read separately.
        for line in lines:
            if line.kind == "unit":
                own = get_summary(get_report_scope(admin, unit_code=line.code), period).totals
                assert {key: getattr(own, key) for key in FIGURE_FIELDS} == \
                    {key: getattr(line.figures, key) for key in FIGURE_FIELDS}


def test_lines_are_ranked_by_rectification_rate_then_overdue_ties_sharing_a_rank():
    def line(code, found, rectified, overdue=0, inspections=0):
        return ChildLine("unit", code, code, Figures(hazards_found=found, rectified=rectified, overdue=overdue,
                                                     inspections=inspections))
    ranked = rank([line("A", 4, 2), line("B", 4, 4), line("C", 0, 0), line("D", 2, 1, overdue=1),
                   line("E", 2, 1)])
    assert [(item.code, item.rank) for item in ranked] == [("B", 1), ("A", 2), ("E", 2), ("D", 4), ("C", 5)]


@pytest.fixture
def district(app):
    town, park = make_unit("CD", "城东镇"), make_unit("KFQ", "经开区", kind="park")
    inspector = make_user("inspector")
    version = make_template().latest
    for unit, count in ((town, 2), (park, 1)):
        enterprise = make_enterprise(grid=make_grid(f"{unit.code}-G", unit=unit))
        for _ in range(count):
            make_inspection(enterprise, inspector, version)
        make_hazard(enterprise)
    make_user("supervisor", username="chief")
    make_user("supervisor", username="town", unit=town)
    return {"town": town, "park": park}


def test_the_dashboard_shows_the_ranked_children_and_drills_down(district, client, auth):
    auth.login("chief")
    page = client.get("/reports/?period=month").get_data(as_text=True)
    assert "城东镇" in page and "经开区" in page and 'data-child="CD"' in page
    town = client.get("/reports/?period=month&unit=CD").get_data(as_text=True)
    assert 'data-child="CD"' not in town and "城东镇" in town


def test_the_json_and_the_workbook_carry_the_children(district, client, auth):
    auth.login("chief")
    body = client.get("/reports/summary.json?period=month").get_json()
    assert body["unit"]["code"] == "ROOT"
    by_code = {line["code"]: line for line in body["by_unit"]}
    assert by_code["CD"]["inspections"] == 2 and by_code["KFQ"]["inspections"] == 1
    workbook = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx?period=month").data))
    sheet = workbook.worksheets[1]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"城东镇", "经开区"}


def test_a_town_supervisor_reports_on_their_town_and_not_on_the_park(district, client, auth):
    auth.login("town")
    assert client.get("/reports/summary.json?period=month").get_json()["inspections"] == 2
    assert client.get("/reports/summary.json?period=month&unit=CD").status_code == 200
    refused = client.get("/reports/summary.json?period=month&unit=KFQ")
    assert refused.status_code == 403 and refused.get_json()["error"]["field"] == "unit"
    assert client.get("/reports/summary.json?period=month&unit=NOPE").status_code == 404

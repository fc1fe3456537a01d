"""Statements per page stay constant at district scale with three levels: more towns, parks, communities,
grids, enterprises and campaign tasks under a unit add no statement to its pages (the reports, the lists, the
campaign's list, page and report for the unit)."""
import pytest

from safety.campaigns.queries import get_campaign_by_code
from tests.factories import (make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_task,
                             make_template, make_unit, make_user)
from tests.statements import counting_statements

PAGES = ("/reports/?period=year", "/reports/summary?period=year", "/reports/summary.json?period=year",
         "/hazards/", "/enterprises/", "/campaigns/", "/campaigns/2026-ZX-01", "/campaigns/2026-ZX-01?unit=T0",
         "/campaigns/2026-ZX-01/report", "/campaigns/2026-ZX-01/report.json?unit=T0")


def _grow(town_count: int, start: int, version, inspector):
    """Towns (every other one a park) with two communities each, a grid at every unit, enterprises with a task of
    the campaign, an inspection made for it and hazards in every grid."""
    campaign = get_campaign_by_code("2026-ZX-01") or make_campaign(code="2026-ZX-01")
    for n in range(start, start + town_count):
        town = make_unit(f"T{n}", f"镇{n}", kind="park" if n % 2 else "town")
        for unit in (town, make_unit(f"T{n}A", f"社区{n}A", parent=town, kind="community"),
                     make_unit(f"T{n}B", f"社区{n}B", parent=town, kind="community")):
            grid = make_grid(f"{unit.code}-G", unit=unit)
            for _ in range(2):
                enterprise = make_enterprise(grid=grid)
                task = make_task(campaign, enterprise, [inspector])
                make_inspection(enterprise, inspector, version, task_id=task.id, kind="campaign")
                make_hazard(enterprise)
                make_hazard(enterprise, status="closed")


@pytest.mark.parametrize("who", ["bureau", "town"])
def test_a_units_pages_read_the_same_number_of_statements_however_big_the_tree(app, client, auth, who):
    version = make_template().latest
    inspector = make_user("inspector")
    _grow(2, 0, version, inspector)
    from safety.units.tree import get_unit
    viewer = make_user("supervisor", username="viewer", unit=get_unit("T0") if who == "town" else None)
    auth.login("viewer")
    few = {}
    for page in PAGES:
        with counting_statements() as statements:
            assert client.get(page).status_code == 200, page
        few[page] = len(statements)
    _grow(4, 2, version, inspector)
    for n in range(2, 6):  # the town's own subtree grows too
        make_unit(f"T0X{n}", f"社区X{n}", parent=get_unit("T0"), kind="community")
        make_enterprise(grid=make_grid(f"T0X{n}-G", unit=get_unit(f"T0X{n}")))
    many = {}
    for page in PAGES:
        with counting_statements() as statements:
            assert client.get(page).status_code == 200, page
        many[page] = len(statements)
    assert many == few


def test_the_units_page_reads_the_same_number_of_statements_however_big_the_tree(app, client, auth):
    version = make_template().latest
    inspector = make_user("inspector")
    _grow(1, 0, version, inspector)
    make_user("admin", username="root")
    auth.login("root")
    with counting_statements() as few:
        assert client.get("/units/").status_code == 200
    _grow(4, 1, version, inspector)
    with counting_statements() as many:
        assert client.get("/units/").status_code == 200
    assert len(many) == len(few)

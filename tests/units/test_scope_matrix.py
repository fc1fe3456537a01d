"""Scope at every level of the tree, for every role: generated from the tree, like the access matrix.

The tree below is the district of the seeds: the bureau, two towns (one with a village under it) and a park,
each with grids and enterprises, and a grid of the bureau's own. For each unit and each role a user is made
there, and what they see is compared with the enterprises of the unit's subtree, worked out by walking up
the parents by hand (not by the materialised path the code uses).
"""
import pytest

from safety.auth.scope import can_see_enterprise, visible_enterprises
from safety.extensions import db
from safety.units.tree import get_root
from tests.factories import make_enterprise, make_grid, make_hazard, make_unit, make_user

# unit code → (parent code, kind); None: the root bureau.
TREE = {
    "ROOT": (None, "district"),
    "T1": ("ROOT", "town"),
    "T1V": ("T1", "community"),
    "T2": ("ROOT", "town"),
    "P1": ("ROOT", "park"),
}
GRIDS = {"G-ROOT": "ROOT", "G-T1": "T1", "G-T1V": "T1V", "G-T2": "T2", "G-P1a": "P1", "G-P1b": "P1"}
ROLES = ("inspector", "supervisor", "admin", "enterprise")


def _ancestors(code: str) -> list[str]:
    chain = [code]
    while TREE[chain[-1]][0] is not None:
        chain.append(TREE[chain[-1]][0])
    return chain


def _expected(unit_code: str, role: str, own_grid: str, own_enterprise: str) -> set[str]:
    """By hand: what the design says each role sees."""
    if role == "admin":
        return set(ENTERPRISES)
    if role == "enterprise":
        return {own_enterprise}
    if role == "inspector":
        return {code for code, grid in ENTERPRISES.items() if grid == own_grid}
    return {code for code, grid in ENTERPRISES.items() if unit_code in _ancestors(GRIDS[grid])}


# Two enterprises per grid.
ENTERPRISES = {f"E-{grid}-{n}": grid for grid in GRIDS for n in (1, 2)}


@pytest.fixture
def district(app):
    units = {"ROOT": get_root()}
    for code, (parent, kind) in TREE.items():
        if parent is not None:
            units[code] = make_unit(code, f"{code}单位", parent=units[parent], kind=kind)
    grids = {code: make_grid(code, unit=units[unit]) for code, unit in GRIDS.items()}
    enterprises = {code: make_enterprise(grid=grids[grid], code=code) for code, grid in ENTERPRISES.items()}
    hazards = {code: make_hazard(enterprise) for code, enterprise in enterprises.items()}
    return {"units": units, "grids": grids, "enterprises": enterprises, "hazards": hazards}


def _user_at(district, unit_code: str, role: str):
    own_grid = next(grid for grid, unit in GRIDS.items() if unit == unit_code)
    own_enterprise = f"E-{own_grid}-1"
    extra = {}
    if role == "inspector":
        extra["grids"] = [district["grids"][own_grid]]
    if role == "enterprise":
        extra["enterprise"] = district["enterprises"][own_enterprise]
    else:
        extra["unit"] = district["units"][unit_code]
    user = make_user(role, username=f"{role}-{unit_code}".lower(), **extra)
    return user, _expected(unit_code, role, own_grid, own_enterprise)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("unit_code", list(TREE))
def test_each_role_at_each_level_sees_its_subtree_and_nothing_else(district, unit_code, role):
    user, expected = _user_at(district, unit_code, role)
    seen = {enterprise.code for enterprise in db.session.scalars(visible_enterprises(user))}
    assert seen == expected
    assert {code for code, enterprise in district["enterprises"].items()
            if can_see_enterprise(user, enterprise)} == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("unit_code", list(TREE))
def test_pages_and_the_api_answer_by_the_same_scope(district, client, auth, unit_code, role):
    user, expected = _user_at(district, unit_code, role)
    auth.login(user.username)
    inside = sorted(expected)[0]
    outside = sorted(set(ENTERPRISES) - expected)
    hazard = client.get(f"/api/v1/hazards/{district['hazards'][inside].uuid}")
    assert hazard.status_code == 200
    if outside:
        refused = client.get(f"/api/v1/hazards/{district['hazards'][outside[0]].uuid}")
        assert refused.status_code in (403, 404)
    if role != "enterprise":
        assert client.get(f"/enterprises/{inside}").status_code == 200
        if outside:
            assert client.get(f"/enterprises/{outside[-1]}").status_code == 403


@pytest.mark.parametrize("unit_code", [code for code in TREE if code != "ROOT"])
def test_a_supervisor_reports_on_the_grids_of_their_subtree_only(district, client, auth, unit_code):
    user, _expected_codes = _user_at(district, unit_code, "supervisor")
    auth.login(user.username)
    for grid, grid_unit in GRIDS.items():
        answer = client.get(f"/reports/summary.json?grid={grid}")
        assert answer.status_code == (200 if unit_code in _ancestors(grid_unit) else 403), grid


def _subtree_grids(unit_code: str) -> list[str]:
    return sorted(grid for grid, unit in GRIDS.items() if unit_code in _ancestors(unit))


def _campaigns(district) -> dict:
    """One campaign per unit, as its supervisor makes one (its scope: the grids of its subtree), the bureau's
    over the whole register."""
    from tests.factories import make_campaign

    campaigns = {}
    for code in TREE:
        grids = [] if code == "ROOT" else _subtree_grids(code)
        campaigns[code] = make_campaign(code=f"2026-{code}", unit=district["units"][code],
                                        scope={"sectors": [], "grids": grids, "classes": [], "enterprises": []})
    return campaigns


def _expected_campaigns(unit_code: str, role: str) -> tuple[set[str], set[str]]:
    """By hand: the campaigns a role at ``unit_code`` reads and those it manages. A supervisor reads those of the
    units on its own line (below it: theirs; above it: they reach into it) and manages those below it."""
    if role == "admin" or (role == "supervisor" and unit_code == "ROOT"):
        return set(TREE), set(TREE)
    if role != "supervisor":
        return set(), set()
    below = {code for code in TREE if unit_code in _ancestors(code)}
    return below | set(_ancestors(unit_code)), below


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("unit_code", list(TREE))
def test_each_role_at_each_level_reads_and_manages_the_campaigns_of_its_line(district, unit_code, role):
    from safety.campaigns.queries import can_manage_campaign, can_read_campaign, list_campaigns_for

    campaigns = _campaigns(district)
    user, _enterprises = _user_at(district, unit_code, role)
    reads, manages = _expected_campaigns(unit_code, role)
    assert {code for code, campaign in campaigns.items() if can_read_campaign(user, campaign)} == reads
    assert {campaign.unit.code for campaign in list_campaigns_for(user)} == reads
    assert {code for code, campaign in campaigns.items() if can_manage_campaign(user, campaign)} == manages

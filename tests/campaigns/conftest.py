"""A small district for the campaign tests: two grids, their enterprises and inspectors, the office.

  grid N1 (北区): E101 machinery A, E102 food B, E103 chemicals C, E104 closed; inspectors ann, bob
  grid S1 (南区): E201 chemicals C, E202 machinery D; inspector cat
  no grid:        E301 warehousing C
  office: chief (supervisor, whole register), northchief (supervisor of N1), root (admin)
"""
from datetime import timedelta

import pytest

from safety.common.office_time import office_today

from tests.factories import make_campaign, make_enterprise, make_grid, make_template, make_user

WHOLE = {"sectors": [], "grids": [], "classes": [], "enterprises": []}


@pytest.fixture
def district(app):
    north, south = make_grid(code="N1", name="北区"), make_grid(code="S1", name="南区")
    enterprises = {
        "E101": make_enterprise(grid=north, code="E101", sector="machinery", supervision_class="A"),
        "E102": make_enterprise(grid=north, code="E102", sector="food", supervision_class="B"),
        "E103": make_enterprise(grid=north, code="E103", sector="chemicals", supervision_class="C"),
        "E104": make_enterprise(grid=north, code="E104", sector="food", status="closed"),
        "E201": make_enterprise(grid=south, code="E201", sector="chemicals", supervision_class="C"),
        "E202": make_enterprise(grid=south, code="E202", sector="machinery", supervision_class="D"),
        "E301": make_enterprise(code="E301", sector="warehousing", supervision_class="C"),
    }
    users = {
        "ann": make_user("inspector", username="ann", grids=[north], display_name="安"),
        "bob": make_user("inspector", username="bob", grids=[north], display_name="博"),
        "cat": make_user("inspector", username="cat", grids=[south], display_name="凯"),
        "chief": make_user("supervisor", username="chief", display_name="王主任"),
        "northchief": make_user("supervisor", username="northchief", grids=[north], display_name="北区主任"),
        "root": make_user("admin", username="root", display_name="管理员"),
        "contact": make_user("enterprise", username="contact", enterprise=enterprises["E101"]),
    }
    template = make_template()
    return {"grids": {"N1": north, "S1": south}, "enterprises": enterprises, "users": users, "template": template}


@pytest.fixture
def campaign(district):
    """An active special campaign over the whole register, January to June 2026, with the fire checklist."""
    return make_campaign(code="2026-ZX-01", templates=[district["template"]])


def campaign_body(**overrides) -> dict:
    """A valid POST /api/v1/campaigns body."""
    body = {"code": "2026-ZX-03", "name": "危险化学品专项整治", "kind": "campaign",
            "basis": {"number": "区安委办〔2026〕12号", "title": "关于开展危险化学品安全专项整治的通知"},
            "starts_on": "2026-03-01", "ends_on": "2026-05-31",
            "scope": {"sectors": ["chemicals"], "grids": [], "classes": [], "enterprises": []},
            "template_ids": [], "enforcement": False}
    body.update(overrides)
    return body


def make_random_check(code: str, **overrides):
    """A random check of the whole register running from a month ago to five months ahead, so a draw made
    today has days left to spread its tasks over."""
    today = office_today()
    values = dict(kind="random", name="双随机抽查", scope=WHOLE, starts_on=today - timedelta(days=30),
                  ends_on=today + timedelta(days=150))
    return make_campaign(code=code, **{**values, **overrides})

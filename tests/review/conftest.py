"""A small park for the review tests: two grids with an inspector each, a supervisor for one grid (a
jurisdiction), one for everything, an admin, and a send call for inspection documents."""

import pytest

from tests.conftest import inspection_sender
from tests.factories import inspection_document, make_enterprise, make_grid, make_template, make_user


@pytest.fixture
def park(app):
    north, south = make_grid(code="N1", name="北区"), make_grid(code="S1", name="南区")
    steel = make_enterprise(grid=north, code="E10001", name="华东钢铁有限公司", sector="metallurgy")
    chem = make_enterprise(grid=south, code="E20001", name="南方化工有限公司", sector="chemicals")
    version = make_template(items=3).versions[0]
    users = {
        "north": make_user("inspector", username="north", grids=[north], locale="en", display_name="李北"),
        "south": make_user("inspector", username="south", grids=[south], locale="en", display_name="赵南"),
        "chief": make_user("supervisor", username="chief", locale="en", display_name="王主任"),
        "north_chief": make_user("supervisor", username="north_chief", grids=[north], locale="en",
                                 display_name="北区主任"),
        "root": make_user("admin", username="root", locale="en", display_name="管理员"),
    }
    return {"grids": {"north": north, "south": south}, "enterprises": {"steel": steel, "chem": chem},
            "version": version, "users": users}


@pytest.fixture
def send(client, auth):
    """POST an inspection document as ``username`` (the north inspector unless told); answers the response."""
    return inspection_sender(client, auth, "north")


@pytest.fixture
def document(park):
    return inspection_document(park["enterprises"]["steel"], park["version"])


def deadline_hazard(item_id: str = "fire-01", photos=(), **overrides) -> dict:
    import uuid
    from datetime import date, timedelta
    hazard = {"uuid": str(uuid.uuid4()), "item_id": item_id, "description": "灭火器压力不足", "level": "general",
              "mode": "deadline", "responsible_person": "张三", "measures": "更换灭火器",
              "deadline": (date.today() + timedelta(days=7)).isoformat(), "photos": list(photos),
              "rectification_photos": []}
    hazard.update(overrides)
    return hazard


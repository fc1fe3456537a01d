"""A small park for the review tests: two grids with an inspector each, a supervisor for one grid (a
jurisdiction), one for everything, an admin, and a send call for inspection documents."""

import pytest

from tests.conftest import inspection_sender
from tests.factories import inspection_document, make_park, make_template, make_user


@pytest.fixture
def park(app):
    """The suite's park (tests.factories.make_park), a checklist, and a supervisor of the north grid only."""
    park = make_park()
    park["version"] = make_template(items=3).versions[0]
    park["users"]["north_chief"] = make_user("supervisor", username="north_chief", grids=[park["grids"]["north"]],
                                             locale="en", display_name="北区主任")
    return park


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


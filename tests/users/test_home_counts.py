"""The supervisor's home page counts what waits for them in their scope (inspections awaiting review, hazards
overdue, look-backs due, major hazards not struck off), each linked to the list it counts, in a constant number
of statements."""
import re
from datetime import date, timedelta

import pytest

from safety.common.office_time import office_today
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_park, make_template, make_user
from tests.statements import counting_statements


def _counts(page: str) -> dict[str, int]:
    return {name: int(value) for name, value in re.findall(r'<strong data-count="(\w+)">(\d+)</strong>', page)}


@pytest.fixture
def park(app):
    park = make_park()
    park["users"]["north_chief"] = make_user("supervisor", username="north_chief", grids=[park["grids"]["north"]],
                                             locale="en")
    version = make_template().versions[0]
    steel, chem = park["enterprises"]["steel"], park["enterprises"]["chem"]
    north, south = park["users"]["north"], park["users"]["south"]
    today = office_today()
    make_inspection(steel, north, version)
    make_inspection(steel, north, version)
    make_inspection(steel, north, version, review_state="approved")
    make_inspection(chem, south, version)
    make_hazard(steel, deadline=today - timedelta(days=3))  # overdue
    make_hazard(steel, deadline=today + timedelta(days=3))  # open, not yet due
    make_hazard(steel, status="rectified")  # a look-back is due
    make_hazard(steel, level="major", status="pending_verification")
    make_hazard(steel, level="major", status="closed")
    make_hazard(chem, level="major", deadline=today - timedelta(days=1))  # overdue too
    make_hazard(chem, status="rectified")
    return park


def test_a_supervisor_over_everything_sees_every_count(client, auth, park):
    auth.login("chief")
    page = client.get("/").get_data(as_text=True)
    assert _counts(page) == {"pending_reviews": 3, "overdue_hazards": 2, "lookbacks_due": 2, "major_open": 2}
    assert "1 awaiting verification" in page


def test_a_grid_supervisor_counts_their_jurisdiction_only(client, auth, park):
    auth.login("north_chief")
    assert _counts(client.get("/").get_data(as_text=True)) == {
        "pending_reviews": 2, "overdue_hazards": 1, "lookbacks_due": 1, "major_open": 1}


def test_each_count_links_to_the_list_it_counts_and_the_list_agrees(client, auth, park):
    auth.login("north_chief")
    page = client.get("/").get_data(as_text=True)
    links = dict((name, href.replace("&amp;", "&")) for href, name in re.findall(
        r'<a href="([^"]+)">\s*<span class="figure-label">[^<]*</span>\s*<strong data-count="(\w+)">', page))
    assert links == {"pending_reviews": "/review/", "overdue_hazards": "/hazards/?overdue=1",
                     "lookbacks_due": "/hazards/?status=rectified",
                     "major_open": "/hazards/?level=major&sort=status"}
    assert len(re.findall(r'data-inspection="', client.get(links["pending_reviews"]).get_data(as_text=True))) == 2
    for name, expected in (("overdue_hazards", 1), ("lookbacks_due", 1)):
        listed = client.get(links[name]).get_data(as_text=True)
        assert len(re.findall(r'class="ledger-row', listed)) == expected, name


@pytest.mark.parametrize("username", ["north", "firm"])
def test_inspectors_and_enterprises_do_not_get_the_office_counts(client, auth, park, username):
    if username == "firm":
        make_user("enterprise", username="firm", enterprise=park["enterprises"]["steel"])
    auth.login(username)
    assert client.get("/").status_code == 302  # to the field app


def test_the_number_of_statements_does_not_grow_with_the_records(client, auth, park):
    auth.login("chief")

    def statements() -> int:
        with counting_statements() as sent:
            assert client.get("/").status_code == 200
        return len(sent)

    before = statements()
    grid = make_grid()
    version = make_template().versions[0]
    inspector = make_user("inspector", grids=[grid])
    for _n in range(5):
        enterprise = make_enterprise(grid=grid)
        make_inspection(enterprise, inspector, version)
        make_hazard(enterprise, level="major", deadline=date.today() - timedelta(days=2))
    assert statements() == before

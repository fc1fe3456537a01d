"""The report pages read a fixed number of SQL statements, however many records there are."""
from datetime import timedelta

import pytest

from safety.documents.operations import issue_rectification_notice
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection
from tests.reports.conftest import Q1, days, utc
from tests.statements import counting_statements

SECTORS = ("food", "chemicals", "gas", "warehousing", "construction")



def _grow(park, enterprises: int = 24) -> None:
    """More grids, sectors, months, enterprises, inspections, hazards and documents in the same quarter."""
    grids = [make_grid(code=f"X{n}", name=f"扩展{n}区") for n in range(4)]
    chief = park["users"]["chief"]
    for n in range(enterprises):
        enterprise = make_enterprise(grid=grids[n % 4], sector=SECTORS[n % len(SECTORS)],
                                     supervision_class="ABCD"[n % 4])
        for visit in range(3):
            at = utc(2025, 1 + (n + visit) % 3, 3 + visit * 7, 3)
            inspection = make_inspection(enterprise, park["users"]["north"], park["version"],
                                         started_at=at - timedelta(hours=1), finished_at=at)
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, deadline=days(-n),
                        level="major" if n % 5 == 0 else "general")
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, mode="on_the_spot", deadline=None,
                        status="closed", closed_at=at)
            if visit == 0:
                issue_rectification_notice(chief, inspection, now=at + timedelta(days=1))
    db.session.commit()


@pytest.mark.parametrize("url", ["/reports/", "/reports/summary", "/reports/summary.json", "/reports/summary.xlsx",
                                 "/documents/", "/documents/new"])
def test_the_number_of_statements_does_not_grow_with_the_data(client, auth, park, url):
    auth.login("chief")
    assert client.get(url, query_string=Q1).status_code == 200
    with counting_statements() as small:
        assert client.get(url, query_string=Q1).status_code == 200
    _grow(park)
    with counting_statements() as large:
        assert client.get(url, query_string=Q1).status_code == 200
    assert len(large) == len(small), "\n".join(large)


def test_the_dashboard_reads_few_statements(client, auth, park):
    auth.login("chief")
    client.get("/reports/", query_string=Q1)
    with counting_statements() as statements:
        client.get("/reports/", query_string=Q1)
    # the user and their grids, 5 for the figures, 2 for coverage, 1 for the open hazards, 1 for the grid list
    assert len(statements) <= 11, "\n".join(statements)

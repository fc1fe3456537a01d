"""The report pages read a fixed number of SQL statements, however many records there are."""
from datetime import date, timedelta

import pytest

from safety.documents.operations import issue_rectification_order
from safety.extensions import db
from safety.inspections.models import InspectionTeamMember
from tests.factories import make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_task
from tests.reports.conftest import Q1, days, utc
from tests.statements import counting_statements

SECTORS = ("food", "chemicals", "gas", "warehousing", "construction")
FROZEN = {"as_of": "2025-02-01", "tasks": 1, "done": 1, "overdue": 0, "enterprises_inspected": 1, "hazards_found": 0,
          "major_hazards": 0, "rectified": 0, "by_grid": [], "by_sector": [], "overdue_by_inspector": []}


def _campaigns(park, enterprises, count: int) -> None:
    """``count`` campaigns in progress and as many ended (figures frozen), each with a task per enterprise,
    done by an inspection with a team of three."""
    north = park["users"]["north"]
    for n in range(count):
        for status in ("active", "closed"):
            campaign = make_campaign(kind=("campaign", "random", "joint")[n % 3], status=status,
                                     starts_on=date(2025, 1, 1), ends_on=date(2025, 3, 31),
                                     frozen_figures=FROZEN if status == "closed" else None)
            for enterprise in enterprises:
                task = make_task(campaign, enterprise, team=[north], due_on=date(2025, 2, 1 + n))
                at = utc(2025, 1, 20 + n, 3)
                inspection = make_inspection(enterprise, north, park["version"], kind="campaign", task_id=task.id,
                                             started_at=at - timedelta(hours=1), finished_at=at)
                for position, role in enumerate(("staff", "expert", "department")):
                    db.session.add(InspectionTeamMember(inspection_id=inspection.id, position=position, role=role,
                                                        name=f"成员{position}"))
                make_hazard(enterprise, inspection_id=inspection.id, found_at=at)
    db.session.commit()



def _grow(park, enterprises: int = 24) -> None:
    """More grids, sectors, months, enterprises, inspections, hazards and documents in the same quarter."""
    grids = [make_grid(code=f"X{n}", name=f"扩展{n}区") for n in range(4)]
    chief = park["users"]["chief"]
    for n in range(enterprises):
        enterprise = make_enterprise(grid=grids[n % 4], sector=SECTORS[n % len(SECTORS)],
                                     supervision_class="ABCD"[n % 4])
        if n < 6:
            _campaigns(park, [enterprise], 2)
        for visit in range(3):
            at = utc(2025, 1 + (n + visit) % 3, 3 + visit * 7, 3)
            inspection = make_inspection(enterprise, park["users"]["north"], park["version"],
                                         started_at=at - timedelta(hours=1), finished_at=at)
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, deadline=days(-n),
                        level="major" if n % 5 == 0 else "general")
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, mode="on_the_spot", deadline=None,
                        status="closed", closed_at=at)
            if visit == 0:
                issue_rectification_order(chief, inspection, now=at + timedelta(days=1))
    db.session.commit()


@pytest.mark.parametrize("url", ["/reports/", "/reports/summary", "/reports/summary.json", "/reports/summary.xlsx",
                                 "/documents/", "/documents/new"])
@pytest.mark.parametrize("user", ["chief", "northchief"])
def test_the_number_of_statements_does_not_grow_with_the_data(client, auth, park, url, user):
    """Campaigns in progress and ended are there from the start, so every path of by_campaign is taken twice."""
    _campaigns(park, [park["enterprises"]["steel"], park["enterprises"]["chem"]], 1)
    auth.login(user)
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
    # the user and their grids, 5 for the figures, 2 for coverage, 1 for the open hazards, 1 for the grid list,
    # 1 for the campaigns under way (and 1 for their progress when there are some),
    # 1 for the sector list that names the sector table's rows, 1 for the enforcement measures by sector,
    # 1 for the unit tree (the children's table and the unit choice), 1 for the referrals past their reply date
    assert len(statements) <= 16, "\n".join(statements)

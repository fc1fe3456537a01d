"""``seed-demo``'s year: an annual plan, two finished campaigns and one under way, a random draw and a joint
check with an expert, their inspections made through the phone's path. Seeded once for the module
(``seeded_demo``): each test reads several facts of it."""
import pytest
from sqlalchemy import select

from safety.campaigns.draw import PoolEnterprise, PoolInspector, draw
from safety.campaigns.models import Campaign, Draw, Task
from safety.campaigns.queries import list_task_views
from safety.common.office_time import office_today
from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember


@pytest.fixture(scope="module")
def year(seeded_demo):
    return {campaign.code.split("-", 1)[1]: campaign for campaign in db.session.scalars(select(Campaign))}


def _statuses(campaign) -> list[str]:
    task_ids = db.session.scalars(select(Task.id).where(Task.campaign_id == campaign.id)).all()
    return [view.status for view in list_task_views(task_ids, office_today())]


def test_the_year_has_its_campaigns_of_every_kind(year):
    assert sorted(year) == ["JH-01", "JR-01", "LH-01", "SJ-01", "ZX-01", "ZX-02"]
    assert {code: campaign.status for code, campaign in year.items()} == {
        "JH-01": "active", "JR-01": "closed", "LH-01": "active", "SJ-01": "active", "ZX-01": "closed",
        "ZX-02": "active"}
    assert {campaign.kind for campaign in year.values()} == {"plan", "campaign", "holiday", "random", "joint"}
    assert year["ZX-01"].enforcement is True

    # The annual plan proposes visits, each with why.
    tasks = db.session.scalars(select(Task).where(Task.campaign_id == year["JH-01"].id)).all()
    assert len(tasks) >= 40
    assert all(task.reason for task in tasks)


def test_finished_campaigns_kept_their_figures_and_the_one_under_way_moves(year):
    for code in ("ZX-01", "JR-01"):
        frozen = year[code].frozen_figures
        assert frozen["tasks"] == frozen["done"] + 1 and frozen["overdue"] == 1
        assert _statuses(year[code]).count("done") == frozen["done"]
    assert set(_statuses(year["ZX-02"])) == {"done", "overdue", "pending"}


def test_the_draw_is_reproducible_and_the_joint_check_had_outsiders(year):
    record = db.session.scalar(select(Draw).where(Draw.campaign_id == year["SJ-01"].id))
    assert record.count == 6 and record.team_size == 2
    again = draw(record.seed, [PoolEnterprise(e["code"], e["grid"]) for e in record.enterprise_pool],
                 [PoolInspector(i["username"], frozenset(i["grids"])) for i in record.staff_pool],
                 record.count, record.team_size, record.exclude_own_grid_alone)
    assert [d.enterprise.code for d in again] == [line["enterprise"] for line in record.result]

    # The joint check had an expert and another department on its team.
    task = db.session.scalar(select(Task).where(Task.campaign_id == year["LH-01"].id))
    inspection = db.session.scalar(select(Inspection).where(Inspection.task_id == task.id))
    roles = db.session.scalars(select(InspectionTeamMember.role).where(
        InspectionTeamMember.inspection_id == inspection.id).order_by(InspectionTeamMember.position)).all()
    assert roles == ["staff", "staff", "expert", "department"]

    # Every campaign inspection came through the phone's path.
    inspections = db.session.scalars(select(Inspection).where(Inspection.task_id.is_not(None))).all()
    assert len(inspections) >= 10
    assert all(inspection.content_hash for inspection in inspections)

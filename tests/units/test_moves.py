"""An enterprise moved between units with open hazards: its history goes with it, past figures stay put."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from safety.auth.scope import hazard_filter, visible_enterprises
from safety.enterprises.models import Enterprise
from safety.enterprises.operations import update_enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.units.models import EnterpriseMove
from safety.units.moves import grid_at
from safety.users.models import User
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_unit, make_user


def _form(enterprise, grid_code: str) -> dict:
    return {"name": enterprise.name, "uscc": enterprise.uscc, "address": enterprise.address,
            "sector": enterprise.sector, "supervision_class": enterprise.supervision_class, "grid": grid_code,
            "contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone,
            "status": enterprise.status}


def _world():
    east, west = make_unit("CD", "城东镇"), make_unit("XC", "西城镇")
    east_grid, west_grid = make_grid("CD-G", unit=east), make_grid("XC-G", unit=west)
    firm = make_enterprise(grid=east_grid)
    return east, west, east_grid, west_grid, firm


def test_the_move_is_recorded_with_the_open_hazards_that_went_along(app):
    _east, _west, _east_grid, west_grid, firm = _world()
    make_hazard(firm)
    make_hazard(firm)
    make_hazard(firm, status="closed")
    update_enterprise(firm, _form(firm, west_grid.code))
    move = db.session.scalar(select(EnterpriseMove))
    assert (move.enterprise_id, move.to_grid_id, move.open_hazards) == (firm.id, west_grid.id, 2)


def test_an_edit_that_keeps_the_grid_records_no_move(app):
    _east, _west, east_grid, _west_grid, firm = _world()
    update_enterprise(firm, {**_form(firm, east_grid.code), "address": "新地址"})
    assert db.session.scalar(select(EnterpriseMove.id)) is None


def test_history_moves_with_the_enterprise(app):
    east, west, _east_grid, west_grid, firm = _world()
    hazard = make_hazard(firm)
    east_chief = make_user("supervisor", username="east", unit=east)
    west_chief = make_user("supervisor", username="west", unit=west)
    update_enterprise(firm, _form(firm, west_grid.code))
    assert firm.id not in {e.id for e in db.session.scalars(visible_enterprises(east_chief))}
    assert firm.id in {e.id for e in db.session.scalars(visible_enterprises(west_chief))}
    assert db.session.get(Hazard, hazard.id).enterprise_id == firm.id  # nothing copied, nothing lost


def test_past_figures_stay_where_they_were_counted(app):
    _east, _west, east_grid, west_grid, firm = _world()
    inspector = make_user("inspector", grids=[east_grid])
    long_ago = datetime.now(timezone.utc) - timedelta(days=90)
    before = make_inspection(firm, inspector, finished_at=long_ago, started_at=long_ago)
    update_enterprise(firm, _form(firm, west_grid.code))
    db.session.execute(EnterpriseMove.__table__.update().values(moved_at=long_ago + timedelta(days=1)))
    after = make_inspection(firm, inspector)
    counted_in = grid_at(Inspection.enterprise_id, Enterprise.grid_id, Inspection.finished_at)
    rows = dict(db.session.execute(select(Inspection.id, counted_in).join(Enterprise)).all())
    assert rows == {before.id: east_grid.id, after.id: west_grid.id}


def test_moved_twice_each_period_keeps_its_grid(app):
    _east, west, east_grid, west_grid, firm = _world()
    third = make_grid("XC-G2", unit=west)
    inspector = make_user("inspector", grids=[east_grid])
    now = datetime.now(timezone.utc)
    at = [now - timedelta(days=d) for d in (100, 50, 1)]
    inspections = [make_inspection(firm, inspector, finished_at=t, started_at=t) for t in at]
    update_enterprise(firm, _form(firm, west_grid.code))
    update_enterprise(firm, _form(firm, third.code))
    first, second = db.session.scalars(select(EnterpriseMove).order_by(EnterpriseMove.id)).all()
    first.moved_at, second.moved_at = now - timedelta(days=70), now - timedelta(days=20)
    db.session.flush()
    counted_in = grid_at(Inspection.enterprise_id, Enterprise.grid_id, Inspection.finished_at)
    rows = dict(db.session.execute(select(Inspection.id, counted_in).join(Enterprise)).all())
    assert [rows[i.id] for i in inspections] == [east_grid.id, west_grid.id, third.id]


def _unit_figures(unit_code: str, period) -> dict:
    from safety.reports.scope import get_report_scope
    from safety.reports.summary import get_summary
    summary = get_summary(get_report_scope(db.session.scalar(select(User).where(User.username == "boss")),
                                           unit_code=unit_code), period, breakdowns=False)
    return {key: getattr(summary.totals, key) for key in ("inspections", "hazards_found", "overdue",
                                                          "enterprises_inspected", "documents_issued")}


def test_a_periods_figures_stay_with_the_unit_they_were_counted_in_after_the_move(app):
    """Inspected and hazards found in the east town last quarter, moved to the west town a month ago, inspected
    there since: last quarter stays the east's, this month is the west's, the district's totals do not change,
    and a past day counted again after the move (its hazard closed) stays in the east."""
    from safety.reports.periods import Period

    _east, _west, east_grid, west_grid, firm = _world()
    make_user("admin", username="boss")
    inspector = make_user("inspector", grids=[east_grid, west_grid])
    now = datetime.now(timezone.utc)
    before_at, moved_at = now - timedelta(days=90), now - timedelta(days=30)
    make_inspection(firm, inspector, finished_at=before_at, started_at=before_at)
    old_hazard = make_hazard(firm, found_at=before_at, deadline=(before_at + timedelta(days=5)).date())
    make_hazard(firm, found_at=before_at)
    db.session.commit()
    earlier = Period((before_at - timedelta(days=5)).date(), (before_at + timedelta(days=5)).date(), "test")
    later = Period((moved_at + timedelta(days=1)).date(), now.date(), "test")
    east_before = _unit_figures("CD", earlier)
    district_before = _unit_figures("ROOT", earlier)
    assert east_before["inspections"] == 1 and east_before["hazards_found"] == 2 and east_before["overdue"] == 1

    update_enterprise(firm, _form(firm, west_grid.code))  # with two open hazards
    db.session.execute(EnterpriseMove.__table__.update().values(moved_at=moved_at))
    db.session.commit()
    after = make_inspection(firm, inspector)
    make_hazard(firm, inspection_id=after.id)
    db.session.commit()
    # A hazard of last quarter closed now: its day is counted again, and stays in the east.
    hazard = db.session.get(Hazard, old_hazard.id)
    hazard.status = "closed"
    from safety.common.revisions import touch
    touch(hazard)
    db.session.commit()

    assert _unit_figures("CD", earlier) == {**east_before, "overdue": 0}
    assert _unit_figures("XC", earlier) == {key: 0 for key in east_before}
    assert _unit_figures("ROOT", earlier) == {**district_before, "overdue": 0}
    assert _unit_figures("XC", later)["inspections"] == 1 and _unit_figures("XC", later)["hazards_found"] == 1
    assert _unit_figures("CD", later)["inspections"] == 0
    assert _unit_figures("ROOT", later)["inspections"] == 1
    # Its history moved with it: the west sees every hazard, the east none.
    west_chief = make_user("supervisor", username="west", unit=_west)
    assert {h.id for h in db.session.scalars(select(Hazard).where(hazard_filter(west_chief)))} >= {old_hazard.id}


def test_the_edit_page_says_how_many_open_hazards_moved_with_the_enterprise(app, client, auth):
    _east, _west, _east_grid, west_grid, firm = _world()
    make_hazard(firm)
    make_hazard(firm, status="rectified")
    make_hazard(firm, status="closed")
    make_user("admin", username="root")
    auth.login("root")
    response = auth.post_form(f"/enterprises/{firm.code}/edit", _form(firm, west_grid.code), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "其 2 项未销号隐患随企业移动；以往各期的统计数仍计在原单位。" in page
    assert db.session.scalar(select(EnterpriseMove.open_hazards)) == 2

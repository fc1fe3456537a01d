"""An enterprise moved between units with open hazards: its history goes with it, past figures stay put."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from safety.auth.scope import visible_enterprises
from safety.enterprises.models import Enterprise
from safety.enterprises.operations import update_enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.units.models import EnterpriseMove
from safety.units.moves import grid_at
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

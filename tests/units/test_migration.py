"""Migration 0024 puts today's flat grids into the tree without losing anything: a root unit for the office,
every grid and every staff account under it, enterprises and scopes as they were."""
from datetime import datetime, timezone

from flask_migrate import upgrade
from sqlalchemy import select, text

from safety import create_app
from safety.auth.scope import sees_every_enterprise, visible_enterprises
from safety.extensions import db
from safety.units.models import Department, Unit
from safety.users.models import Grid, User
from tests.conftest import base_config


def _insert(table: str, **values) -> int:
    columns = ", ".join(values)
    params = ", ".join(f":{key}" for key in values)
    db.session.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)
    return db.session.execute(text(f"SELECT max(id) FROM {table}")).scalar_one()


def test_grids_users_and_enterprises_come_into_the_tree_as_they_were(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with app.app_context():
        upgrade(revision="0023")
        north = _insert("grids", code="N1", name="北区", created_at=now)
        south = _insert("grids", code="S1", name="南区", created_at=now)
        for n, grid in enumerate((north, south, None)):
            _insert("enterprises", code=f"E{n}", name=f"企业{n}", uscc=f"91320000MA0000000{n}", address="",
                    sector="machinery", supervision_class="C", grid_id=grid, contact_person="", contact_phone="",
                    status="active", created_at=now, updated_at=now, sync_rev=0)
        users = {}
        for username, role in (("north", "inspector"), ("chief", "supervisor"), ("narrow", "supervisor"),
                               ("root", "admin"), ("firm", "enterprise")):
            users[username] = _insert("users", username=username, display_name=username, password_hash="x",
                                      role=role, active=True, session_version=1, created_at=now)
        db.session.execute(text("INSERT INTO user_grids (user_id, grid_id) VALUES (:u, :g), (:n, :g)"),
                           {"u": users["north"], "n": users["narrow"], "g": north})
        db.session.commit()

        upgrade()

        root = db.session.scalar(select(Unit))
        assert (root.code, root.parent_id, root.path) == ("ROOT", None, f"/{root.id}/")
        assert db.session.scalar(select(Unit.id).where(Unit.id != root.id)) is None
        grids = db.session.scalars(select(Grid).order_by(Grid.code)).all()
        assert [(grid.code, grid.name, grid.unit.code) for grid in grids] == [("N1", "北区", "ROOT"),
                                                                               ("S1", "南区", "ROOT")]
        people = {user.username: user for user in db.session.scalars(select(User))}
        assert {name: (user.unit.code if user.unit else None) for name, user in people.items()} == {
            "north": "ROOT", "chief": "ROOT", "narrow": "ROOT", "root": "ROOT", "firm": None}
        # Everyone sees what they saw before.
        def seen(name):
            return sorted(e.code for e in db.session.scalars(visible_enterprises(people[name])))
        assert seen("north") == ["E0"] and seen("narrow") == ["E0"]
        assert sees_every_enterprise(people["chief"]) and seen("chief") == ["E0", "E1", "E2"]
        assert seen("root") == ["E0", "E1", "E2"]
        assert [d.name_zh for d in db.session.scalars(select(Department).order_by(Department.position))][:3] == [
            "住建", "市场监管", "消防"]
        db.session.rollback()
        db.engine.dispose()


def test_migration_0032_puts_the_days_before_a_move_back_in_the_old_grid(tmp_path):
    """Before 0032 a move rewrote every kept day of the enterprise to its new grid; 0032 counts them again where
    they were counted, from the recorded moves, and its downgrade puts back what 0031 kept."""
    from datetime import timedelta

    from flask_migrate import downgrade

    from safety.enterprises.operations import update_enterprise
    from safety.reports.rollup import DailyFigures
    from safety.units.models import EnterpriseMove
    from tests.factories import make_enterprise, make_grid, make_inspection, make_user

    app = create_app(base_config("sqlite:///" + str(tmp_path / "moved.sqlite"), tmp_path))
    with app.app_context(), app.test_request_context():
        upgrade()
        east, west = make_grid("E1"), make_grid("W1")
        firm = make_enterprise(grid=east)
        inspector = make_user("inspector", grids=[east, west])
        long_ago = datetime.now(timezone.utc) - timedelta(days=90)
        make_inspection(firm, inspector, started_at=long_ago, finished_at=long_ago)
        db.session.commit()
        update_enterprise(firm, {"name": firm.name, "uscc": firm.uscc, "address": firm.address, "sector": firm.sector,
                                 "supervision_class": firm.supervision_class, "grid": "W1",
                                 "contact_person": firm.contact_person, "contact_phone": firm.contact_phone,
                                 "status": firm.status})
        db.session.commit()
        make_inspection(firm, inspector)
        db.session.commit()

        def grids_by_day():
            return sorted((row.day, row.grid_id) for row in db.session.scalars(select(DailyFigures)))
        assert db.session.scalar(select(EnterpriseMove.id)) is not None
        kept = grids_by_day()
        assert [grid for _day, grid in kept] == [east.id, west.id]
        downgrade(revision="0031")
        assert [grid for _day, grid in grids_by_day()] == [west.id, west.id]  # as a move used to leave them
        upgrade()
        assert grids_by_day() == kept
        db.session.rollback()
        db.engine.dispose()

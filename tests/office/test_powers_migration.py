"""Migration 0030 carries the office's penalty powers from ``measure_settings`` into the office's settings, on
databases holding each state it may find, and back again on downgrade."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from safety import create_app
from safety.extensions import db
from safety.measures.rules import penalty_powers
from safety.office.operations import get_office
from tests.conftest import base_config

NOW = "2026-12-04 02:00:00"


def _app(tmp_path):
    return create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path)
                      | {"OFFICE_NAME": "配置的园区管委会"})


def _switch(powers: bool) -> None:
    db.session.execute(text("INSERT INTO measure_settings (id, penalty_powers, updated_at) VALUES (1, :p, :at)"),
                       {"p": powers, "at": NOW})


def _name_the_office() -> None:
    db.session.execute(text(
        "INSERT INTO office_settings (id, full_name, short_name, address, phone, seal_text, prefixes, updated_at) "
        "VALUES (1, '某某园区管委会', '园区', '', '', '', '{}', :at)"), {"at": NOW})


@pytest.mark.parametrize("switched, named, expected", [
    (None, False, True),  # never switched: powers, no office row made
    (False, False, False),  # switched off before the office had a name
    (False, True, False),  # switched off, the office named
    (True, True, True),  # switched on explicitly
])
def test_the_powers_are_carried_over(tmp_path, switched, named, expected):
    app = _app(tmp_path)
    with app.app_context():
        upgrade(revision="0029")
        if switched is not None:
            _switch(switched)
        if named:
            _name_the_office()
        db.session.commit()
        upgrade(revision="0030")
        assert "measure_settings" not in inspect(db.engine).get_table_names()
        assert penalty_powers() is expected
        # a row made only for the powers prints the configured name, as no row did
        assert get_office().full_name == ("某某园区管委会" if named else "配置的园区管委会")
        assert get_office().short_name == ("园区" if named else "")
        rows = db.session.execute(text("SELECT count(*) FROM office_settings")).scalar()
        assert rows == (1 if named or switched is False else 0)
        db.session.remove()
        downgrade(revision="0029")
        stored = db.session.execute(text("SELECT penalty_powers FROM measure_settings WHERE id = 1")).scalar()
        assert (True if stored is None else bool(stored)) is expected
        assert "penalty_powers" not in {c["name"] for c in inspect(db.engine).get_columns("office_settings")}
        db.session.remove()
        db.engine.dispose()

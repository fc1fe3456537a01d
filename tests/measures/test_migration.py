"""Migrations 0019 and 0020 (and 0029, a measure's document) add the measures' tables (and a measure's hazard) to a database holding records, and
take them away again on downgrade without touching the rest."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from safety import create_app
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.measures.models import Measure
from safety.measures.operations import record_measure
from safety.measures.validation import parse_measure
from tests.conftest import base_config
from tests.factories import make_enterprise, make_grid
from tests.measures.conftest import TODAY, measure_values

TABLES = {"enforcement_measures", "measure_referrals", "measure_settings"}


def test_the_measures_tables_come_and_go_with_their_migration(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0018")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        make_enterprise(grid=make_grid(), code="E00042")
        db.session.commit()
        upgrade(revision="0019")
        assert TABLES <= set(inspect(db.engine).get_table_names())
        upgrade(revision="0020")
        assert "hazard_id" in {column["name"] for column in inspect(db.engine).get_columns("enforcement_measures")}
        upgrade()  # the model of today writes the measure below
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == "E00042"))
        record_measure(None, enterprise, parse_measure(measure_values(kind="referral", fine_yuan="",
                                                                      department="区公安分局",
                                                                      reply_due_on="2026-12-31"), TODAY))
        db.session.commit()
        assert db.session.scalar(select(Measure.kind)) == "referral"
        db.session.remove()
        downgrade(revision="0018")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        assert db.session.scalar(select(Enterprise.code)) == "E00042"
        db.session.remove()
        db.engine.dispose()

"""Migration 0013 makes the sector list data: the defaults, and every sector an enterprise already names."""
from flask_migrate import upgrade
from sqlalchemy import select

from safety import create_app
from safety.enterprises.models import Enterprise, Sector
from safety.extensions import db
from tests.conftest import base_config
from tests.factories import make_enterprise


def test_the_defaults_and_every_stored_sector_become_rows(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0012")
        make_enterprise(sector="machinery")
        odd = make_enterprise(sector="quarries")  # written by an older import, no longer in any list
        db.session.commit()
        upgrade()
        sectors = db.session.execute(select(Sector.key, Sector.name_zh, Sector.active).order_by(Sector.position)).all()
        assert [key for key, _name, _active in sectors][:13] == [
            "machinery", "metallurgy", "building_materials", "light_industry", "textiles", "food", "woodworking",
            "chemicals", "warehousing", "construction", "gas", "commerce", "hospitality"]
        assert sectors[13:] == [("fireworks", "烟花爆竹", True), ("non_coal_mines", "非煤矿山", True),
                                ("quarries", "quarries", True)]
        assert db.session.get(Enterprise, odd.id).sector == "quarries"
        db.session.rollback()
        db.engine.dispose()

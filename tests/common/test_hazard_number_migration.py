"""Migration 0010 numbers the hazards stored before it, per office year in the order found, and the sequences
continue after them."""
from datetime import datetime, timezone

from flask_migrate import upgrade
from sqlalchemy import insert, select

from safety import create_app
from safety.common.numbering import take_numbers
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.conftest import base_config
from tests.factories import make_enterprise, make_grid


def _stored_before(enterprise_id: int, uuid: str, found_at: datetime) -> None:
    """A hazard row as the schema before 0010 holds it: no number."""
    columns = {"uuid": uuid, "enterprise_id": enterprise_id, "description": "旧隐患", "level": "general",
               "mode": "deadline", "responsible_person": "", "measures": "", "status": "open", "found_at": found_at,
               "created_at": found_at, "sync_rev": 0}
    db.session.execute(insert(Hazard.__table__).values(**columns))


def test_existing_hazards_are_numbered_by_office_year_in_the_order_found(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0009")
        enterprise = make_enterprise(grid=make_grid())
        found = {  # not in the order found, and across the office's new year (UTC+8)
            "00000000-0000-4000-8000-000000000003": datetime(2026, 3, 1, 2, tzinfo=timezone.utc),
            "00000000-0000-4000-8000-000000000001": datetime(2025, 12, 31, 17, tzinfo=timezone.utc),  # 2026 there
            "00000000-0000-4000-8000-000000000002": datetime(2025, 12, 31, 15, tzinfo=timezone.utc),  # still 2025
            "00000000-0000-4000-8000-000000000004": datetime(2025, 6, 1, 8, tzinfo=timezone.utc),
        }
        for uuid, at in found.items():
            _stored_before(enterprise.id, uuid, at)
        db.session.commit()
        upgrade()
        numbers = dict(db.session.execute(select(Hazard.uuid, Hazard.number)).tuples().all())
        assert numbers == {
            "00000000-0000-4000-8000-000000000004": "YH-2025-000001",
            "00000000-0000-4000-8000-000000000002": "YH-2025-000002",
            "00000000-0000-4000-8000-000000000001": "YH-2026-000001",
            "00000000-0000-4000-8000-000000000003": "YH-2026-000002",
        }
        assert list(take_numbers("hazard", 2026)) == [3] and list(take_numbers("hazard", 2025)) == [3]
        db.session.rollback()
        db.engine.dispose()

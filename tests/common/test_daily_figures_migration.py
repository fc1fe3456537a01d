"""Migrations 0022 (the daily figures) and 0028 (documents by kind) count the figures of the records stored before
them, as the commits count them after them."""
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from safety import create_app
from safety.documents.models import INSPECTION_RECORD
from safety.documents.operations import issue_document, issue_rectification_order
from safety.documents.sources import DocumentRequest
from safety.extensions import db
from safety.reports.rollup import COUNT_NAMES, DailyFigures
from tests.conftest import base_config
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_template, make_user


def _kept() -> dict:
    return {(row.enterprise_id, row.day): (row.month, row.sector, row.grid_id,
                                           *[getattr(row, name) for name in COUNT_NAMES])
            for row in db.session.scalars(select(DailyFigures))}


@pytest.mark.parametrize("before", ["0021", "0027"])
def test_the_records_stored_before_are_counted(tmp_path, before):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context(), app.test_request_context():
        upgrade()
        grid = make_grid()
        steel, bakery = make_enterprise(grid=grid, sector="metallurgy"), make_enterprise(sector="food")
        inspector, chief = make_user("inspector", grids=[grid]), make_user("supervisor")
        version = make_template().versions[0]
        for n, enterprise in enumerate((steel, bakery, steel)):
            at = datetime(2025, 3, 31, 15 + n, tzinfo=UTC)  # across the office's midnight (UTC+8)
            inspection = make_inspection(enterprise, inspector, version, started_at=at, finished_at=at)
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, level="major",
                        deadline=date(2025, 4, 10))
            make_hazard(enterprise, inspection_id=inspection.id, found_at=at, mode="on_the_spot", deadline=None,
                        status="closed", closed_at=at)
            issue_rectification_order(chief, inspection, now=at + timedelta(days=1))
            if before == "0027":  # the kinds before 0026 were notices and opinions only (its downgrade drops the rest)
                issue_document(chief, DocumentRequest(INSPECTION_RECORD, inspection_uuid=inspection.uuid), now=at)
        db.session.commit()
        counted = _kept()
        # three inspection days (23:00, 00:00 and 01:00 there) and two more for the notices issued a day later
        assert len(counted) == 5 and sum(row[3] for row in counted.values()) == 3  # inspections

        assert sum(row.documents_inspection_record for row in db.session.scalars(select(DailyFigures))) == (
            3 if before == "0027" else 0)
        downgrade(revision=before)
        upgrade()
        assert _kept() == counted
        db.session.rollback()
        db.engine.dispose()

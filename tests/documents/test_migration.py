"""Migration 0026 moves the documents issued before it onto the new frame, whatever shape their content had:
hazards listed as objects with a uuid (linked), or as bare descriptions (kept, nothing to link)."""
import json
from datetime import datetime, timezone

from flask_migrate import upgrade
from sqlalchemy import column, insert, select, table

from safety import create_app
from safety.documents.models import Document
from safety.extensions import db
from safety.hazards.models import Hazard
from tests.conftest import base_config
from tests.evidence.test_chain_migration import _old_inspector
from tests.factories import make_enterprise, make_grid, make_template

OLD_DOCUMENT = ("id", "kind", "year", "number", "enterprise_id", "inspection_id", "hazard_event_id", "issued_by_id",
                "issued_at", "content")


def _old_inspection(enterprise, inspector_id: int, version_id: int, at: datetime) -> int:
    """An inspection as the schema at 0025 holds it: written as a row, since the model of today keeps figures
    in tables later migrations add."""
    import uuid

    inspections = table("inspections", *(column(name) for name in (
        "uuid", "enterprise_id", "template_version_id", "inspector_id", "kind", "started_at", "finished_at",
        "received_at", "identified_by", "review_state", "co_inspectors", "notes", "representative_name",
        "review_comment", "sync_rev")))
    key = str(uuid.uuid4())
    db.session.execute(insert(inspections).values(
        uuid=key, enterprise_id=enterprise.id, template_version_id=version_id, inspector_id=inspector_id,
        kind="routine", started_at=at.replace(tzinfo=None), finished_at=at.replace(tzinfo=None),
        received_at=at.replace(tzinfo=None), identified_by="qr", review_state="submitted", co_inspectors="[]",
        notes="", representative_name="", review_comment="", sync_rev=0))
    return db.session.scalar(select(column("id")).select_from(table("inspections")).where(column("uuid") == key))


def test_notices_with_either_shape_of_hazards_upgrade_and_link_what_they_name(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0025")
        enterprise = make_enterprise(grid=make_grid())
        at = datetime(2026, 5, 1, 2, 30, tzinfo=timezone.utc)
        inspector_id = _old_inspector(at)
        db.session.execute(insert(Hazard.__table__).values(
            uuid="00000000-0000-4000-9000-000000000001", number="YH-2026-000001", enterprise_id=enterprise.id,
            description="疏散通道堆放杂物", level="general", mode="deadline", responsible_person="", measures="",
            status="open", found_at=at, created_at=at, sync_rev=0))
        version_id = make_template().versions[0].id
        inspection_ids = [_old_inspection(enterprise, inspector_id, version_id, at) for _n in range(2)]
        documents = table("documents", *(column(name) for name in OLD_DOCUMENT))
        for number, hazards in ((1, [{"uuid": "00000000-0000-4000-9000-000000000001", "description": "疏散通道堆放杂物"}]),
                                (2, ["配电箱门未关闭", "灭火器过期"])):
            db.session.execute(insert(documents).values(
                id=number, kind="rectification_notice", year=2026, number=number, enterprise_id=enterprise.id,
                inspection_id=inspection_ids[number - 1],
                issued_by_id=inspector_id, issued_at=at.replace(tzinfo=None),
                content=json.dumps({"enterprise": {"code": enterprise.code}, "hazards": hazards})))
        db.session.commit()
        upgrade()
        db.session.expire_all()
        kinds = db.session.execute(select(Document.id, Document.kind).order_by(Document.id)).all()
        assert [kind for _id, kind in kinds] == ["rectification_order", "rectification_order"]
        links = db.session.execute(db.text("SELECT document_id, hazard_id FROM document_hazards")).all()
        hazard_id = db.session.scalar(select(Hazard.id))
        assert links == [(1, hazard_id)]
        assert db.session.get(Document, 2).content["hazards"] == ["配电箱门未关闭", "灭火器过期"]

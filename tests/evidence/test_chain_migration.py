"""Migration 0017 seals the events stored before it: each hazard's log becomes a chain that verifies, photos
and signatures included, and a change made after the upgrade is caught."""
from datetime import datetime, timedelta, timezone

from flask_migrate import upgrade
from sqlalchemy import insert, select, update

from safety import create_app
from safety.evidence.chain import GENESIS
from safety.evidence.verify import verify_evidence
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.photos.models import Photo
from tests.conftest import base_config
from tests.factories import make_enterprise, make_grid

# hazard_events as the schema before 0017 holds it: no hashes.
EVENT_COLUMNS = ("id", "uuid", "hazard_id", "type", "actor_id", "role", "at", "received_at", "note", "applied",
                 "reason", "from_status", "to_status", "signed_by")


def _old_event(hazard_id: int, event_id: int, event_type: str, actor_id: int, role: str, at: datetime,
               note: str = "") -> None:
    from sqlalchemy import table, column
    events = table("hazard_events", *(column(name) for name in EVENT_COLUMNS))
    db.session.execute(insert(events).values(
        id=event_id, uuid=f"00000000-0000-4000-8000-{event_id:012d}", hazard_id=hazard_id, type=event_type,
        actor_id=actor_id, role=role, at=at.replace(tzinfo=None), received_at=(at + timedelta(minutes=3))
        .replace(tzinfo=None), note=note, applied=True, reason=None, from_status=None, to_status="open",
        signed_by=""))


def _old_inspector(at: datetime) -> int:
    """An inspector in users as the schema at 0016 holds it (later migrations add columns the model names)."""
    from sqlalchemy import column, table
    users = table("users", *(column(name) for name in ("username", "display_name", "password_hash", "role",
                                                        "active", "session_version", "created_at")))
    db.session.execute(insert(users).values(username="inspector", display_name="测试用户", password_hash="x",
                                            role="inspector", active=True, session_version=1,
                                            created_at=at.replace(tzinfo=None)))
    return db.session.scalar(db.text("SELECT id FROM users WHERE username = 'inspector'"))


def _old_photo(uploader_id: int, hazard_id: int, event_id: int) -> int:
    """A photo row as the schema before 0017 holds it, its original in the photo store."""
    import hashlib

    from sqlalchemy import column, table

    from safety.photos.storage import get_photo_store
    from tests.factories import image_bytes
    data = image_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    get_photo_store().put_original(sha256, data)
    photos = table("photos", *(column(name) for name in (
        "id", "uuid", "sha256", "content_type", "size_bytes", "width", "height", "purpose", "received_at",
        "uploader_id", "hazard_id", "hazard_event_id")))
    db.session.execute(insert(photos).values(
        id=1, uuid="00000000-0000-4000-a000-000000000001", sha256=sha256, content_type="image/jpeg",
        size_bytes=len(data), width=64, height=48, purpose="rectification", received_at=datetime(2026, 5, 3),
        uploader_id=uploader_id, hazard_id=hazard_id, hazard_event_id=event_id))
    return 1


def test_events_stored_before_the_upgrade_are_sealed_into_chains(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0016")
        enterprise = make_enterprise(grid=make_grid())
        at = datetime(2026, 5, 1, 2, 30, 15, 123456, tzinfo=timezone.utc)
        inspector_id = _old_inspector(at)
        hazard_ids = []
        for n in (1, 2):
            db.session.execute(insert(Hazard.__table__).values(
                uuid=f"00000000-0000-4000-9000-00000000000{n}", number=f"YH-2026-00000{n}",
                enterprise_id=enterprise.id, description="旧隐患", level="general", mode="deadline",
                responsible_person="", measures="", status="rectified", found_at=at, created_at=at, sync_rev=0))
            hazard_ids.append(db.session.scalar(select(Hazard.id).where(Hazard.number == f"YH-2026-00000{n}")))
        _old_event(hazard_ids[0], 1, "found", inspector_id, "inspector", at)
        _old_event(hazard_ids[1], 2, "found", inspector_id, "inspector", at)
        _old_event(hazard_ids[0], 3, "rectification_reported", inspector_id, "inspector", at + timedelta(days=2),
                   note="已整改")
        photo_id = _old_photo(inspector_id, hazard_ids[0], event_id=3)
        db.session.commit()

        upgrade()
        rows = db.session.execute(db.text(
            "SELECT id, previous_hash, record_hash FROM hazard_events ORDER BY id")).all()
        by_id = {row.id: row for row in rows}
        assert by_id[1].previous_hash == GENESIS and by_id[2].previous_hash == GENESIS
        assert by_id[3].previous_hash == by_id[1].record_hash
        assert all(len(row.record_hash) == 64 for row in rows)
        report = verify_evidence()
        assert report.intact, report.breaks
        assert (report.hazards, report.events, report.photos) == (2, 3, 1)

        # The photo is part of its event's seal: another photo's hash in its place is a changed event.
        db.session.execute(update(Photo).where(Photo.id == photo_id).values(sha256="f" * 64))
        db.session.commit()
        kinds = sorted(found.kind for found in verify_evidence().breaks)
        assert kinds == ["event_changed", "photo_missing"]
        db.session.rollback()
        db.engine.dispose()

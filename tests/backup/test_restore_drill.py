"""The restore drill of docs/DEPLOY.md: back up, restore into a fresh instance, and find every record
and every photo identical. The commands run in their own processes, exactly as an operator types them."""
import hashlib
import os

import pytest
from sqlalchemy import create_engine, inspect, select, text

from safety import _normalise_database_url
from safety.auth.scope import sees_every_enterprise
from safety.documents.operations import issue_rectification_order
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from safety.users.models import User
from tests.backup.conftest import all_rows, originals
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_photo, make_user


@pytest.fixture
def demo_park(app, runner):
    """The demo seed: enterprises, templates, inspections, hazards with their whole histories, photos, documents."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    # The demo has no documents yet: issue a rectification notice (整改通知书) for one inspection.
    # The demo is a district: a town's supervisor may not see the inspection, the bureau's sees them all.
    supervisor = next(user for user in db.session.scalars(select(User).where(User.role == "supervisor")
                                                           .order_by(User.id)) if sees_every_enterprise(user))
    inspection = db.session.scalar(select(Inspection).join(Hazard, Hazard.inspection_id == Inspection.id)
                                   .where(Hazard.mode == "deadline").order_by(Inspection.id).limit(1))
    issue_rectification_order(supervisor, inspection)
    db.session.commit()
    return result.output


@pytest.fixture
def small_park(app):
    """A few records of each kind that matters, quicker to make than the demo park."""
    grid = make_grid()
    enterprise = make_enterprise(grid=grid)
    inspector = make_user("inspector", grids=[grid])
    make_inspection(enterprise, inspector)
    make_hazard(enterprise)
    for _ in range(3):
        make_photo(inspector)
    db.session.commit()


def _photo_hashes() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(Photo.sha256)))


def _demo_password(seed_output: str, username: str) -> str:
    line = next(line for line in seed_output.splitlines() if f" {username} " in f" {line} ")
    return line.split()[-1]


def test_a_backup_restored_into_a_fresh_instance_has_every_record_and_photo_identical(
        source, fresh_instance, demo_park, tmp_path):
    backup = tmp_path / "backup"
    made = source.flask("backup", "create", str(backup))
    assert made.returncode == 0, made.stderr

    restored = fresh_instance.flask("backup", "restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    before, after = all_rows(source.database_url), all_rows(fresh_instance.database_url)
    for table in ("inspections", "answers", "hazards", "hazard_events", "photos", "documents", "sync_counter"):
        assert before[table], f"the demo park has no {table}: the drill would prove nothing about them"
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], f"{table} differs after the restore"
    hashes = _photo_hashes()
    assert len(hashes) > 50
    restored_files = originals(fresh_instance.photo_root)
    # Every original is back, under its own hash, byte for byte the source's, and nothing else.
    assert restored_files == {sha256: sha256 for sha256 in hashes}
    assert {sha256: originals(source.photo_root)[sha256] for sha256 in hashes} == restored_files

    # The restored instance works: a new row takes a fresh id (PostgreSQL's sequences came back with
    # the rows), and a photo is served, its thumbnail made again from the restored original.
    added = fresh_instance.invoke("create-user", "drill-admin", "--role", "admin", "--password", "Drill-password-1")
    assert added.exit_code == 0, added.output
    photo = db.session.scalars(select(Photo).order_by(Photo.id)).first()
    client = fresh_instance.app.test_client()
    signed_in = client.post("/api/v1/session", json={"username": "admin",
                                                     "password": _demo_password(demo_park, "admin")})
    assert signed_in.status_code == 200, signed_in.get_json()
    thumb = client.get(f"/photos/{photo.uuid}/thumb.jpg")
    original = client.get(f"/photos/{photo.uuid}/original")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert hashlib.sha256(original.data).hexdigest() == photo.sha256


def test_a_restore_into_a_migrated_empty_instance_works(source, fresh_instance, small_park, tmp_path):
    backup = tmp_path / "backup"
    assert source.invoke("backup", "create", str(backup)).exit_code == 0
    assert fresh_instance.invoke("init-db").exit_code == 0

    restored = fresh_instance.invoke("backup", "restore", str(backup))

    assert restored.exit_code == 0, restored.output
    assert all_rows(fresh_instance.database_url) == all_rows(source.database_url)
    assert originals(fresh_instance.photo_root) == {sha256: sha256 for sha256 in _photo_hashes()}


def test_a_restore_refuses_a_target_with_records_unless_forced(source, fresh_instance, small_park, tmp_path):
    backup = tmp_path / "backup"
    assert source.invoke("backup", "create", str(backup)).exit_code == 0
    assert fresh_instance.invoke("backup", "restore", str(backup)).exit_code == 0
    assert fresh_instance.invoke("create-user", "after-restore", "--role", "admin",
                                 "--password", "Drill-password-1").exit_code == 0

    refused = fresh_instance.invoke("backup", "restore", str(backup))

    assert refused.exit_code != 0
    assert "The target database is not empty: " in refused.stderr
    assert "users (2)" in refused.stderr
    assert "--force" in refused.stderr
    assert len(all_rows(fresh_instance.database_url)["users"]) == len(all_rows(source.database_url)["users"]) + 1
    forced = fresh_instance.invoke("backup", "restore", "--force", str(backup))
    assert forced.exit_code == 0, forced.output
    assert all_rows(fresh_instance.database_url) == all_rows(source.database_url)


def test_a_backup_goes_into_a_new_folder_only(source, small_park, tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "something.txt").write_text("not ours")

    refused = source.invoke("backup", "create", str(backup))

    assert refused.exit_code != 0
    assert "is not an empty folder" in refused.stderr
    assert os.listdir(backup) == ["something.txt"]
    assert [name for name in os.listdir(tmp_path) if name.startswith(".backup")] == []


def test_a_restore_replaces_a_schema_a_later_version_made(source, fresh_instance, small_park, tmp_path):
    """A drill into a database that a newer version already migrated: its extra tables, which refer to
    the backed-up ones, do not stop the restore, and the result is exactly the backup."""
    backup = tmp_path / "backup"
    assert source.invoke("backup", "create", str(backup)).exit_code == 0
    assert fresh_instance.invoke("init-db").exit_code == 0
    engine = create_engine(_normalise_database_url(fresh_instance.database_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE later_feature (id INTEGER PRIMARY KEY, "
                          "user_id INTEGER NOT NULL REFERENCES users (id))"))
    engine.dispose()

    restored = fresh_instance.invoke("backup", "restore", str(backup))

    assert restored.exit_code == 0, restored.output
    assert all_rows(fresh_instance.database_url) == all_rows(source.database_url)
    engine = create_engine(_normalise_database_url(fresh_instance.database_url))
    try:
        assert "later_feature" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()

"""A damaged backup is refused before anything is restored, with a message naming the damage."""
import json
import os

import pytest
from sqlalchemy import create_engine, inspect

from safety import _normalise_database_url
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_photo, make_user


@pytest.fixture
def backup(app, source, tmp_path):
    grid = make_grid()
    make_enterprise(grid=grid)
    inspector = make_user("inspector", grids=[grid])
    for _ in range(3):
        make_photo(inspector)
    db.session.commit()
    folder = tmp_path / "backup"
    made = source.invoke("backup", "create", str(folder))
    assert made.exit_code == 0, made.output
    return folder


def _manifest(folder) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _flip_a_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _photo_damaged(folder) -> str:
    entry = _manifest(folder)["photos"][1]
    _flip_a_byte(folder / entry["file"])
    return f"{entry['file']} does not match its SHA-256"


def _photo_missing(folder) -> str:
    entry = _manifest(folder)["photos"][2]
    os.unlink(folder / entry["file"])
    return f"{entry['file']} is missing"


def _database_damaged(folder) -> str:
    name = _manifest(folder)["database"]["file"]
    _flip_a_byte(folder / name)
    return f"{name} does not match its SHA-256"


def _manifest_cut_short(folder) -> str:
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text()[:200])
    return "its manifest.json cannot be read"


@pytest.mark.parametrize("damage", [_photo_damaged, _photo_missing, _database_damaged, _manifest_cut_short])
def test_a_damaged_backup_is_refused_and_nothing_is_restored(fresh_instance, backup, damage):
    expected = damage(backup)

    checked = fresh_instance.invoke("backup", "verify", str(backup))
    restored = fresh_instance.invoke("backup", "restore", str(backup))

    for result in (checked, restored):
        assert result.exit_code != 0
        assert "damaged" in result.stderr
        assert expected in result.stderr
    assert not os.path.exists(fresh_instance.photo_root) or not any(os.scandir(fresh_instance.photo_root))
    engine = create_engine(_normalise_database_url(fresh_instance.database_url))
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_a_whole_backup_verifies(fresh_instance, backup):
    checked = fresh_instance.invoke("backup", "verify", str(backup))
    assert checked.exit_code == 0, checked.output
    assert "is whole" in checked.stdout
    assert "3 photo files" in checked.stdout

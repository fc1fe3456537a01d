"""The migrations match the models, and every user-facing string has its Chinese translation."""
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po

from safety.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_match_the_models(app):
    """A model changed without a migration would be a schema offices never get."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_sqlite_runs_with_foreign_keys_and_wal(app):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_every_message_has_a_chinese_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(template), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(template, "rb") as fh:
        wanted = {message.id for message in read_po(fh) if message.id}
    with open(ROOT / "safety/translations/zh_Hans_CN/LC_MESSAGES/messages.po", "rb") as fh:
        catalogue = read_po(fh)
    missing = []
    for msgid in wanted:
        message = catalogue.get(msgid if isinstance(msgid, str) else msgid[0])
        strings = [] if message is None else (message.string if isinstance(message.string, tuple)
                                                else [message.string])
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid if isinstance(msgid, str) else msgid[0])
    assert not missing, f"{len(missing)} messages lack a zh_CN translation, e.g. {sorted(missing)[:10]}"


def test_pages_render_in_both_locales(client):
    chinese = client.get("/login").get_data(as_text=True)
    assert "登录" in chinese and 'lang="zh-CN"' in chinese
    token = client.get("/login").get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/locale/en", data={"csrf_token": token, "next": "/login"})
    english = client.get("/login").get_data(as_text=True)
    assert "Sign in" in english and 'lang="en"' in english

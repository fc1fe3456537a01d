"""The restore drill's pieces: the real ``flask backup`` commands in their own processes, a fresh
instance to restore into (its own database and photo folder), and a row-by-row comparison of two databases."""
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import MetaData, create_engine, select

from safety import _normalise_database_url, create_app
from safety.extensions import db
from tests.conftest import POSTGRES_URL, _drop_postgres_database, _fresh_postgres_database, base_config

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass
class Instance:
    """One installation as an operator sees it: a database URL and a photo folder."""

    database_url: str
    photo_root: str
    folder: Path
    _app: Flask | None = None

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        """Run ``flask --app app ARGS`` against this instance in its own process, as an operator would."""
        environment = {**os.environ, "DATABASE_URL": self.database_url, "PHOTO_ROOT": self.photo_root,
                       "SECRET_KEY": "backup-drill"}
        environment.pop("FLASK_APP", None)
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=REPOSITORY,
                              env=environment, capture_output=True, text=True, timeout=300)

    @property
    def app(self) -> Flask:
        """This instance's application, built in the test's process (quicker than a process per command)."""
        if self._app is None:
            self._app = create_app({**base_config(self.database_url, self.folder),
                                    "PHOTO_ROOT": self.photo_root})
        return self._app

    def invoke(self, *args: str):
        """Run a command of this instance's command line in the test's process; answers click's result."""
        with self.app.app_context():
            return self.app.test_cli_runner().invoke(args=list(args))

    def close(self) -> None:
        if self._app is not None:
            with self._app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def source(app, database_url, tmp_path):
    """The test's own instance: the session's throwaway database and the app's photo folder."""
    instance = Instance(database_url, app.config["PHOTO_ROOT"], tmp_path / "source-instance")
    yield instance
    instance.close()


@pytest.fixture
def fresh_instance(tmp_path):
    """A new instance: a database that has never been used (no schema) and an empty photo folder."""
    folder = tmp_path / "fresh-instance"
    folder.mkdir()
    if POSTGRES_URL:
        url = _fresh_postgres_database(POSTGRES_URL)
    else:
        url = "sqlite:///" + str(folder / "safety.sqlite")
    instance = Instance(url, str(folder / "photos"), folder)
    yield instance
    instance.close()
    if POSTGRES_URL:
        _drop_postgres_database(POSTGRES_URL, url)


def all_rows(database_url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the model (and the schema revision), in primary-key order."""
    engine = create_engine(_normalise_database_url(database_url))
    try:
        reflected = MetaData()
        reflected.reflect(engine, only=["alembic_version"])
        tables = [*db.metadata.sorted_tables, reflected.tables["alembic_version"]]
        with engine.connect() as conn:
            return {table.name: [tuple(row) for row in conn.execute(
                select(table).order_by(*(table.primary_key.columns or table.columns)))] for table in tables}
    finally:
        engine.dispose()


def originals(photo_root: str) -> dict[str, str]:
    """The photo store's originals: file name (its claimed hash) → SHA-256 of its bytes."""
    found = {}
    for folder, _dirs, names in os.walk(os.path.join(photo_root, "originals")):
        for name in names:
            with open(os.path.join(folder, name), "rb") as fh:
                found[name] = hashlib.sha256(fh.read()).hexdigest()
    return found

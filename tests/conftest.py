"""Fixtures shared by the whole suite.

The schema comes from the real migrations, applied once per run to a fresh
database: a SQLite file by default, or the PostgreSQL server named by
``TEST_DATABASE_URL`` (``make test-postgres``). Each test starts from empty tables.
"""
import os
import time
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.routing import Rule

from safety import _normalise_database_url, create_app
from safety.enterprises.models import Sector
from safety.units.models import Department, Unit
from safety.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_enterprise, make_grid, make_user
from tests.statements import counting_statements

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


# Building the app compiles a URL builder for each of its ~130 routes (werkzeug writes and compiles Python for
# each), nine tenths of the ~0.1 s every test pays for its fresh app. A builder's code depends only on the rule's
# parsed parts and defaults, never on the app, so the suite compiles each once; what it builds is unchanged.
_compile_builder = Rule._compile_builder
_builders: dict = {}


def _compiled_once(rule: Rule, append_unknown: bool = True):
    key = (rule.rule, tuple(rule._trace), repr(sorted((rule.defaults or {}).items())), append_unknown)
    if key not in _builders:
        _builders[key] = _compile_builder(rule, append_unknown)
    return _builders[key]


Rule._compile_builder = _compiled_once


def _fresh_postgres_database(admin_url: str) -> str:
    """Create an empty database for this run (dropped at the end) and return its URL."""
    name = f"safety_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(_normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}"


def _drop_postgres_database(admin_url: str, url: str) -> None:
    name = url.rpartition("/")[2]
    engine = create_engine(_normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def base_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PHOTO_ROOT": str(tmp_path / "photos"),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database with the migrations applied, for the whole run."""
    if POSTGRES_URL:
        url = _fresh_postgres_database(POSTGRES_URL)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    app = create_app(base_config(url, tmp_path_factory.mktemp("migrate")))
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
        with db.engine.connect() as conn:
            MIGRATED_SECTORS[:] = [{key: value for key, value in row._mapping.items() if key != "id"}
                                   for row in conn.execute(Sector.__table__.select().order_by("id"))]
            MIGRATED_ROOT.clear()
            MIGRATED_ROOT.update({key: value for key, value in conn.execute(
                Unit.__table__.select().where(Unit.parent_id.is_(None))).one()._mapping.items() if key != "id"})
            MIGRATED_DEPARTMENTS[:] = [{key: value for key, value in row._mapping.items() if key != "id"}
                                       for row in conn.execute(Department.__table__.select().order_by("id"))]
        db.engine.dispose()
    yield url
    if POSTGRES_URL:
        _drop_postgres_database(POSTGRES_URL, url)


MIGRATED_SECTORS: list[dict] = []
MIGRATED_DEPARTMENTS: list[dict] = []
MIGRATED_ROOT: dict = {}


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        conn.execute(Unit.__table__.update().values(parent_id=None))  # the tree refers to itself
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(text("UPDATE sync_counter SET value = 0"))
        # The sectors are the office's configuration, inserted by a migration: every test starts from them.
        conn.execute(Sector.__table__.insert(), MIGRATED_SECTORS)
        conn.execute(Department.__table__.insert(), MIGRATED_DEPARTMENTS)  # so are the industry departments
        # and the root of the unit tree (the bureau) that the migration made: its path names its new id.
        conn.execute(Unit.__table__.insert(), [{**MIGRATED_ROOT, "path": ""}])
        conn.execute(text("UPDATE units SET path = '/' || CAST(id AS VARCHAR(20)) || '/'"))


class RequestIsolatingClient(FlaskClient):
    """Each request runs in its own application context, as on a real server.

    The test body keeps one context open for factories and checks; without this
    every request would share it (and its ``g``, database session and cached
    user). Before each request the test's own work is committed, so the request
    sees it, and afterwards the test's objects reload what the request changed.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextmanager
def running_app(database_url, tmp_path, **overrides):
    """The suite's app, its configuration changed by ``overrides``, inside its app context.

    On the way out the tables are emptied and the engine disposed, once live-server threads
    have handed their connections back. Tests that need their own configuration (rate limits
    on, a proxy in front) use this instead of the ``app`` fixture.
    """
    app = create_app({**base_config(database_url, tmp_path), **overrides})
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            _wait_for_connections_back(db.engine)
            _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    with running_app(database_url, tmp_path) as app:
        yield app


def _wait_for_connections_back(engine, seconds: float = 30) -> None:
    """Wait until no request thread of a live server still holds a connection.

    A connection checked in after ``dispose()`` goes back to a pool that is gone and
    stays open until the garbage collector finds it: a ResourceWarning that fails
    whichever test happens to be running then.
    """
    deadline = time.monotonic() + seconds
    while engine.pool.checkedout() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not engine.pool.checkedout(), f"{engine.pool.checkedout()} database connections still in use after the test"


@pytest.fixture
def count_statements(app):
    """A context manager counting the SQL statements sent to the database inside it."""
    return counting_statements


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    """Signs a test client in through the session API and keeps its CSRF token for writes."""

    def __init__(self, client):
        self.client = client
        self.csrf_token = None

    def login(self, username: str, password: str = DEFAULT_PASSWORD):
        response = self.client.post("/api/v1/session", json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        self.csrf_token = response.get_json()["csrf_token"]
        return response

    def headers(self) -> dict:
        return {"X-CSRFToken": self.csrf_token}

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST an HTML form with its CSRF field filled in, as the browser would."""
        return self.client.post(url, data={**(data or {}), "csrf_token": self.csrf_token}, **kwargs)


@pytest.fixture
def auth(client):
    return Auth(client)


def inspection_sender(client, auth, default_username: str):
    """``send(document, username=default_username)``: POST an inspection document signed in as ``username``,
    signing in again only when the user changes; answers the response."""
    signed_in = {}

    def send(document: dict, username: str = default_username):
        if signed_in.get("username") != username:
            auth.login(username)
            signed_in["username"] = username
        return client.post("/api/v1/inspections", json=document, headers=auth.headers())
    return send


# One grid with one enterprise and its inspector: the world of the inspection, photo and hazard API tests.

@pytest.fixture
def grid(app):
    return make_grid(code="G1")


@pytest.fixture
def enterprise(grid):
    return make_enterprise(grid=grid, code="E0001", name="华东机械有限公司")


@pytest.fixture
def inspector(grid):
    return make_user("inspector", username="inspector", grids=[grid], display_name="李检查")

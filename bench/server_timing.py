"""Timing back-office pages and API answers in-process, with the SQL statements each one sends.

The Flask test client calls the WSGI application directly: the times are the
application's and the database's work for one request (routing, session, queries,
templates, JSON), without a web server or network in front. Besides the wall-clock
time, the CPU time of this process is kept: on a machine shared with other work the
wall clock also counts the waits for a core, the CPU time does not (it includes
SQLite's work, which runs in this process, but not PostgreSQL's). Statements are counted
the way ``tests/statements.py`` counts them, through SQLAlchemy's cursor events.
"""
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, text  # noqa: E402

from safety import _normalise_database_url, create_app  # noqa: E402
from safety.common.heap import freeze_start_up_objects  # noqa: E402
from safety.sync.returned import keep_returned_documents_at_start  # noqa: E402
from safety.extensions import db  # noqa: E402

SCALE_PASSWORD = "bench-Scale-2026"  # what generate_scale.py gives every account


def make_app(database_url: str):
    """The application as a gunicorn worker runs it (``post_worker_init`` in ``gunicorn.conf.py``): made once, the
    returned inspections' documents kept (safety.sync.returned), then its start-up objects frozen out of the
    garbage collector's way (safety.common.heap)."""
    os.environ["COOKIE_SECURE"] = "0"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                      "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
                      "RATELIMIT_ENABLED": False, "PHOTO_ROOT": tempfile.mkdtemp(prefix="bench-photos-")})
    keep_returned_documents_at_start(app)
    freeze_start_up_objects()
    return app


def sign_in(app, username: str, password: str):
    """A test client signed in through the session API, as the field app and the tests do."""
    client = app.test_client()
    response = client.post("/api/v1/session", json={"username": username, "password": password})
    if response.status_code != 200:
        raise SystemExit(f"signing in as {username} failed: {response.status_code} {response.get_data(as_text=True)}")
    return client


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)  # milliseconds
    cpu: list[float] = field(default_factory=list)  # milliseconds of this process's CPU (SQLite's included)
    statements: int = 0
    status: int = 0
    size: int = 0
    body: bytes = b""

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu50(self) -> float:
        return statistics.median(self.cpu)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(app, client, url: str, repeat: int, warm_up: int = 2, before_each=None) -> Timing:
    """``repeat`` timed GETs of ``url`` after ``warm_up`` untimed ones; statements of the last one.
    ``before_each``, if given, is called before every request, outside the time."""
    timing = Timing()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    for number in range(warm_up + repeat):
        statements.clear()
        if before_each is not None:
            before_each()
        event.listen(engine, "before_cursor_execute", record)
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        body = response.get_data()
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        event.remove(engine, "before_cursor_execute", record)
        if number >= warm_up:
            timing.times.append(elapsed)
            timing.cpu.append(cpu)
        timing.status, timing.size, timing.body = response.status_code, len(body), body
        timing.statements = len(statements)
    return timing


class DemoDatabase:
    """``with DemoDatabase(like_url) as url:`` a fresh database of the same kind, migrated and seeded with the demo."""

    def __init__(self, like_url: str):
        self.like_url = like_url

    def __enter__(self) -> str:
        if self.like_url.startswith(("postgres://", "postgresql")):
            base = self.like_url.rpartition("/")[0]
            self.admin_url = base + "/postgres"
            self.name = f"safety_bench_demo_{uuid.uuid4().hex[:8]}"
            engine = create_engine(_normalise_database_url(self.admin_url), isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
            engine.dispose()
            self.url = f"{base}/{self.name}"
        else:
            self.folder = tempfile.TemporaryDirectory()
            self.url = f"sqlite:///{self.folder.name}/demo.sqlite"
        app = make_app(self.url)
        runner = app.test_cli_runner()
        for command in (["init-db"], ["seed-demo"]):
            result = runner.invoke(args=command)
            if result.exit_code != 0:
                raise SystemExit(result.output)
        with app.app_context():
            db.engine.dispose()
        return self.url

    def __exit__(self, *exc):
        if hasattr(self, "name"):
            engine = create_engine(_normalise_database_url(self.admin_url), isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            engine.dispose()
        else:
            self.folder.cleanup()


def database_kind(url: str) -> str:
    return "PostgreSQL" if url.startswith(("postgres://", "postgresql")) else "SQLite"

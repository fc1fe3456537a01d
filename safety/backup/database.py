"""The database half of a backup: a consistent copy taken while the server runs, and its restore.

SQLite is copied with its online backup API, which copies every page under one
read lock: a sync request committing meanwhile is either wholly in the copy or
not at all. PostgreSQL is dumped with ``pg_dump -Fc`` inside a snapshot that
this module exports and also reads from, so the row counts and the list of
photos in the manifest describe exactly the rows in the dump.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine

from safety.extensions import db

SQLITE_FILE = "database.sqlite"
POSTGRES_FILE = "database.pgdump"
# Bookkeeping rows a freshly migrated database already holds; they do not make it "not empty".
_BOOKKEEPING = {"alembic_version", "sync_counter"}
# Tables a fresh instance's migrations already fill with defaults (the sector list, the industry departments, the
# unit tree's root): they do not make a freshly migrated target "in use"; a restore replaces them with the backup's
# like everything else. (A target really in use also has users and enterprises.)
_FILLED_BY_MIGRATIONS = {"sectors", "departments", "units"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    """What the copied database holds: schema revision, rows per table, and the photos it refers to."""

    dialect: str
    file: str
    revision: str | None
    counts: dict[str, int]
    photo_hashes: list[str]


def dump_database(engine: Engine, folder: str) -> Snapshot:
    """Copy the database into ``folder``; answer what the copy holds."""
    if engine.dialect.name == "sqlite":
        return _dump_sqlite(engine, folder)
    if engine.dialect.name == "postgresql":
        return _dump_postgres(engine, folder)
    raise BackupError(f"Backups of {engine.dialect.name} databases are not supported (SQLite and PostgreSQL are).")


def restore_database(engine: Engine, dialect: str, path: str) -> None:
    """Replace the contents of the database behind ``engine`` with the copy at ``path``."""
    if dialect != engine.dialect.name:
        raise BackupError(f"This backup is of a {dialect} database; the target is {engine.dialect.name}. "
                          "Restore it into the same kind of database.")
    engine.dispose()  # nothing of ours may hold the database while it is replaced
    if dialect == "sqlite":
        _restore_sqlite(engine, path)
    else:
        _restore_postgres(engine, path)
    engine.dispose()


def rows_in_use(engine: Engine) -> dict[str, int]:
    """Rows per application table of the target (tables that do not exist yet count as empty)."""
    with engine.connect() as conn:
        existing = set(engine.dialect.get_table_names(conn))
        return {table.name: conn.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
                for table in db.metadata.sorted_tables
                if table.name in existing and table.name not in _BOOKKEEPING | _FILLED_BY_MIGRATIONS}


def read_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the model, as the manifest records them."""
    with engine.connect() as conn:
        return _counts(conn.exec_driver_sql, engine.dialect.name)


def _counts(execute, dialect: str) -> dict[str, int]:
    """Rows per table of the model that the database has (one made by an earlier version may lack some)."""
    listing = ("SELECT name FROM sqlite_master WHERE type = 'table'" if dialect == "sqlite" else
               "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    existing = {row[0] for row in execute(listing).fetchall()}
    return {table.name: execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            for table in db.metadata.sorted_tables if table.name in existing}


def _revision(execute) -> str | None:
    row = execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _photo_hashes(execute) -> list[str]:
    return [row[0] for row in execute("SELECT DISTINCT sha256 FROM photos ORDER BY sha256").fetchall()]


# --- SQLite -------------------------------------------------------------------------------------

def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("The database is an in-memory SQLite database; there is no file to back up or restore.")
    return path


def _dump_sqlite(engine: Engine, folder: str) -> Snapshot:
    target = os.path.join(folder, SQLITE_FILE)
    path = _sqlite_path(engine)
    if not os.path.isfile(path):  # connecting would create an empty database in its place
        raise BackupError(f"There is no database at {path}: check DATABASE_URL.")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # all pages in one step: one consistent state
    with closing(sqlite3.connect(target)) as copy:
        # A copy that stands alone: no WAL file beside it to lose on the way off-site.
        copy.execute("PRAGMA journal_mode=DELETE")
        execute = copy.execute
        return Snapshot("sqlite", SQLITE_FILE, _revision(execute), _counts(execute, "sqlite"),
                        _photo_hashes(execute))


def _restore_sqlite(engine: Engine, path: str) -> None:
    target = _sqlite_path(engine)
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target, timeout=30)) as live:
        source.backup(live)  # page by page under the target's write lock: readers never see half of it


# --- PostgreSQL ---------------------------------------------------------------------------------

def _client_environment(engine: Engine) -> dict[str, str]:
    """libpq's variables for the pg_* tools: the password never appears on a command line."""
    url = engine.url
    values = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username, "PGPASSWORD": url.password,
              "PGDATABASE": url.database}
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment.update({key: str(value) for key, value in values.items() if value is not None})
    for key, value in url.query.items():  # sslmode=require and the like
        if key == "sslmode":
            environment["PGSSLMODE"] = str(value)
    return environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found. Install the PostgreSQL client tools of the server's version "
                          "(Debian: apt-get install postgresql-client).")
    return path


def _run(command: list[str], engine: Engine) -> None:
    result = subprocess.run(command, env=_client_environment(engine), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{os.path.basename(command[0])} failed: {(result.stderr or result.stdout).strip()}")


def _dump_postgres(engine: Engine, folder: str) -> Snapshot:
    target = os.path.join(folder, POSTGRES_FILE)
    pg_dump = _tool("pg_dump")
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            # pg_dump sees what this transaction sees, for as long as the transaction is open.
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target}"], engine)
            execute = conn.exec_driver_sql
            return Snapshot("postgresql", POSTGRES_FILE, _revision(execute), _counts(execute, "postgresql"),
                            _photo_hashes(execute))


def _restore_postgres(engine: Engine, path: str) -> None:
    """Replace every table of the target with the dump's, in one transaction.

    Tables of the target that the dump does not have (a schema a newer version migrated) are dropped
    too, or their foreign keys would keep the dump's tables from being replaced. pg_restore writes
    the dump out as SQL and psql runs it after those drops, all in one transaction: a failure leaves
    the target as it was.
    """
    with engine.connect() as conn:
        tables = [row[0] for row in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
    with tempfile.TemporaryDirectory() as work:
        script = os.path.join(work, "restore.sql")
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              f"--file={script}", path], engine)
        drops = os.path.join(work, "drop.sql")
        with open(drops, "w", encoding="utf-8") as fh:
            if tables:
                fh.write("DROP TABLE IF EXISTS " + ", ".join(f'"{name}"' for name in tables) + " CASCADE;\n")
        _run([_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
              f"--file={drops}", f"--file={script}"], engine)

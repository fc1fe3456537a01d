"""Helpers for the users tests."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from safety.extensions import db


@pytest.fixture
def count_statements(app):
    """A context manager counting the SQL statements sent to the database inside it."""
    @contextmanager
    def counting():
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return counting

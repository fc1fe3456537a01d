"""Helpers for the checklist tests: marking a version as used, and counting SQL statements."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_inspection, make_user


@pytest.fixture
def use_version(app):
    """``use_version(version)`` records an inspection that used ``version``, which freezes it."""
    grid = make_grid()
    enterprise = make_enterprise(grid=grid)
    inspector = make_user("inspector", grids=[grid])

    def use(version):
        return make_inspection(enterprise, inspector, version=version)
    return use


@pytest.fixture
def count_statements(app):
    """``with count_statements() as statements:`` collects every SQL statement sent in the block."""
    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return counting

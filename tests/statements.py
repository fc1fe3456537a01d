"""Counting the SQL statements a request sends: pages and syncs must not grow a query per row."""
from contextlib import contextmanager

from sqlalchemy import event

from safety.extensions import db


@contextmanager
def counting_statements():
    """``with counting_statements() as statements:`` collects every SQL statement sent in the block.

    The test's own pending rows are committed first: the test client commits them before a request, and
    stamping their sync revisions at that commit is the test's work, not the page's.
    """
    db.session.commit()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

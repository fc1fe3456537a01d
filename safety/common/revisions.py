"""The sync revision: how ``pull`` knows what changed since a phone's cursor.

Every row a phone pulls carries ``sync_rev``. Each transaction that writes such
rows takes the next number from a single counter row and stamps it on all of
them. The counter is bumped with an UPDATE, so on PostgreSQL its row lock is
held until commit: a later transaction cannot take a higher number and commit
before an earlier one does. A cursor therefore never skips a row that commits
late (timestamps and autoincrement ids both can).

The number is taken at commit, not at the first flush: the rows a transaction
adds or changes are noted as they are flushed, and just before the commit the
counter is bumped and they are stamped. Every writing transaction queues on that
counter lock, so it is held only for the stamping and the commit itself, not for
all the work of a sync request.

Readable numbers that must be gapless (safety.common.numbering: a hazard's
YH-2026-000123) are given at the same moment, for the same reason: their
sequence row stays locked until the commit too. On PostgreSQL the counter, the
numbers and every stamp are one statement, so a transaction holds those locks
for that one round trip and its commit; on SQLite, whose writers take the
database's one write lock anyway, they are a statement each.
"""
from sqlalchemy import Integer, bindparam, event, insert, inspect, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from safety.extensions import db


class SyncCounter(db.Model):
    """A single row holding the last revision handed out."""

    __tablename__ = "sync_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Synced:
    """Mixin for models that phones pull; the listener below keeps ``sync_rev`` current."""

    sync_rev: Mapped[int] = mapped_column(Integer, nullable=False, default=0, index=True)


def current_revision() -> int:
    """The highest revision handed out so far (0 on an empty database)."""
    return db.session.scalar(select(SyncCounter.value).where(SyncCounter.id == 1)) or 0


def _next_revision(session: Session) -> int:
    result = session.execute(
        update(SyncCounter).where(SyncCounter.id == 1).values(value=SyncCounter.value + 1)
        .returning(SyncCounter.value)
    ).scalar()
    if result is None:  # the migration seeds the row; a bare test schema may not have it
        session.execute(insert(SyncCounter).values(id=1, value=1))
        result = 1
    return result


def touch(obj) -> None:
    """Mark a row as changed for phones even when none of its own columns changed
    (e.g. a template version whose items were edited)."""
    obj.sync_rev = -1  # replaced by the revision at commit


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    from safety.reports.rollup import note_changes
    note_changes(session)  # for the report's daily figures, counted at commit (below)
    changed = [o for o in list(session.new) + list(session.dirty)
               if isinstance(o, Synced) and (o in session.new or session.is_modified(o))]
    if changed:
        noted = session.info.setdefault("sync_changed", {})
        for obj in changed:
            noted[id(obj)] = obj


def note_rows(session: Session, table, ids) -> None:
    """Note rows of a pulled ``table`` written without ORM objects (a Core insert), to be stamped at commit."""
    session.info.setdefault("sync_rows", {}).setdefault(table, []).extend(ids)


@event.listens_for(Session, "before_commit")
def _stamp_revisions(session: Session) -> None:
    if session.in_nested_transaction():
        # SQLAlchemy calls this on a savepoint's release too (numbering starts a year in one); the
        # transaction's one revision is taken when the transaction itself commits.
        return
    session.flush()  # the last changes are noted (and written) before the number is taken
    from safety.common.numbering import take_numbers_due
    noted = session.info.pop("sync_changed", None) or {}
    rows = session.info.pop("sync_rows", None) or {}
    due = take_numbers_due(session)
    by_table: dict = {table: (list(ids), []) for table, ids in rows.items()}
    for obj in noted.values():
        state = inspect(obj)
        if state.persistent:  # not deleted, nor added and then rolled back with a savepoint
            by_table.setdefault(type(obj).__table__, ([], []))[1].append(obj)
    by_table = {table: (ids, objs) for table, (ids, objs) in by_table.items() if ids or objs}
    # The report's daily figures follow the hazards and inspections written, and the documents added, in this
    # transaction (safety.reports.rollup): before the counter is taken, so that its lock is not held for them.
    from safety.reports.rollup import refresh_figures
    standing = refresh_figures(session, [obj for _ids, objs in by_table.values() for obj in objs])
    if not by_table and not due:
        return
    if session.connection().dialect.name == "postgresql":
        revision, numbers = _stamp_in_one_statement(session, by_table, due)
    else:
        revision, numbers = _stamp_statement_by_statement(session, by_table, due)
    for numbered, values in zip(due, numbers):
        for obj, value in zip(numbered.objects, values):
            set_committed_value(obj, numbered.attribute, value)
    for _ids, objs in by_table.values():
        for obj in objs:
            set_committed_value(obj, "sync_rev", revision)
    # Each enterprise's standing is counted again from its records (safety.reports.standing); after the counter,
    # which orders these recounts, as it orders the revisions.
    from safety.reports.standing import recount_standing
    recount_standing(session, standing)


def _stamp_statement_by_statement(session: Session, by_table: dict, due: list) -> tuple[int, list[list[str]]]:
    """SQLite: numbers first (each sequence bumped, then the rows given theirs), then the counter and the stamps."""
    numbers = []
    for numbered in due:
        values = numbered.formatted(numbered.take())
        table = type(numbered.objects[0]).__table__
        column = table.c[numbered.attribute]
        session.execute(update(table).where(table.c.id == bindparam("row_id")).values({column: bindparam("value")}),
                        [{"row_id": obj.id, "value": value} for obj, value in zip(numbered.objects, values)])
        numbers.append(values)
    revision = _next_revision(session) if by_table else None
    for table, (ids, objs) in by_table.items():
        session.execute(update(table).where(table.c.id.in_(ids + [obj.id for obj in objs])).values(sync_rev=revision))
    return revision, numbers


def _stamp_in_one_statement(session: Session, by_table: dict, due: list) -> tuple[int | None, list[list[str]]]:
    """PostgreSQL: the counter bumped, the numbers taken and written and every row stamped in one statement.

    Its parts are data-modifying WITH queries: one for the counter, one per number sequence (an upsert, so the
    first number of a year needs no savepoint), and per table one UPDATE for the rows to stamp and one for the
    rows given a number (stamped as well when the table is pulled). No row is written twice.
    """
    parts, params = [], {}
    if by_table:
        parts.append("rev AS (INSERT INTO sync_counter AS c (id, value) VALUES (1, 1) "
                     "ON CONFLICT (id) DO UPDATE SET value = c.value + 1 RETURNING c.value)")
    numbered_ids: dict = {}
    for n, numbered in enumerate(due):
        params.update({f"series{n}": numbered.series, f"year{n}": numbered.year, f"count{n}": len(numbered.objects),
                       f"prefix{n}": f"{numbered.prefix}-{numbered.year}-"})
        parts.append(f"num{n} AS (INSERT INTO number_sequences AS s (series, year, last) "
                     f"VALUES (:series{n}, :year{n}, :count{n}) ON CONFLICT (series, year) "
                     f"DO UPDATE SET last = s.last + excluded.last RETURNING s.last)")
        table = type(numbered.objects[0]).__table__
        numbered_ids.setdefault((table, numbered.attribute), []).append(n)
    for t, ((table, attribute), groups) in enumerate(numbered_ids.items()):
        ids, group_of, position = [], [], []
        for n in groups:
            for k, obj in enumerate(due[n].objects, start=1):
                ids.append(obj.id)
                group_of.append(n)
                position.append(k)
        sequence = " ".join(f"WHEN {n} THEN :prefix{n} || lpad(x.n::text, greatest({DIGITS}, length(x.n::text)), '0')"
                            for n in groups)
        last = " ".join(f"WHEN {n} THEN (SELECT last FROM num{n}) - :count{n}" for n in groups)
        stamp = ", sync_rev = (SELECT value FROM rev)" if table in by_table else ""
        params.update({f"nids{t}": ids, f"ngroups{t}": group_of, f"npositions{t}": position})
        parts.append(
            f"numbered{t} AS (UPDATE {table.name} AS t SET {attribute} = CASE x.grp {sequence} END{stamp} "
            f"FROM (SELECT v.id, v.grp, CASE v.grp {last} END + v.pos AS n "
            f"FROM unnest(CAST(:nids{t} AS integer[]), CAST(:ngroups{t} AS integer[]), "
            f"CAST(:npositions{t} AS integer[])) AS v(id, grp, pos)) AS x WHERE t.id = x.id)")
    for t, (table, (ids, objs)) in enumerate(by_table.items()):
        taken = {obj.id for (numbered_table, _a), groups in numbered_ids.items() if numbered_table is table
                 for n in groups for obj in due[n].objects}
        stamped = [row_id for row_id in ids + [obj.id for obj in objs] if row_id not in taken]
        if stamped:
            params[f"ids{t}"] = stamped
            parts.append(f"stamp{t} AS (UPDATE {table.name} SET sync_rev = (SELECT value FROM rev) "
                         f"WHERE id = ANY(CAST(:ids{t} AS integer[])))")
    columns = ["(SELECT value FROM rev)" if by_table else "NULL"]
    columns += [f"(SELECT last FROM num{n})" for n in range(len(due))]
    row = session.execute(text(f"WITH {', '.join(parts)} SELECT {', '.join(columns)}"), params).one()
    numbers = [due[n].formatted(range(last - len(due[n].objects) + 1, last + 1))
               for n, last in enumerate(row[1:])]
    return row[0], numbers


DIGITS = 6  # safety.common.numbering.format_number's default, written by the statement above


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction) -> None:
    # Only when the transaction itself ends, committed or rolled back: a savepoint's end leaves the changes
    # made before it noted for the one revision the transaction takes at its commit.
    if transaction.parent is None:
        session.info.pop("sync_changed", None)
        session.info.pop("sync_rows", None)
        session.info.pop("numbers_due", None)
        from safety.reports.rollup import forget_noted
        forget_noted(session)

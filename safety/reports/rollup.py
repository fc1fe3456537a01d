"""The summary's figures kept per enterprise and office day (日汇总), so that a year's report adds up a few
thousand rows instead of counting a hundred thousand hazards.

A row holds, for one enterprise and one day of the office's calendar, what that day's records count now: the
inspections finished that day, and of the hazards found that day how many are major, struck off, awaiting a
re-check, and so on (see the counts below). It follows the records in the transaction that writes them, just
before the commit step takes the sync revision (:mod:`safety.common.revisions`), so that the counter's lock is not
held for it: the records added in the transaction (hazards and inspections, noted as they are flushed, and
documents) add what they count to their days' rows with one upsert (``n = n + excluded.n``: increments commute,
the row lock orders them), and when a transaction changed records stored before, their enterprise days are
counted again from the records instead (:func:`refresh_figures`). Whatever wrote a record through the ORM, it is
noted, so no write path has to remember the figures.

Kept per enterprise, with the enterprise's sector as it is now and the grid it was in that day: figures of a
period stay where they were counted. A row carries the grid the enterprise was in at the day's last record
(:func:`safety.units.moves.grid_at`), so moving an enterprise to another grid or unit leaves the rows of the days
before the move with the old grid (and its unit), and a row counted again later (a hazard of that day closed after
the move) keeps it too; its records (inspections, hazards) move with it and so does what is judged now in its
lists. A report over a unit or grids selects the rows by that grid, one over anything else by the enterprise.

What depends on the day the report is read (overdue, escalated for being overdue too long) is not kept: the
summary counts it from the hazards still open (:func:`safety.hazards.rules.overdue_escalation_clause`).

Adding a count is one entry in ``HAZARD_COUNTS`` or ``INSPECTION_COUNTS`` (the figure's name and the SQL value
one record adds to it), a column of that name, and a migration that adds the column and calls
:func:`rebuild_figures` (which fills the columns the table has, so an older migration's backfill still runs).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import (
    Date, ForeignKey, Integer, String, and_, bindparam, case, column, delete, func, insert, inspect, select, table,
    true, tuple_, update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.office_time import office_day, start_of_office_day
from safety.documents.models import CIRCULAR, KINDS, Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import standing_escalation_clause
from safety.hazards.vocabulary import CLOSED, MAJOR, ON_THE_SPOT, OPEN, PENDING_VERIFICATION, RECTIFIED, STATUSES
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import SUPERSEDED
from safety.units.models import EnterpriseMove
from safety.units.moves import grid_at


def _one_if(condition):
    return case((condition, 1), else_=0)


def _people_visits():
    from safety.reports.kinds import people_visits
    return people_visits()


# An earlier revision (superseded by the amended resubmission) is not a second inspection.
_COUNTED_INSPECTION = Inspection.review_state != SUPERSEDED

# Figure name → what one inspection adds to it, on the office day it was finished.
INSPECTION_COUNTS = {
    "inspections": lambda: _one_if(_COUNTED_INSPECTION),
    "people_visits": lambda: case((_COUNTED_INSPECTION, _people_visits()), else_=0),  # 出动人次
}
# Figure name → what one hazard adds to it, on the office day it was found, as the hazard stands now.
HAZARD_COUNTS = {
    "hazards_found": lambda: 1,
    "major_hazards": lambda: _one_if(Hazard.level == MAJOR),
    "found_on_the_spot": lambda: _one_if(Hazard.mode == ON_THE_SPOT),
    "rectified": lambda: _one_if(Hazard.status == CLOSED),  # struck off
    "rectified_on_the_spot": lambda: _one_if(and_(Hazard.status == CLOSED, Hazard.mode == ON_THE_SPOT)),
    "awaiting_recheck": lambda: _one_if(Hazard.status.in_((RECTIFIED, PENDING_VERIFICATION))),
    "failed_recheck": lambda: _one_if(and_(Hazard.status != CLOSED, Hazard.failed_recheck_count > 0)),
    # Escalated by a supervisor, or due for it by its failed re-checks; being overdue too long is added when read.
    "escalated": lambda: _one_if(standing_escalation_clause()),
    # What is judged on the day of the report starts from these: the summary takes away the hazards whose
    # deadline has not passed (or not by the escalation limit) on that day, the few it still reads.
    "open_with_deadline": lambda: _one_if(and_(Hazard.status == OPEN, Hazard.deadline.is_not(None))),
    "open_not_escalated": lambda: _one_if(and_(Hazard.status == OPEN, Hazard.deadline.is_not(None),
                                               ~standing_escalation_clause())),
}
# The kinds of document counted per day: all but the circular (通报), which names no one enterprise and is
# counted from the documents when a report is read (safety.documents.figures).
KEPT_DOCUMENT_KINDS = tuple(kind for kind in KINDS if kind != CIRCULAR)
# Count name → the kind of document it counts (the summary's documents_by_type).
DOCUMENT_KIND_OF = {f"documents_{kind}": kind for kind in KEPT_DOCUMENT_KINDS}
# Figure name → what one document adds to it, on the office day it was issued.
DOCUMENT_COUNTS = {
    "documents_issued": lambda: 1,
    **{name: (lambda kind=kind: _one_if(Document.kind == kind)) for name, kind in DOCUMENT_KIND_OF.items()},
}
# (model, its time column, its counts): where each source's records fall.
SOURCES = ((Inspection, Inspection.finished_at, INSPECTION_COUNTS), (Hazard, Hazard.found_at, HAZARD_COUNTS),
           (Document, Document.issued_at, DOCUMENT_COUNTS))
NOTED_DOCUMENTS = "figures_documents"  # session.info: documents added in this transaction
NOTED_MOVES = "figures_moves"  # session.info: ids of the enterprises whose sector or grid changed
NOTED_NEW = "figures_new"  # session.info: hazards and inspections added in this transaction, by id()
COUNT_NAMES = tuple(INSPECTION_COUNTS) + tuple(HAZARD_COUNTS) + tuple(DOCUMENT_COUNTS)
# The summary's figure each count adds to (safety.reports.summary.Figures): its own name but for these two, and
# the documents by kind, which are the summary's documents_by_type.
FIGURE_OF = {**{name: name for name in COUNT_NAMES if name not in DOCUMENT_KIND_OF},
             "open_with_deadline": "overdue", "open_not_escalated": "escalated"}


class DailyFigures(db.Model):
    """One enterprise's figures for one office day (rows where nothing counts are not kept)."""

    __tablename__ = "daily_figures"
    __table_args__ = {"sqlite_with_rowid": False}  # stored in key order: a period is one range of the table

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True,
                                               index=True)
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM" of the day: a report groups by it as it is
    # The enterprise's, copied so that a report groups the rows without reading 10,000 enterprises: set when a
    # row is counted, and again whenever the enterprise's sector changes (refresh_figures).
    sector: Mapped[str] = mapped_column(String(32))
    # The grid the enterprise was in that day (where the day's figures were counted): never rewritten by a move.
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id", ondelete="SET NULL"))
    inspections: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    people_visits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    hazards_found: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    major_hazards: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    found_on_the_spot: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rectified: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rectified_on_the_spot: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    awaiting_recheck: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_recheck: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    escalated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    open_with_deadline: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    open_not_escalated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    documents_issued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Of documents_issued, by kind (DOCUMENT_KIND_OF).
    documents_inspection_record: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    documents_rectification_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    documents_recheck_opinion: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    documents_onsite_measures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def note_changes(session) -> None:
    """Remember the documents about to be written (unlike hazards and inspections they carry no sync revision)
    and the enterprises whose sector or grid is changing.

    Called by the flush step that notes what a transaction changes (safety.common.revisions).
    """
    added = [obj for obj in session.new if isinstance(obj, Document)]
    if added:
        session.info.setdefault(NOTED_DOCUMENTS, []).extend(added)
    new = {id(obj): obj for obj in session.new if isinstance(obj, (Hazard, Inspection))}
    if new:
        session.info.setdefault(NOTED_NEW, {}).update(new)
    for obj in session.dirty:
        if isinstance(obj, Enterprise) and any(inspect(obj).attrs[name].history.has_changes()
                                               for name in ("sector", "grid_id", "grid")):
            session.info.setdefault(NOTED_MOVES, set()).add(obj.id)


def forget_noted(session) -> None:
    session.info.pop(NOTED_DOCUMENTS, None)
    session.info.pop(NOTED_MOVES, None)
    session.info.pop(NOTED_NEW, None)


def refresh_figures(session, changed: list) -> set[int]:
    """Bring the rows up to date with this transaction's writes: ``changed`` are the hazards and inspections it
    added or changed (the objects the commit step stamps), with the documents it added and the enterprises that
    moved (noted by :func:`note_changes`). Answers the enterprises of those hazards and inspections, whose
    standing the commit step counts again once it holds the sync counter (:mod:`safety.reports.standing`).

    Called by the commit step before it takes the sync revision, in the same transaction. When every record is
    new, what each counts is read (one statement per kind of record) and added to its day's row by one upsert;
    when a record stored before changed, or its enterprise moved on or after its day (the day's grid is the one
    of its last record), the rows of every day touched are locked, counted again from the records and written.
    One statement when nothing of the figures changed.
    """
    new_ids = session.info.pop(NOTED_NEW, None) or {}
    documents = [document for document in session.info.pop(NOTED_DOCUMENTS, ())
                 if inspect(document).persistent and document.enterprise_id is not None]
    moved = session.info.pop(NOTED_MOVES, None)
    if moved:  # the sector follows the enterprise; the grid of a past day stays where it was counted
        session.execute(update(DailyFigures.__table__).where(DailyFigures.enterprise_id.in_(moved)).values(
            sector=select(Enterprise.sector).where(Enterprise.id == DailyFigures.enterprise_id).scalar_subquery()))
    ids: dict = defaultdict(set)
    recount = False
    for obj in changed:
        if isinstance(obj, (Hazard, Inspection)):
            ids[type(obj)].add(obj.id)
            recount = recount or id(obj) not in new_ids
    ids[Document].update(document.id for document in documents)
    if not any(ids.values()):
        return set()
    rows, moved_since, standing = _count_records(session, ids)
    if recount or moved_since:
        _recount_keys(session, sorted(rows))
    else:
        _add_counts(session, rows)
    return standing


def _count_records(session, ids: dict) -> tuple[dict[tuple[date, int], dict], bool, set[int]]:
    """What the records of ``ids`` (by model) count, added up by (day, enterprise id), one statement per model;
    whether an enterprise of theirs moved on or after such a day; the enterprises of the hazards and inspections.
    """
    rows: dict[tuple[date, int], dict] = {}
    moved_since = False
    standing: set[int] = set()
    for model, at, counts in SOURCES:
        if not ids.get(model):
            continue
        key = (model, "records")
        if key not in _STATEMENTS:
            last_move = (select(func.max(EnterpriseMove.moved_at))
                         .where(EnterpriseMove.enterprise_id == model.enterprise_id).scalar_subquery())
            _STATEMENTS[key] = (select(model.enterprise_id, Enterprise.sector,
                                       grid_at(model.enterprise_id, Enterprise.grid_id, at), at, last_move,
                                       *[count() for count in counts.values()])
                                .join(Enterprise, Enterprise.id == model.enterprise_id)
                                .where(model.id.in_(bindparam("ids", expanding=True))))
        for enterprise_id, sector, grid_id, moment, last_move, *values in session.execute(
                _STATEMENTS[key], {"ids": sorted(ids[model])}):
            day = office_day(moment)
            moved_since = moved_since or (last_move is not None and office_day(last_move) >= day)
            if model is not Document:
                standing.add(enterprise_id)
            row = rows.get((day, enterprise_id))
            if row is None:
                row = rows[(day, enterprise_id)] = {"day": day, "enterprise_id": enterprise_id,
                                                    "month": f"{day:%Y-%m}", "sector": sector, "grid_id": grid_id,
                                                    **dict.fromkeys(COUNT_NAMES, 0)}
            for name, value in zip(counts, values):
                row[name] += int(value or 0)
    return rows, moved_since, standing


def _upsert(session, added: bool):
    """INSERT of whole rows into the figures that, on a row already there, adds the counts (``added``) or replaces
    them with the row's (sector and grid too), for the dialect of ``session``."""
    dialect = session.connection().dialect.name
    key = ("upsert", dialect, added)
    if key not in _STATEMENTS:
        table = DailyFigures.__table__
        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        if added:
            values = {name: table.c[name] + statement.excluded[name] for name in COUNT_NAMES}
        else:
            values = {name: statement.excluded[name] for name in ("month", "sector", "grid_id") + COUNT_NAMES}
        _STATEMENTS[key] = statement.on_conflict_do_update(index_elements=[table.c.day, table.c.enterprise_id],
                                                           set_=values)
    return _STATEMENTS[key]


def _add_counts(session, rows: dict) -> None:
    """Add the counts of new records to their rows, in key order (two transactions lock shared rows in the same
    order); records that count nothing add no row."""
    kept = [rows[key] for key in sorted(rows) if any(rows[key][name] for name in COUNT_NAMES)]
    if kept:
        session.execute(_upsert(session, added=True), kept)


def _recount_keys(session, keys: list[tuple[date, int]]) -> None:
    """Count the rows of ``keys`` (day, enterprise id) again from the records and write them.

    The rows are locked first, in key order (created empty where missing, which waits for a transaction adding
    the same row to commit): the count that follows then sees every record whose counts any of them holds, and a
    transaction adding counts to them later waits for this one, so its increment lands on the recounted row.
    """
    table = DailyFigures.__table__
    session.execute(_upsert(session, added=True), [
        {"day": day, "enterprise_id": enterprise_id, "month": f"{day:%Y-%m}", "sector": "", "grid_id": None,
         **dict.fromkeys(COUNT_NAMES, 0)} for day, enterprise_id in keys])
    days = [day for day, _enterprise_id in keys]
    counted = count_days(session, sorted({enterprise_id for _day, enterprise_id in keys}), min(days), max(days))
    rows = [{"day": day, "enterprise_id": enterprise_id, **counted[(enterprise_id, day)]}
            for day, enterprise_id in keys if (enterprise_id, day) in counted]
    if rows:
        session.execute(_upsert(session, added=False), rows)
    empty = [key for key in keys if (key[1], key[0]) not in counted]
    if empty:
        session.execute(delete(table).where(tuple_(table.c.day, table.c.enterprise_id).in_(empty)))


def rebuild_figures(connection, enterprise_ids: list[int] | None = None) -> int:
    """Count every row again from the records (of ``enterprise_ids`` only, when given); answer the rows written.

    For the migration that adds a count (it fills the columns the table has), for a change of the office's
    time zone, and for the tests that compare the kept figures with the records.
    """
    columns = {column["name"] for column in inspect(connection).get_columns(DailyFigures.__tablename__)}
    moves = inspect(connection).has_table("enterprise_moves")  # an older migration's backfill runs before it
    bounds = [moment for _model, at, _counts in SOURCES
              for moment in connection.execute(select(func.min(at), func.max(at))).one() if moment is not None]
    if enterprise_ids is None:
        connection.execute(delete(DailyFigures.__table__))
    if not bounds:
        return 0
    first, last = office_day(min(bounds)), office_day(max(bounds))
    return _recount(connection, enterprise_ids, first, last, [name for name in COUNT_NAMES if name in columns],
                    moves)


_STATEMENTS: dict[tuple, object] = {}  # built once: a sync pays for executing them, not for building them


def _source_statement(model, at, counts, mine: tuple[str, ...], by_enterprise: bool, moves: bool = True):
    """The select of one source's rows between the ``start`` and ``end`` parameters (of the ``ids``
    enterprises when ``by_enterprise``), with the enterprise's sector, the grid it was in at the record's time and
    the counts ``mine``."""
    key = (model, mine, by_enterprise, moves)
    if key not in _STATEMENTS:
        grid = grid_at(model.enterprise_id, Enterprise.grid_id, at) if moves else Enterprise.grid_id
        statement = (select(model.enterprise_id, Enterprise.sector, grid, at,
                            *[counts[name]() for name in mine])
                     .join(Enterprise, Enterprise.id == model.enterprise_id)
                     .where(at >= bindparam("start"), at < bindparam("end")))
        if by_enterprise:
            statement = statement.where(model.enterprise_id.in_(bindparam("ids", expanding=True)))
            if model is Hazard:
                # Every status, named: the hazards are then found through (enterprise, status, time found), not
                # through the time alone (a busy day's hazards of every enterprise, read on each sync).
                statement = statement.where(Hazard.status.in_(STATUSES))
        _STATEMENTS[key] = statement
    return _STATEMENTS[key]


def count_days(connection, enterprise_ids: list[int] | None, first: date, last: date,
               names: tuple[str, ...] | list[str] = COUNT_NAMES, moves: bool = True) -> dict[tuple[int, date], dict]:
    """The rows of ``enterprise_ids`` (every enterprise: None) from ``first`` to ``last``, counted from the
    records: by (enterprise id, day), each with its month, sector, grid and counts (rows where nothing counts
    left out). One statement per source."""
    parameters = {"start": start_of_office_day(first), "end": start_of_office_day(last + timedelta(days=1))}
    if enterprise_ids is not None:
        parameters["ids"] = list(enterprise_ids)
    rows: dict[tuple[int, date], dict] = {}
    latest: dict[tuple[int, date], object] = {}  # the time of the record that gave the row its grid
    for model, at, counts in SOURCES:
        mine = tuple(name for name in counts if name in names)
        statement = _source_statement(model, at, counts, mine, enterprise_ids is not None, moves)
        for enterprise_id, sector, grid_id, moment, *values in connection.execute(statement, parameters):
            day = office_day(moment)
            row = rows.get((enterprise_id, day))
            if row is None:
                row = rows[(enterprise_id, day)] = {"month": f"{day:%Y-%m}", "sector": sector, "grid_id": grid_id,
                                                    **dict.fromkeys(names, 0)}
            if latest.get((enterprise_id, day)) is None or moment >= latest[(enterprise_id, day)]:
                # Moved during the day: the day counts where it ended.
                row["grid_id"], latest[(enterprise_id, day)] = grid_id, moment
            for name, value in zip(mine, values):
                row[name] += int(value or 0)
    return {key: row for key, row in rows.items() if any(row[name] for name in names)}


def _recount(connection, enterprise_ids: list[int] | None, first: date, last: date,
             names: tuple[str, ...] | list[str] = COUNT_NAMES, moves: bool = True) -> int:
    """Replace the rows of ``enterprise_ids`` (every enterprise: None) from ``first`` to ``last`` by a new count
    (without ``moves`` when the database has no record of them yet: each row in the current grid)."""
    rows = count_days(connection, enterprise_ids, first, last, names, moves)
    cleared = delete(DailyFigures.__table__).where(DailyFigures.day >= first, DailyFigures.day <= last)
    if enterprise_ids is not None:
        cleared = cleared.where(DailyFigures.enterprise_id.in_(enterprise_ids))
    connection.execute(cleared)
    kept = [{"enterprise_id": enterprise_id, "day": day, **row} for (enterprise_id, day), row in rows.items()]
    # Only the columns counted: a migration's backfill runs before the later migrations add theirs.
    written = table(DailyFigures.__tablename__, *[column(name, DailyFigures.__table__.c[name].type) for name in
                                                   ("enterprise_id", "day", "month", "sector", "grid_id", *names)])
    for chunk in range(0, len(kept), 5000):
        connection.execute(insert(written), kept[chunk:chunk + 5000])
    return len(kept)


def in_period(first: date, last: date):
    """SQL on :class:`DailyFigures`: its day is one of the period's."""
    return and_(DailyFigures.day >= first, DailyFigures.day <= last)


def in_scope(scope):
    """SQL on :class:`DailyFigures`: the row is within the report's scope (nothing for the whole register): by the
    grid it was counted in for a report over grids or a unit, else by its enterprise."""
    if scope.whole_register:
        return true()
    if scope.grid_ids is not None:
        return DailyFigures.grid_id.in_(scope.grid_ids)
    return DailyFigures.enterprise_id.in_(select(Enterprise.id).where(scope.clause))


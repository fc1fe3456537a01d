"""The sync revision: how ``pull`` knows what changed since a phone's cursor.

Every row a phone pulls carries ``sync_rev``. Each transaction that writes such
rows takes the next number from a single counter row and stamps it on all of
them. The counter is bumped with an UPDATE, so on PostgreSQL its row lock is
held until commit: a later transaction cannot take a higher number and commit
before an earlier one does. A cursor therefore never skips a row that commits
late (timestamps and autoincrement ids both can).

The number is taken at commit, not at the first flush: the rows a transaction
adds or changes are noted as they are flushed, and just before the commit the
counter is bumped and they are stamped, one UPDATE per table. Every writing
transaction queues on that counter lock, so it is held only for the stamping
and the commit itself, not for all the work of a sync request.
"""
from sqlalchemy import Integer, event, insert, inspect, select, update
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


@event.listens_for(Session, "before_commit")
def _stamp_revisions(session: Session) -> None:
    if session.in_nested_transaction():
        # SQLAlchemy calls this on a savepoint's release too (numbering starts a year in one); the
        # transaction's one revision is taken when the transaction itself commits.
        return
    session.flush()  # the last changes are noted (and written) before the number is taken
    revision = _stamp(session, session.info.pop("sync_changed", None))
    # The report's daily figures follow the hazards and inspections this revision stamped, in this transaction.
    from safety.reports.rollup import refresh_figures
    refresh_figures(session, revision)


def _stamp(session: Session, noted: dict | None) -> int | None:
    """Take the next revision and stamp the noted rows with it; None when nothing was noted."""
    if not noted:
        return None
    by_class: dict[type, list] = {}
    for obj in noted.values():
        state = inspect(obj)
        if state.persistent:  # not deleted, nor added and then rolled back with a savepoint
            by_class.setdefault(type(obj), []).append(obj)
    if not by_class:
        return None
    revision = _next_revision(session)
    for cls, objs in by_class.items():
        table = cls.__table__
        session.execute(update(table).where(table.c.id.in_([obj.id for obj in objs])).values(sync_rev=revision))
        for obj in objs:
            set_committed_value(obj, "sync_rev", revision)
    return revision


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction) -> None:
    # Only when the transaction itself ends, committed or rolled back: a savepoint's end leaves the changes
    # made before it noted for the one revision the transaction takes at its commit.
    if transaction.parent is None:
        session.info.pop("sync_changed", None)
        from safety.reports.rollup import forget_noted
        forget_noted(session)

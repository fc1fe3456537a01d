"""The sync revision: how ``pull`` knows what changed since a phone's cursor.

Every row a phone pulls carries ``sync_rev``. Each transaction that writes such
rows takes the next number from a single counter row and stamps it on all of
them. The counter is bumped with an UPDATE, so on PostgreSQL its row lock is
held until commit: a later transaction cannot take a higher number and commit
before an earlier one does. A cursor therefore never skips a row that commits
late (timestamps and autoincrement ids both can).
"""
from sqlalchemy import Integer, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

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
    obj.sync_rev = -1  # replaced by the listener at flush


@event.listens_for(Session, "before_flush")
def _stamp_revisions(session: Session, flush_context, instances) -> None:
    changed = [o for o in list(session.new) + list(session.dirty)
               if isinstance(o, Synced) and (o in session.new or session.is_modified(o))]
    if not changed:
        return
    revision = session.info.get("sync_revision")
    if revision is None:
        revision = _next_revision(session)
        session.info["sync_revision"] = revision
    for obj in changed:
        obj.sync_rev = revision


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_revision(session: Session) -> None:
    session.info.pop("sync_revision", None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_revision_of_savepoint(session: Session, previous_transaction) -> None:
    # A savepoint rolled back may have taken the revision (its counter UPDATE is undone
    # with it); take a fresh one at the next flush. A skipped number is harmless.
    session.info.pop("sync_revision", None)

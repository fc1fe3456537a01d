"""One entry of the audit log per administrative change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db


class AuditEntry(db.Model):
    """A change an administrator (or the command line) made, written in the same transaction as the change.

    The actor's name and the target's label are copies taken at the time, so the
    entry still reads right after a rename. ``changes`` maps each changed field to
    ``[old, new]``; passwords and their hashes never go in, only that one was set.
    Entries are only ever added.
    """

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None with an empty name: the command line (create-user, import-enterprises, seed-demo).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(48), index=True)  # e.g. user.role_changed
    target_kind: Mapped[str] = mapped_column(String(24))  # user, grid, enterprise, template
    # What the target's page is found by: a user's, grid's or template's id, an enterprise's code.
    target_key: Mapped[str] = mapped_column(String(64), default="")
    target_label: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(45))

    __table_args__ = (Index("ix_audit_entries_target", "target_kind", "target_key"),)

    @property
    def by_command_line(self) -> bool:
        return self.actor_id is None and not self.actor_name

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target_kind}:{self.target_key}>"

"""Reading the audit log: entries filtered, newest first, one page at a time.

A page reads a fixed number of statements whatever its length: the count and
the page of entries (names and labels are copies in each entry, so nothing is
joined per row), plus one statement for the actors offered by the filter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select

from safety.audit.models import AuditEntry
from safety.common.filters import ListFilters
from safety.common.office_time import start_of_office_day
from safety.common.pagination import Page, paginate
from safety.extensions import db
from safety.users.models import User

COMMAND_LINE = "cli"  # the actor filter's value for entries made on the command line


@dataclass(frozen=True)
class AuditFilters(ListFilters):
    """What the log selects; the defaults mean every entry."""

    actor: str = ""  # a user id, or COMMAND_LINE
    action: str = ""  # an action code such as user.role_changed
    target: str = ""  # a target kind: user, grid, enterprise, import, template
    key: str = ""  # one target's key (with ``target``): the history of one user, enterprise or checklist
    since: date | None = None  # office days, both ends included
    until: date | None = None



def filtered_entries(filters: AuditFilters) -> Select:
    """A select of the entries matching ``filters``, newest first."""
    statement = select(AuditEntry)
    if filters.actor == COMMAND_LINE:
        statement = statement.where(AuditEntry.actor_id.is_(None), AuditEntry.actor_name == "")
    elif filters.actor:
        statement = statement.where(AuditEntry.actor_id == int(filters.actor))
    if filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.target:
        statement = statement.where(AuditEntry.target_kind == filters.target)
        if filters.key:
            statement = statement.where(AuditEntry.target_key == filters.key)
    if filters.since:
        statement = statement.where(AuditEntry.at >= start_of_office_day(filters.since))
    if filters.until:
        statement = statement.where(AuditEntry.at < start_of_office_day(filters.until + timedelta(days=1)))
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def list_entries(filters: AuditFilters) -> Page:
    """One page (``?page=``) of the filtered log."""
    return paginate(filtered_entries(filters))


def list_actors() -> list[tuple[int, str]]:
    """(id, name) of every user who appears in the log as an actor, by name."""
    actors = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    rows = db.session.execute(select(User.id, User.display_name, User.username)
                              .where(User.id.in_(actors)).order_by(User.display_name, User.id))
    return [(user_id, f"{name} ({username})" if name and name != username else username)
            for user_id, name, username in rows]

"""An inspection's team and the campaign task it was made for (DESIGN.md "Plans, campaigns and tasks").

The document may carry ``"task_uuid"`` and ``"team"``: ``[{"username"}]`` for the office's staff and
``[{"name", "organisation", "role": "expert" | "department"}]`` for people from outside (an expert, another
department on a joint check). What the server does with them:

* The sender is always on the team, first; naming them again changes nothing.
* A username nobody has, or one of an account that is not staff (an enterprise contact, an administrator),
  is refused (400): the phone picks colleagues from the pulled staff list, so such a name is a fault, and
  nothing the office could count.
* A colleague whose account was deactivated after the phone last pulled is stored as sent, flagged
  ``deactivated``: they were there, and the record is the phone's. Never dropped.
* A task nobody has is 404; a task of another enterprise is 400 (the phone sent the wrong pair, and storing
  it would fulfil a task that was not done). A member of the task may send its inspection whatever became
  of the task since they left the office (cancelled, done by a colleague, campaign closed): the visit happened.
* An enforcement task (执法人员不少于两人) inspected with fewer than two staff on the team is stored, and the
  shortfall is derived whenever it is read (``understaffed``), never refused: the phone cannot add a colleague
  after the fact, and refusing would either lose the record or have the inspector name someone who was not
  there. The office sees the flag and decides; outside participants do not count towards the two.

Everyone on the team sees the inspection (``inspection_member_clause``); it is still one inspection, counted
once in every figure, and in each member's workload.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import insert, or_, select

from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.vocabulary import DEACTIVATED, OUTSIDE_ROLES, STAFF_USER_ROLES, TEAM_ROLES, UNDERSTAFFED
from safety.common.errors import DomainError, NotFound
from safety.extensions import db
from safety.inspections.fields import read_choice, read_list, read_text, wrong_type_error
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.users.models import User

MAX_TEAM = 30
STAFF = TEAM_ROLES[0]  # the office's own people; the other roles are from outside
ENFORCEMENT_TEAM_SIZE = 2


@dataclass(frozen=True)
class TeamEntry:
    """One member of the team as the document names them: a username, or a name and organisation."""

    username: str = ""
    name: str = ""
    organisation: str = ""
    role: str = STAFF


def parse_team(data: dict) -> tuple[TeamEntry, ...]:
    """The document's ``team`` (absent: none); DomainError naming the first bad entry by its path."""
    entries = tuple(_entry(entry, n) for n, entry in enumerate(read_list(data, "team", "", MAX_TEAM)))
    seen = set()
    for n, entry in enumerate(entries):
        key = (entry.username,) if entry.role == STAFF else (entry.name, entry.organisation)
        if key in seen:
            raise DomainError("duplicate_team_member", _("%(name)s is on the team twice.",
                                                         name=entry.username or entry.name), field=f"team[{n}]")
        seen.add(key)
    return entries


def _entry(entry, n: int) -> TeamEntry:
    prefix = f"team[{n}]"
    if not isinstance(entry, dict):
        raise wrong_type_error(prefix, _("an object"))
    username = read_text(entry, "username", prefix, limit=64)
    if username:
        if entry.get("name") or entry.get("role") not in (None, "", STAFF):
            raise DomainError("not_for_staff", _("A colleague is named by username alone; name, organisation and "
                                                 "role are for people from outside."), field=prefix)
        return TeamEntry(username=username)
    role = read_choice(entry, "role", OUTSIDE_ROLES, prefix)
    name = read_text(entry, "name", prefix, required=True, limit=100)
    # Another department is known by its organisation; an expert may come on their own account.
    organisation = read_text(entry, "organisation", prefix, required=role == "department", limit=200)
    return TeamEntry(name=name, organisation=organisation, role=role)


@dataclass(frozen=True)
class CheckedTask:
    """The task a document names, with what checking and storing need of it."""

    task: Task
    enforcement: bool
    sender_on_team: bool


def get_task_of_document(user: User, task_uuid: str | None) -> CheckedTask | None:
    """The task ``task_uuid`` names (None for none): 404 when there is no such task. Two statements."""
    if task_uuid is None:
        return None
    row = db.session.execute(select(Task, Campaign.enforcement).join(Campaign, Campaign.id == Task.campaign_id)
                             .where(Task.uuid == task_uuid)).first()
    if row is None:
        raise NotFound("task_not_found", _("No task has the UUID %(uuid)s.", uuid=task_uuid), field="task_uuid")
    task, enforcement = row
    on_team = db.session.scalar(select(TaskMember.user_id).where(TaskMember.task_id == task.id,
                                                                 TaskMember.user_id == user.id)) is not None
    return CheckedTask(task, bool(enforcement), on_team)


def refuse_other_enterprise(checked: CheckedTask, enterprise_id: int, enterprise_code: str) -> None:
    """400 when the task is for another enterprise than the document's."""
    if checked.task.enterprise_id != enterprise_id:
        raise DomainError("task_other_enterprise",
                          _("This task is for another enterprise, not %(code)s; open the task's own enterprise, "
                            "or send the inspection without the task.", code=enterprise_code), field="task_uuid")


@dataclass(frozen=True)
class TeamRow:
    """One member as stored: a user (staff) or a name and organisation (outside), and the flag, if any."""

    user_id: int | None
    username: str
    name: str
    organisation: str
    role: str
    flag: str | None


def resolve_team(user: User, entries: tuple[TeamEntry, ...]) -> list[TeamRow]:
    """The team as stored, the sender first: 400 for a username nobody has or of someone not staff; a
    deactivated colleague flagged. One statement."""
    usernames = [entry.username for entry in entries if entry.role == STAFF and entry.username != user.username]
    found = {member.username: member for member in db.session.scalars(
        select(User).where(User.username.in_(usernames)))} if usernames else {}
    rows = [TeamRow(user.id, user.username, user.display_name or "", "", STAFF, None)]
    for n, entry in enumerate(entries):
        if entry.role != STAFF:
            rows.append(TeamRow(None, "", entry.name, entry.organisation, entry.role, None))
            continue
        if entry.username == user.username:
            continue
        member = found.get(entry.username)
        if member is None:
            raise DomainError("unknown_user", _("No user is called %(username)s.", username=entry.username),
                              field=f"team[{n}].username")
        if member.role not in STAFF_USER_ROLES:
            raise DomainError("not_staff", _("%(username)s is not an inspector or supervisor.",
                                             username=entry.username), field=f"team[{n}].username")
        rows.append(TeamRow(member.id, member.username, member.display_name or "", "", STAFF,
                            None if member.active else DEACTIVATED))
    return rows


def store_team(inspection: Inspection, rows: list[TeamRow]) -> None:
    """Insert the team rows of a flushed inspection, in order: one statement."""
    db.session.execute(insert(InspectionTeamMember), [
        {"inspection_id": inspection.id, "position": n, "user_id": row.user_id, "username": row.username,
         "name": row.name, "organisation": row.organisation, "role": row.role, "flag": row.flag}
        for n, row in enumerate(rows)])


def staff_count(rows) -> int:
    """How many of the team are the office's staff (outside participants do not make an enforcement team)."""
    return sum(1 for row in rows if row.role == STAFF)


def list_teams(inspection_ids) -> dict[int, list[TeamRow]]:
    """The stored teams of the inspections, by inspection id, each in order: one statement. None for an
    inspection stored without a team."""
    teams: dict[int, list[TeamRow]] = {}
    for inspection_id, *row in db.session.execute(
            select(InspectionTeamMember.inspection_id, InspectionTeamMember.user_id, InspectionTeamMember.username,
                   InspectionTeamMember.name, InspectionTeamMember.organisation, InspectionTeamMember.role,
                   InspectionTeamMember.flag)
            .where(InspectionTeamMember.inspection_id.in_(list(inspection_ids)))
            .order_by(InspectionTeamMember.inspection_id, InspectionTeamMember.position)):
        teams.setdefault(inspection_id, []).append(TeamRow(*row))
    return teams


def is_on_team(user_id: int, inspection_id: int) -> bool:
    """Whether ``user_id`` was on the inspection's team: one statement."""
    return db.session.scalar(select(InspectionTeamMember.position).where(
        InspectionTeamMember.inspection_id == inspection_id, InspectionTeamMember.user_id == user_id)
        .limit(1)) is not None


def inspection_member_clause(user_ids):
    """SQL on Inspection: one of ``user_ids`` (a user id, or a select of ids) made it or was on its team. An
    inspection is one row however large its team, so it counts once in a figure and once in each member's
    workload."""
    ids = [user_ids] if isinstance(user_ids, int) else user_ids
    on_team = select(InspectionTeamMember.inspection_id).where(InspectionTeamMember.user_id.in_(ids))
    return or_(Inspection.inspector_id.in_(ids), Inspection.id.in_(on_team))


def team_json(rows: list[TeamRow], inspector_username: str, inspector_name: str) -> list[dict]:
    """The team as an inspection's answer shows it; one stored without a team is its inspector alone. No labels:
    the answer to a resend is made after the commit, and a translated word would read the user again for its
    language."""
    if not rows:
        rows = [TeamRow(None, inspector_username, inspector_name or "", "", STAFF, None)]
    return [{"username": row.username or None, "name": row.name, "organisation": row.organisation,
             "role": row.role, "flag": row.flag}
            for row in rows]


def team_flags(rows: list[TeamRow], enforcement: bool) -> list[dict]:
    """What the office is told about the team: each colleague deactivated while the phone was offline, and an
    enforcement task's inspection with fewer than two staff (``understaffed``, derived here, never stored)."""
    flags = [{"code": DEACTIVATED, "username": row.username,
              "message": _("%(name)s (%(username)s) was on the team but their account is deactivated.",
                           name=row.name, username=row.username)}
             for row in rows if row.flag == DEACTIVATED]
    staff = staff_count(rows) if rows else 1
    if enforcement and staff < ENFORCEMENT_TEAM_SIZE:
        flags.append({"code": UNDERSTAFFED, "username": None,
                      "message": _("An enforcement check needs at least two inspectors (执法人员不少于两人); this "
                                   "inspection had %(n)s. It is stored as sent; the office decides what follows.",
                                   n=staff)})
    return flags

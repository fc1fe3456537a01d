"""The pull cursor: the revision a phone has reached, tied to the scope it was reached in.

A cursor looks like ``v1.<revision>.<fingerprint>``. Phones treat it as opaque.
The fingerprint covers who the user is and what they may see (role, grids,
enterprise, and the enterprises outside an inspector's grids that an open task
lets them see): when any of that changes, rows may have entered or left the
user's scope without changing themselves, so an old cursor no longer describes
what the phone holds and the next pull is a full snapshot.
"""
import hashlib

from safety.auth.scope import jurisdiction_grid_ids, list_task_only_enterprise_ids, sees_every_enterprise
from safety.extensions import db
from safety.users.models import Role, User

VERSION = "v1"
MAX_LENGTH = 100  # anything longer is not one of ours


def scope_fingerprint(user: User) -> str:
    """A short digest of the user's identity and scope."""
    grids = ",".join(str(grid_id) for grid_id in sorted(grid.id for grid in user.grids))
    tasked = ",".join(str(enterprise_id) for enterprise_id in list_task_only_enterprise_ids(user))
    material = f"{user.id}|{user.role}|{grids}|{user.enterprise_id or ''}"
    if tasked:  # absent, the digest stays what it was before tasks, and so do the phones' cursors
        material += f"|{tasked}"
    if Role(user.role) is Role.SUPERVISOR and not user.grids and not sees_every_enterprise(user):
        # A town's or park's supervisor: the grids of the unit's subtree (a grid moved in or out, a unit moved).
        subtree = sorted(db.session.scalars(jurisdiction_grid_ids(user)))
        material += f"|unit:{user.unit.id}:{','.join(map(str, subtree))}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_cursor(revision: int, fingerprint: str) -> str:
    """The cursor a phone sends back as ``since`` on its next pull."""
    return f"{VERSION}.{revision}.{fingerprint}"


def cursor_revision(raw: str | None, fingerprint: str, current: int) -> int | None:
    """The revision a cursor stands for, or None when a full snapshot is due.

    None for: no cursor, a malformed one, one made for another scope, or one
    ahead of the server (a restored backup; the phone may hold rows that no
    longer exist).
    """
    if not raw or len(raw) > MAX_LENGTH:
        return None
    parts = raw.split(".")
    if len(parts) != 3 or parts[0] != VERSION or not parts[1].isascii() or not parts[1].isdigit():
        return None
    revision = int(parts[1])
    if parts[2] != fingerprint or revision > current:
        return None
    return revision

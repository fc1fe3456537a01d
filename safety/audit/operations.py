"""Writing the audit log.

:func:`record_audit` adds the entry to the session of the change it records
and does not commit: the caller's one commit stores both, and a rollback drops
both. The domain operations of users, grids, enterprises and checklist
templates call it, so every page and command that changes them is covered once.
"""
from flask import has_request_context, request

from safety.audit.models import AuditEntry
from safety.extensions import db

# A password never goes into the log, only that one was set (on creation) or reset.
PASSWORD_SET = "set"
PASSWORD_RESET = "reset"


def record_audit(actor, action: str, target_kind: str, target_key, target_label: str = "",
                 changes: dict | None = None) -> AuditEntry:
    """Add one entry for ``action`` by ``actor`` (a User, or None for the command line) on a target.

    ``changes`` maps a field to ``[old, new]``. Values must be JSON: strings,
    numbers, booleans, lists or None.
    """
    changes = dict(changes or {})
    if "password_hash" in changes or changes.get("password", [None, PASSWORD_SET])[1] not in (PASSWORD_SET,
                                                                                          PASSWORD_RESET):
        raise ValueError("an audit entry records that a password was set, never the password or its hash")
    entry = AuditEntry(actor_id=actor.id if actor is not None else None,
                       actor_name=(actor.display_name or actor.username)[:100] if actor is not None else "",
                       action=action, target_kind=target_kind, target_key=str(target_key or "")[:64],
                       target_label=(target_label or "")[:200], changes=changes,
                       ip=request.remote_addr if has_request_context() else None)
    db.session.add(entry)
    return entry


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for every field whose value differs between two snapshots."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def created(snapshot: dict) -> dict:
    """The changes of a new record: every field that has a value, from nothing."""
    return {key: [None, value] for key, value in snapshot.items() if value not in (None, "", [])}

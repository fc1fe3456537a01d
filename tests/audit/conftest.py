"""Helpers of the audit log tests."""
import json

import pytest
from sqlalchemy import select

from safety.audit.models import AuditEntry
from safety.extensions import db
from tests.factories import make_user


def entries(action: str | None = None) -> list[AuditEntry]:
    """The log as stored, oldest first (optionally one action only)."""
    db.session.expire_all()
    statement = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        statement = statement.where(AuditEntry.action == action)
    return list(db.session.scalars(statement))


def stored_text() -> str:
    """Every entry's columns as one text, to look for what must never be stored."""
    return json.dumps([[e.actor_name, e.action, e.target_kind, e.target_key, e.target_label, e.changes, e.ip]
                       for e in entries()], ensure_ascii=False)


@pytest.fixture
def admin(app, auth):
    """An administrator signed in, reading English."""
    user = make_user("admin", username="boss", display_name="王主任")
    auth.login("boss")
    auth.post_form("/locale/en")
    return user

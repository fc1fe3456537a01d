"""Helpers for the hazard tests: people of every role around the suite's grid and enterprise (tests/conftest.py),
a hazard, an event document."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from sqlalchemy import func, or_, select

from safety.audit.models import AuditEntry
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.operations import Visit, flag_recurring, number_hazards, record_found_hazard
from safety.inspections.validation import HazardDocument
from safety.photos.models import Photo
from tests.factories import make_user

CHINA = timezone(timedelta(hours=8))


@pytest.fixture
def supervisor(app):
    return make_user("supervisor", username="supervisor", display_name="王主任")


@pytest.fixture
def admin(app):
    return make_user("admin", username="admin", display_name="管理员")


@pytest.fixture
def enterprise_user(enterprise):
    return make_user("enterprise", username="contact", enterprise=enterprise, display_name="赵安全")


@pytest.fixture
def people(inspector, supervisor, admin, enterprise_user):
    """One user of every role, all able to see the grid's enterprise."""
    return {"inspector": inspector, "supervisor": supervisor, "admin": admin, "enterprise": enterprise_user}


def found_hazard(enterprise, finder, item_key="fire-01", found_at=None, **overrides):
    """A hazard with its `found` event, recorded as an inspection records it (open, by a deadline)."""
    values = dict(uuid=str(uuid.uuid4()), item_id=item_key, description="配电箱前堆放杂物", level="general",
                  mode="deadline", responsible_person="张三", measures="清理杂物",
                  deadline=date.today() + timedelta(days=7), photos=(), rectification_photos=())
    values.update(overrides)
    visit = Visit(enterprise_id=enterprise.id, inspection_id=None, finder=finder,
                  at=found_at or datetime.now(timezone.utc) - timedelta(days=1))
    hazard = record_found_hazard(HazardDocument(**values), visit).hazard
    flag_recurring([hazard])
    number_hazards([hazard])
    db.session.flush()
    return hazard


@pytest.fixture
def hazard(enterprise, inspector):
    return found_hazard(enterprise, inspector)


def event_document(event_type: str, photos=(), **overrides) -> dict:
    """A valid hazard event document of the contract, timed a few minutes ago on a phone in China."""
    at = datetime.now(CHINA).replace(microsecond=0) - timedelta(minutes=5)
    document = {"uuid": str(uuid.uuid4()), "type": event_type, "at": at.isoformat(), "note": "",
                "photos": list(photos), "new_deadline": None}
    if event_type == "recheck_failed":
        document["new_deadline"] = (at.date() + timedelta(days=10)).isoformat()
    if event_type == "plan_set":
        document.update(responsible_person="钱经理", measures="更换破损插座", deadline=(date.today() + timedelta(days=5))
                        .isoformat())
    document.update(overrides)
    return document



def stored_state(hazard) -> dict:
    """What a refused event must leave exactly as it was, read from the database: every hazard event, every photo
    attached as evidence, the audit trail, and the hazard itself with its sync revision (what phones pull)."""
    attached = or_(Photo.purpose.is_not(None), Photo.hazard_id.is_not(None), Photo.hazard_event_id.is_not(None))
    return {
        "events": db.session.scalar(select(func.count()).select_from(HazardEvent)),
        "attached_photos": db.session.scalar(select(func.count()).select_from(Photo).where(attached)),
        "audit_entries": db.session.scalar(select(func.count()).select_from(AuditEntry)),
        "hazard": db.session.execute(select(Hazard.status, Hazard.sync_rev, Hazard.deadline, Hazard.escalated,
                                            Hazard.failed_recheck_count).where(Hazard.id == hazard.id)).one(),
    }

"""How measures bear on an enterprise: its status while they are in force, and what the office may decide.

* A closure (关闭取缔) in force makes the enterprise closed; else a shutdown order (停产停业整顿) in force makes it
  suspended. A measure is in force from the day it is served until it is lifted.
* A shutdown order is lifted only by a restart inspection (复产验收) that passes: approved by the office, and
  every hazard it found struck off (rectified on the spot). Then, with no other shutdown or closure in force,
  the enterprise is operating again.
* An office without penalty powers records no seizure and no penalty (a setting of the office, safety.office).
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, select

from safety.audit.operations import record_audit
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.enterprises.models import Enterprise
from safety.enterprises.statuses import ACTIVE, CLOSED, SUSPENDED, status_label
from safety.extensions import db
from safety.measures.models import Measure
from safety.office.models import OFFICE_ROW, OfficeSettings
from safety.measures.vocabulary import (CLOSURE, DECIDED, IN_FORCE, LIFTED, NEEDS_PENALTY_POWERS, SHUTDOWN,
                                        kind_label)


def status_case():
    """SQL: a measure's status from its dates (the same rule as ``Measure.status``)."""
    return case((Measure.lifted_on.is_not(None), LIFTED), (Measure.served_on.is_not(None), IN_FORCE),
                else_=DECIDED)


def in_force_clause():
    return Measure.served_on.is_not(None) & Measure.lifted_on.is_(None)


def in_force_kinds(enterprise_id: int) -> set[str]:
    """The types of the measures in force against the enterprise: one statement."""
    return set(db.session.scalars(select(Measure.kind.distinct())
                                  .where(Measure.enterprise_id == enterprise_id, in_force_clause())))


def status_required_by_measures(enterprise_id: int) -> str | None:
    """The status the measures in force impose (closed, suspended), or None when none imposes one."""
    kinds = in_force_kinds(enterprise_id)
    if CLOSURE in kinds:
        return CLOSED
    if SHUTDOWN in kinds:
        return SUSPENDED
    return None


def follow_measures(enterprise: Enterprise) -> None:
    """Set the enterprise's status to what its measures in force impose (nothing when none imposes one)."""
    db.session.flush()
    required = status_required_by_measures(enterprise.id)
    if required is not None and enterprise.status != required:
        _set_status(enterprise, required)


def refuse_status_against_measures(enterprise: Enterprise, status: str) -> None:
    """Refuse setting ``status`` by hand when the measures in force impose another one."""
    required = status_required_by_measures(enterprise.id)
    # Closing by hand goes further than a shutdown order (an enterprise gone out of business), never less far.
    if required is None or status == required or (required == SUSPENDED and status == CLOSED):
        return
    if required == SUSPENDED:
        message = _("A shutdown order is in force: the enterprise stays \"%(status)s\" until a restart inspection "
                    "(复产验收) passes.", status=status_label(required))
    else:
        message = _("A closure is in force: the enterprise stays \"%(status)s\".", status=status_label(required))
    raise DomainError("status_set_by_measures", message, field="status")


def penalty_powers() -> bool:
    """Whether the office may decide seizures and penalties (True unless its settings say otherwise)."""
    powers = db.session.scalar(select(OfficeSettings.penalty_powers).where(OfficeSettings.id == OFFICE_ROW))
    return True if powers is None else bool(powers)


def refuse_switched_off(kind: str) -> None:
    if kind in NEEDS_PENALTY_POWERS and not penalty_powers():
        raise DomainError("kind_switched_off", _(
            "This office has no penalty powers, so it cannot decide a measure of the type \"%(kind)s\"; refer "
            "the case to the competent department instead.", kind=kind_label(kind)), field="kind")


def available_kinds(kinds) -> list[str]:
    """Of ``kinds``, those the office may record now."""
    if penalty_powers():
        return list(kinds)
    return [kind for kind in kinds if kind not in NEEDS_PENALTY_POWERS]


def active_after_restart(enterprise: Enterprise) -> None:
    """Operating again once the last shutdown is lifted, unless a closure is in force."""
    db.session.flush()
    required = status_required_by_measures(enterprise.id)
    if required is None and enterprise.status == SUSPENDED:
        _set_status(enterprise, ACTIVE)


def _set_status(enterprise: Enterprise, status: str) -> None:
    """Change the status and say so in the enterprise's history (the audit log), as a change by hand would."""
    before, enterprise.status = enterprise.status, status
    record_audit(acting_user(), "enterprise.closed" if status == CLOSED else "enterprise.changed", "enterprise",
                 enterprise.code, enterprise.name, {"status": [before, status]})

"""Sending a referral or a report upward, and answering one: the state changes behind the referral pages.

Each function flushes; the view commits. A referral marks each hazard it carries as escalated (移送) in the
hazard's own log, and the answer is written to each hazard's log too, so the ledger tells the whole story.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select

from safety.common.errors import Conflict, DomainError, Forbidden
from safety.common.office_time import office_today
from safety.common.types import utcnow
from safety.extensions import db
from safety.hazards.lifecycle import apply_event
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED, COMMENT, ESCALATED
from safety.measures.operations import lift_measure
from safety.referrals.models import RoutedReferral
from safety.referrals.vocabulary import REFERRAL, REPORT_UP
from safety.units.models import user_departments, user_units
from safety.units.tree import get_department, get_root, get_unit
from safety.users.models import Role, User

NOTE_MAX = 2000


def send_referral(actor: User, enterprise, hazard_ids, reply_due_on: date | None, note: str = "",
                  department_key: str = "", unit_code: str = "", kind: str = REFERRAL,
                  today: date | None = None, measure_id: int | None = None) -> RoutedReferral:
    """Refer the hazards ``hazard_ids`` of ``enterprise`` to a department or a unit (移送), or, for ``REPORT_UP``,
    to the unit above the sender's (上报). Refused, with the reason, when a hazard is not the enterprise's or is
    struck off already, the receiver is unknown or has nobody to answer, or the reply date is not ahead."""
    today = today or office_today()
    hazards = _hazards(enterprise, hazard_ids)
    if reply_due_on is None or reply_due_on <= today:
        raise DomainError("reply_due_on", _("The reply date must be after today."), field="reply_due_on")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError("note_length", _("The note has at most %(n)s characters.", n=NOTE_MAX), field="note")
    sender_unit = actor.unit or get_root()
    department, unit = None, None
    if kind == REPORT_UP:
        if sender_unit is None or sender_unit.parent_id is None:
            raise DomainError("no_unit_above", _("The bureau has no unit above it to report to."), field="unit")
        unit = sender_unit.parent
    elif (department_key or "").strip() and (unit_code or "").strip():
        raise DomainError("two_receivers", _("Send a referral to one department or one unit, not both."),
                          field="receiver")
    elif (department_key or "").strip():
        department = get_department(department_key)
    elif (unit_code or "").strip():
        unit = get_unit(unit_code)
        if sender_unit is not None and unit.id == sender_unit.id:
            raise DomainError("own_unit", _("A referral goes to another unit than your own."), field="receiver")
    else:
        raise DomainError("receiver_required", _("Choose the department or unit the referral goes to."),
                          field="receiver")
    _refuse_without_receivers(department, unit)
    measure = _referral_measure(enterprise, measure_id)
    referral = RoutedReferral(measure_id=measure.id if measure else None, kind=kind, enterprise_id=enterprise.id,
                              from_unit_id=sender_unit.id if sender_unit else None,
                              to_department_id=department.id if department else None,
                              to_unit_id=unit.id if unit else None, note=note, reply_due_on=reply_due_on,
                              sent_by_id=actor.id, sent_at=utcnow())
    referral.hazards = hazards
    db.session.add(referral)
    db.session.flush()
    receiver = unit.name if unit is not None else department.name_zh
    for hazard in hazards:
        apply_event(hazard, ESCALATED, actor, actor.role, utcnow(),
                    note=_("Referred to %(receiver)s: %(note)s", receiver=receiver, note=note) if note
                    else _("Referred to %(receiver)s", receiver=receiver))
    db.session.flush()
    return referral


def answer_referral(actor: User, referral: RoutedReferral, reply: str, take_over: bool = False,
                    now: datetime | None = None) -> RoutedReferral:
    """The receiver's answer; a report upward may be taken over (the unit above handles it from now on)."""
    if not may_answer(actor, referral):
        raise Forbidden("not_the_receiver", _("Only %(receiver)s answers this referral.",
                                              receiver=referral.receiver_name))
    if referral.replied_at is not None:
        raise Conflict("already_answered", _("This referral was answered on %(date)s.",
                                             date=referral.replied_at.date().isoformat()))
    reply = (reply or "").strip()
    if not reply:
        raise DomainError("reply_required", _("Write what was done about it."), field="reply")
    if len(reply) > NOTE_MAX:
        raise DomainError("reply_length", _("The reply has at most %(n)s characters.", n=NOTE_MAX), field="reply")
    if take_over and referral.kind != REPORT_UP:
        raise DomainError("take_over", _("Only a report upward is taken over."), field="take_over")
    now = now or utcnow()
    referral.reply, referral.replied_by_id, referral.replied_at = reply, actor.id, now
    referral.taken_over = bool(take_over)
    note = (_("Taken over by %(receiver)s: %(reply)s", receiver=referral.receiver_name, reply=reply) if take_over
            else _("Reply from %(receiver)s: %(reply)s", receiver=referral.receiver_name, reply=reply))
    for hazard in referral.hazards:
        apply_event(hazard, COMMENT, actor, _recording_role(actor), now, note=note)
    measure = referral.measure
    if measure is not None and measure.lifted_on is None and measure.served_on is not None:
        lift_measure(measure, max(office_today(), measure.served_on), reply)  # the referral decision's reply
    db.session.flush()
    return referral


def _referral_measure(enterprise, measure_id):
    """The enterprise's referral decision (a 移送 measure not yet replied to) the referral sends, or None."""
    if not measure_id:
        return None
    from safety.measures.models import Measure
    from safety.measures.vocabulary import REFERRAL as REFERRAL_MEASURE
    measure = db.session.get(Measure, int(measure_id))
    if measure is None or measure.enterprise_id != enterprise.id or measure.kind != REFERRAL_MEASURE \
            or measure.lifted_on is not None:
        raise DomainError("measure_not_a_referral", _("Choose a referral decision of this enterprise that awaits "
                                                      "its reply."), field="measure")
    return measure


def may_answer(user: User, referral: RoutedReferral) -> bool:
    """A user of the receiving department, or a supervisor or administrator of the receiving unit."""
    if referral.to_department_id is not None:
        return user.department is not None and user.department.id == referral.to_department_id
    if Role(user.role) not in (Role.SUPERVISOR, Role.ADMIN) or user.department is not None:
        return False
    own = user.unit or get_root()
    return own is not None and own.id == referral.to_unit_id


def _recording_role(user: User) -> str:
    return Role.SUPERVISOR.value if Role(user.role) is Role.ADMIN else user.role


def _hazards(enterprise, hazard_ids) -> list[Hazard]:
    ids = sorted({int(value) for value in hazard_ids or () if str(value).isdigit()})
    if not ids:
        raise DomainError("hazards_required", _("Choose the hazards the referral carries."), field="hazards")
    hazards = list(db.session.scalars(select(Hazard).where(Hazard.id.in_(ids)).order_by(Hazard.id)))
    for hazard in hazards:
        if hazard.enterprise_id != enterprise.id:
            raise DomainError("hazard_elsewhere", _("Hazard %(number)s is not one of %(name)s's.",
                                                    number=hazard.number, name=enterprise.name), field="hazards")
        if hazard.status == CLOSED:
            raise DomainError("hazard_closed", _("Hazard %(number)s is struck off already.", number=hazard.number),
                              field="hazards")
    if len(hazards) != len(ids):
        raise DomainError("hazard_unknown", _("A chosen hazard no longer exists."), field="hazards")
    return hazards


def _refuse_without_receivers(department, unit) -> None:
    """A referral to nobody would wait for ever: the receiver needs someone in the tool to answer it."""
    if department is not None:
        if not department.active:
            raise DomainError("department_inactive", _("%(name)s is no longer on the office's list of departments.",
                                                       name=department.name_zh), field="receiver")
        anyone = exists().where(user_departments.c.department_id == department.id,
                                user_departments.c.user_id == User.id, User.active.is_(True))
        if not db.session.scalar(select(anyone)):
            raise DomainError("no_receiver", _("%(name)s has no user in the tool to answer a referral: add one on "
                                               "the users page first.", name=department.name_zh), field="receiver")
        return
    if unit.parent_id is None:  # the bureau: its staff have no unit row, or the root's
        anyone = exists().where(User.role.in_((Role.SUPERVISOR.value, Role.ADMIN.value)), User.active.is_(True),
                                ~exists().where(user_units.c.user_id == User.id, user_units.c.unit_id != unit.id),
                                ~exists().where(user_departments.c.user_id == User.id))
    else:
        anyone = exists().where(user_units.c.unit_id == unit.id, user_units.c.user_id == User.id,
                                User.role == Role.SUPERVISOR.value, User.active.is_(True))
    if not db.session.scalar(select(anyone)):
        raise DomainError("no_receiver", _("%(name)s has no supervisor in the tool to answer a referral: add one "
                                           "first.", name=unit.name), field="receiver")

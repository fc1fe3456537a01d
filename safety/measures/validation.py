"""Reading a measure as the office types it, and refusing what it cannot be: every wrong field named at once."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from safety.common.errors import DomainError
from safety.common.parsing import parse_iso_date
from safety.common.text import required_text
from safety.enterprises.validation import InvalidFields
from safety.measures.vocabulary import FINE, KINDS, REFERRAL

DECISION_NUMBER_MAX = 64
LEGAL_BASIS_MAX = 2000
SUBJECT_MAX = 300
DEPARTMENT_MAX = 200
NOTE_MAX = 2000
# 罚款 under the Work Safety Law reaches 1亿元 for the gravest accidents; more is a typing slip.
FINE_MAX_YUAN = 100_000_000
_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class MeasureInput:
    """A measure as recorded or edited: everything but its lifting."""

    kind: str
    decision_number: str
    legal_basis: str
    decided_on: date
    served_on: date | None = None
    subject: str = ""
    fine_yuan: int | None = None
    department: str = ""  # referrals only
    reply_due_on: date | None = None  # referrals only


def parse_measure(values: Mapping, today: date) -> MeasureInput:
    """The measure in ``values`` (text or dates as a form gives them); InvalidFields naming every wrong field."""
    errors: list[DomainError] = []

    def check(read):
        try:
            return read()
        except DomainError as error:
            errors.append(error)
            return None

    kind = check(lambda: _kind(values.get("kind")))
    decision_number = check(lambda: required_text(
        values.get("decision_number"), field="decision_number", max_length=DECISION_NUMBER_MAX,
        missing=_("Give the decision's number (文号)."),
        too_long=_("The decision number is longer than %(max)s characters.", max=DECISION_NUMBER_MAX)))
    legal_basis = check(lambda: required_text(
        values.get("legal_basis"), field="legal_basis", max_length=LEGAL_BASIS_MAX,
        missing=_("Give the legal basis of the measure."),
        too_long=_("The legal basis is longer than %(max)s characters.", max=LEGAL_BASIS_MAX)))
    subject = check(lambda: _optional_text(values.get("subject"), "subject", SUBJECT_MAX))
    decided_on = check(lambda: _day(values.get("decided_on"), "decided_on", today, required=True))
    served_on = check(lambda: _day(values.get("served_on"), "served_on", today))
    # Which further fields a measure takes depends on its type: without one, they wait for it.
    fine_yuan = check(lambda: _fine(values.get("fine_yuan"), kind)) if kind else None
    department = check(lambda: _department(values.get("department"), kind)) if kind else ""
    reply_due_on = check(lambda: _reply_due(values.get("reply_due_on"), kind)) if kind else None
    if decided_on and served_on and served_on < decided_on:
        errors.append(DomainError("served_before_decided", _(
            "A measure cannot be served before it was decided (%(date)s).", date=decided_on.isoformat()),
            field="served_on"))
    if decided_on and reply_due_on and reply_due_on < decided_on:
        errors.append(DomainError("reply_due_before_decided", _(
            "The reply cannot be due before the referral was decided (%(date)s).", date=decided_on.isoformat()),
            field="reply_due_on"))
    if errors:
        raise InvalidFields(errors)
    return MeasureInput(kind=kind, decision_number=decision_number, legal_basis=legal_basis, decided_on=decided_on,
                        served_on=served_on, subject=subject, fine_yuan=fine_yuan, department=department,
                        reply_due_on=reply_due_on)


def parse_day(raw, field: str, today: date, *, required: bool = True) -> date | None:
    """A date typed on a form (``YYYY-MM-DD`` or a date), not after ``today``."""
    return _day(raw, field, today, required=required)


def parse_note(raw, *, required: bool, missing: str) -> str:
    if required:
        return required_text(raw, field="note", max_length=NOTE_MAX, missing=missing,
                             too_long=_("The note is longer than %(max)s characters.", max=NOTE_MAX))
    return _optional_text(raw, "note", NOTE_MAX)


def _kind(raw) -> str:
    if raw not in KINDS:
        raise DomainError("kind_unknown", _("Choose the type of measure."), field="kind")
    return raw


def _optional_text(raw, field: str, max_length: int) -> str:
    text = (raw or "").strip()
    if len(text) > max_length:
        raise DomainError(f"{field}_too_long", _("This is longer than %(max)s characters.", max=max_length),
                          field=field)
    return text


def _day(raw, field: str, today: date, *, required: bool = False) -> date | None:
    if raw in (None, ""):
        if required:
            raise DomainError(f"{field}_required", _("Give the date."), field=field)
        return None
    day = raw if isinstance(raw, date) else parse_iso_date(str(raw).strip())
    if day is None:
        raise DomainError(f"{field}_invalid", _("Write the date as YYYY-MM-DD."), field=field)
    if day > today:
        raise DomainError(f"{field}_in_future", _("The date %(date)s is still to come.", date=day.isoformat()),
                          field=field)
    return day


def _fine(raw, kind: str | None) -> int | None:
    text = str(raw if raw is not None else "").strip().replace("，", ",")
    if kind != FINE:
        if text:
            raise DomainError("amount_not_for_kind", _("Only a fine has an amount: choose Fine, or leave the amount "
                                                       "empty."), field="fine_yuan")
        return None
    if not text:
        raise DomainError("fine_amount_required", _("A fine needs its amount in yuan."), field="fine_yuan")
    if not _AMOUNT.match(text):
        raise DomainError("fine_amount_invalid", _("Write the amount in whole yuan, e.g. 30000."), field="fine_yuan")
    amount = int(text.replace(",", ""))
    if not 0 < amount <= FINE_MAX_YUAN:
        raise DomainError("fine_amount_out_of_range", _("A fine is more than 0 and at most %(max)s yuan.",
                                                        max=f"{FINE_MAX_YUAN:,}"), field="fine_yuan")
    return amount


def _department(raw, kind: str | None) -> str:
    text = (raw or "").strip()
    if kind != REFERRAL:
        if text:
            raise DomainError("department_not_for_kind", _("Only a referral names a receiving department."),
                              field="department")
        return ""
    return required_text(text, field="department", max_length=DEPARTMENT_MAX,
                         missing=_("Name the department the case is referred to."),
                         too_long=_("The department's name is longer than %(max)s characters.", max=DEPARTMENT_MAX))


def _reply_due(raw, kind: str | None) -> date | None:
    if kind != REFERRAL:
        if raw not in (None, ""):
            raise DomainError("reply_due_not_for_kind", _("Only a referral expects a reply."), field="reply_due_on")
        return None
    if raw in (None, ""):
        raise DomainError("reply_due_on_required", _("Give the date the department's reply is expected by."),
                          field="reply_due_on")
    day = raw if isinstance(raw, date) else parse_iso_date(str(raw).strip())
    if day is None:
        raise DomainError("reply_due_on_invalid", _("Write the date as YYYY-MM-DD."), field="reply_due_on")
    return day

"""Forms of the hazard ledger: its filters (read from the query string) and the office's actions on a hazard."""
from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from safety.common.office_time import office_now
from safety.enterprises.sectors import sector_labels
from safety.hazards.ledger import DEFAULT_SORT, SORT_KEYS, LedgerFilters
from safety.hazards.lifecycle import transition
from safety.hazards.vocabulary import (
    COMMENT, ESCALATED, LEVEL_LABELS, LEVELS, MAJOR, PLAN_SET, REOPENED, STATUS_LABELS, STATUSES, VERIFIED,
)
from safety.users.models import Grid

ANY = SelectChoice("", _l("All"))
SORT_LABELS = {
    "found": (_l("Found, oldest first"), _l("Found, newest first")),
    "deadline": (_l("Deadline, earliest first"), _l("Deadline, latest first")),
    "enterprise": (_l("Enterprise, A to Z"), _l("Enterprise, Z to A")),
    "status": (_l("Status, open first"), _l("Status, closed first")),
    "level": (_l("Level, general first"), _l("Level, major first")),
}
SORT_CHOICES = [SelectChoice(prefix + key, SORT_LABELS[key][n]) for key in SORT_KEYS
                for n, prefix in enumerate(("", "-"))]
NOTE_MAX = 2000


class FilterChoiceField(SelectField):
    """A select whose unknown value says which value it was, so a mistyped bookmark is explained."""

    def pre_validate(self, form):
        if self.data and self.data not in {choice[0] for choice in self.iter_choices()}:
            raise ValidationError(_("“%(value)s” is not one of the choices.", value=str(self.data)[:40]))


class IsoDateField(DateField):
    """A date typed or bookmarked by hand; a malformed one names the expected form."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Enter the date as YYYY-MM-DD (“%(value)s” is not a date).",
                               value=" ".join(valuelist)[:40])) from None


class LedgerFilterForm(FlaskForm):
    """The ledger's filters (a GET form: no CSRF token, so a view can be bookmarked and shared)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Enterprise"), validators=[Optional(), Length(max=100)],
                    render_kw={"placeholder": _l("Name, code or hazard number")})
    status = FilterChoiceField(_l("Status"), choices=[ANY] + [SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES])
    level = FilterChoiceField(_l("Level"), choices=[ANY] + [SelectChoice(k, LEVEL_LABELS[k]) for k in LEVELS])
    sector = FilterChoiceField(_l("Sector"), choices=[ANY])  # the office's sectors, when the form is made
    grid = FilterChoiceField(_l("Grid"), choices=[ANY])
    overdue = BooleanField(_l("Overdue"))
    escalated = BooleanField(_l("Escalated or due for escalation"))
    recurring = BooleanField(_l("Recurring"))
    found_from = IsoDateField(_l("Found from"), validators=[Optional()])
    found_to = IsoDateField(_l("Found until"), validators=[Optional()])
    deadline_from = IsoDateField(_l("Deadline from"), validators=[Optional()])
    deadline_to = IsoDateField(_l("Deadline until"), validators=[Optional()])
    sort = FilterChoiceField(_l("Sort"), choices=SORT_CHOICES, default=DEFAULT_SORT)

    def validate_found_to(self, field):
        _check_range(self.found_from, field)

    def validate_deadline_to(self, field):
        _check_range(self.deadline_from, field)

    def filters(self) -> LedgerFilters:
        """The filters of the fields that are valid; a field with an error filters nothing."""
        return LedgerFilters.from_values({name: field.data for name, field in self._fields.items()
                                          if not field.errors})


def _check_range(start, end) -> None:
    if start.data and end.data and not start.errors and end.data < start.data:
        raise ValidationError(_("The end of the range is before its start."))


def ledger_filter_form(args, grids: list[Grid]) -> LedgerFilterForm:
    """The filter form read from ``args`` and checked, offering ``grids``."""
    form = LedgerFilterForm(formdata=args)
    form.sector.choices = [ANY] + [SelectChoice(k, v) for k, v in sector_labels().items()]
    form.grid.choices = [ANY] + [SelectChoice(grid.code, grid.label) for grid in grids]
    if args:
        form.validate()
    return form


class HazardActionForm(FlaskForm):
    """A supervisor's action on one hazard; ``event_data`` is the hazard event document it records."""

    event_type: str = ""
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])

    def event_data(self, now: datetime | None = None) -> dict:
        """The event document (the same shape a phone sends) with this form's values.

        Its time is the office's local time: a deadline is checked against the event's own day.
        """
        now = now or office_now()
        return {"uuid": str(uuid_module.uuid4()), "type": self.event_type, "at": now.isoformat(),
                "note": (self.note.data or "").strip(), "photos": [], **self.extra_data()}

    def extra_data(self) -> dict:
        return {}


class VerifyForm(HazardActionForm):
    """验收销号: the third signature of a major hazard's closure chain."""

    event_type = VERIFIED
    signed_by = StringField(_l("Accepted by (name)"), validators=[Optional(), Length(max=100)])

    def extra_data(self) -> dict:
        return {"signed_by": (self.signed_by.data or "").strip()}


class NoteRequiredForm(HazardActionForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(_l("Say why in a note.")), Length(max=NOTE_MAX)])


class ReopenForm(NoteRequiredForm):
    event_type = REOPENED


class EscalateForm(NoteRequiredForm):
    """移送有关部门处理: the note says to whom and why."""

    event_type = ESCALATED


class CommentForm(NoteRequiredForm):
    event_type = COMMENT
    note = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write the comment.")), Length(max=NOTE_MAX)])


class PlanForm(HazardActionForm):
    """三定 (who, how, by when); for a major hazard also 五落实 (funds, emergency plan) and 挂牌督办."""

    event_type = PLAN_SET
    responsible_person = StringField(_l("Responsible person"), validators=[Optional(), Length(max=100)])
    measures = TextAreaField(_l("Measures"), validators=[Optional(), Length(max=NOTE_MAX)])
    deadline = IsoDateField(_l("Deadline"), validators=[Optional()])
    funds = StringField(_l("Funds"), validators=[Optional(), Length(max=200)])
    emergency_plan = TextAreaField(_l("Emergency plan"), validators=[Optional(), Length(max=NOTE_MAX)])
    supervising_unit = StringField(_l("Supervising unit"), validators=[Optional(), Length(max=200)])
    supervision_deadline = IsoDateField(_l("Supervision deadline"), validators=[Optional()])

    PLAN_FIELDS = ("responsible_person", "measures", "deadline")
    MAJOR_FIELDS = ("funds", "emergency_plan", "supervising_unit", "supervision_deadline")
    major = False  # set by action_form: only a major hazard carries 五落实 and 挂牌督办

    def extra_data(self) -> dict:
        # A date left empty is not sent: the event keeps the hazard's date rather than erasing it.
        data = {}
        for name in self.PLAN_FIELDS + (self.MAJOR_FIELDS if self.major else ()):
            value = self._fields[name].data
            if isinstance(value, date):
                data[name] = value.isoformat()
            elif isinstance(value, str):
                data[name] = value.strip()
        return data


# The office's actions in the order the hazard page offers them.
ACTION_FORMS = {"verify": VerifyForm, "plan": PlanForm, "escalate": EscalateForm, "reopen": ReopenForm,
                "comment": CommentForm}


def action_form(action: str, hazard, submitted: bool = False) -> HazardActionForm:
    """The form of ``action`` for ``hazard``: read from the request when ``submitted``, else filled from
    the hazard (the plan) or empty. Field ids carry the action, as one page shows several of these forms."""
    form_class = ACTION_FORMS[action]
    source = {} if submitted else {"formdata": None}  # Flask-WTF reads the request's form by default
    form = form_class(obj=hazard if form_class is PlanForm else None, **source)
    form.major = hazard.level == MAJOR
    for field in form:
        field.id = field.label.field_id = f"{action}-{field.name}"
    return form


def allowed_actions(hazard, role: str) -> list[str]:
    """The actions the life-cycle table lets ``role`` take on ``hazard`` as it stands: the page offers
    only these, and the role and the table are checked again when one is recorded."""
    return [action for action, form_class in ACTION_FORMS.items()
            if transition(hazard.status, hazard.level, form_class.event_type, role)[0] is not None]

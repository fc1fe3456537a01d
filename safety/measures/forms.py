"""Forms of the measures pages: the list's filters, a measure, its service, its lifting, and the office's switch.

Dates are typed as text (a date input sends YYYY-MM-DD), so the domain reads every field of a measure at once
and names each wrong one; the forms only carry what was typed.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from safety.common.office_time import office_day
from safety.hazards.forms import FilterChoiceField, IsoDateField, _check_range
from safety.measures.queries import MeasureFilters
from safety.measures.vocabulary import (GROUP_LABELS, GROUPS, KIND_GROUP, KIND_LABELS, KINDS, STATUS_LABELS,
                                        STATUSES)

ANY = SelectChoice("", _l("All"))
DATE_INPUT = {"type": "date"}


def kind_choices(kinds) -> list[SelectChoice]:
    """The types offered, grouped as the office reports them (现场处理措施, 行政处罚…)."""
    return [SelectChoice(kind, KIND_LABELS[kind], optgroup=str(GROUP_LABELS[KIND_GROUP[kind]])) for kind in kinds]


class MeasureFilterForm(FlaskForm):
    """The list's filters (a GET form: no CSRF token, so a filtered list can be bookmarked)."""

    class Meta:
        csrf = False

    kind = FilterChoiceField(_l("Type"), choices=[ANY] + [SelectChoice(group, GROUP_LABELS[group]) for group in GROUPS]
                             + [SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS])
    status = FilterChoiceField(_l("Status"), choices=[ANY] + [SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES])
    decided_from = IsoDateField(_l("Decided from"), validators=[Optional()])
    decided_to = IsoDateField(_l("Decided until"), validators=[Optional()])
    reply_overdue = BooleanField(_l("Referral reply overdue"))

    def validate_decided_to(self, field):
        _check_range(self.decided_from, field)

    def filters(self) -> MeasureFilters:
        """The filters of the fields that are valid; a field with an error filters nothing."""
        return MeasureFilters.from_values({name: field.data for name, field in self._fields.items()
                                           if not field.errors})


def filter_form(args) -> MeasureFilterForm:
    form = MeasureFilterForm(formdata=args)
    if args:
        form.validate()
    return form


class MeasureForm(FlaskForm):
    # The domain says why a type is refused (switched off for the office), not a bare "not a valid choice".
    kind = SelectField(_l("Type of measure"), choices=[], validate_choice=False)
    decision_number = StringField(_l("Decision number"), render_kw={"placeholder": "园应急罚〔2026〕12号"})
    legal_basis = TextAreaField(_l("Legal grounds"), render_kw={"rows": 2})
    subject = StringField(_l("Applies to"), render_kw={"placeholder": _l("The equipment, area or goods concerned")})
    fine_yuan = StringField(_l("Fine (yuan)"), render_kw={"inputmode": "numeric"})
    decided_on = StringField(_l("Decided on"), render_kw=DATE_INPUT)
    served_on = StringField(_l("Served on"), render_kw=DATE_INPUT)
    department = StringField(_l("Receiving department"), render_kw={"placeholder": _l("e.g. 区市场监督管理局")})
    reply_due_on = StringField(_l("Reply expected by"), render_kw=DATE_INPUT)
    hazard = HiddenField()  # the UUID of the hazard an on-site measure was ordered for on the phone

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "hazard")}


def measure_form(kinds, measure=None, hazard=None) -> MeasureForm:
    """The form for a new measure (offering ``kinds``), filled from the on-site measure ordered on the phone for
    ``hazard`` when given, or filled from ``measure`` to correct it."""
    if hazard is not None:
        ordered, day = hazard.onsite_measure, office_day(hazard.found_at).isoformat()
        # Ordered and served on the spot, with the decision the phone issued: the office adds its number.
        form = MeasureForm(data={"kind": ordered.get("measure"), "subject": ordered.get("place", ""),
                                 "legal_basis": ordered.get("legal_basis", ""), "decided_on": day, "served_on": day,
                                 "hazard": hazard.uuid})
    elif measure is None:
        form = MeasureForm()
    else:
        referral = measure.referral
        form = MeasureForm(data={
            "kind": measure.kind, "decision_number": measure.decision_number, "legal_basis": measure.legal_basis,
            "subject": measure.subject, "fine_yuan": str(measure.fine_yuan or ""),
            "decided_on": measure.decided_on.isoformat(),
            "served_on": measure.served_on.isoformat() if measure.served_on else "",
            "department": referral.department if referral else "",
            "reply_due_on": referral.reply_due_on.isoformat() if referral else ""})
        if measure.kind not in kinds:  # recorded before the office lost its penalty powers
            kinds = [*kinds, measure.kind]
    form.kind.choices = kind_choices(kinds)
    return form


class ServeForm(FlaskForm):
    served_on = StringField(_l("Served on"), render_kw=DATE_INPUT)


class LiftForm(FlaskForm):
    lifted_on = StringField(_l("Lifted on"), render_kw=DATE_INPUT)
    note = TextAreaField(_l("Note"), render_kw={"rows": 2})

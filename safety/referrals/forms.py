"""Forms of the referral pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from safety.users.forms import MultiCheckboxField


class ReferralForm(FlaskForm):
    hazards = MultiCheckboxField(_l("Hazards it carries"), choices=[], render_kw={"class": "checks"})
    receiver = SelectField(_l("Receiver"), choices=[], default="")  # "department:<key>" or "unit:<code>"
    reply_due_on = DateField(_l("Reply expected by"), validators=[Optional()])
    note = TextAreaField(_l("Reason and what is asked"), validators=[Length(max=2000)])
    measure = SelectField(_l("Referral decision"), choices=[], default="")  # a 移送 measure awaiting its reply


def receiver_choices(departments, units, own_unit) -> list[SelectChoice]:
    """The departments, then the other units, as "department:<key>" and "unit:<code>"."""
    from safety.units.departments import department_name
    return ([SelectChoice("", "—")]
            + [SelectChoice(f"department:{d.key}", department_name(d)) for d in departments if d.active]
            + [SelectChoice(f"unit:{u.code}", "　" * u.depth + u.name) for u in units
               if own_unit is None or u.id != own_unit.id])


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Reply"), validators=[Length(max=2000)])
    take_over = BooleanField(_l("We take it over"))

"""Forms of the units pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from safety.units.tree import list_units
from safety.units.vocabulary import UNIT_KINDS

KIND_CHOICES = [SelectChoice(key, label) for key, label in UNIT_KINDS.items()]


class UnitForm(FlaskForm):
    code = StringField(_l("Code"), validators=[Optional(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, default="town")
    parent = SelectField(_l("Parent unit"), choices=[])
    delegated_classes = StringField(_l("Delegated enforcement for classes"), validators=[Length(max=8)])


def unit_form(unit=None) -> UnitForm:
    """The new-unit form, or the edit form filled from ``unit``; the parents offered are every other unit."""
    data = None if unit is None else {"code": unit.code, "name": unit.name, "kind": unit.kind,
                                      "parent": unit.parent.code if unit.parent_id else "",
                                      "delegated_classes": unit.delegated_classes}
    form = UnitForm(data=data)
    form.parent.choices = [SelectChoice(other.code, "　" * other.depth + other.label) for other in list_units()
                           if unit is None or other.id != unit.id]
    if unit is not None and unit.parent_id is None:
        form.parent.choices = [SelectChoice("", "—")]
    return form


class DepartmentForm(FlaskForm):
    key = StringField(_l("Key"), validators=[DataRequired(), Length(max=32)])
    name_zh = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[DataRequired(), Length(max=100)])

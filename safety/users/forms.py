"""Forms of the users and grids pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from safety.navigation import ROLE_LABELS
from safety.users.models import Role

ROLE_CHOICES = [SelectChoice(role.value, ROLE_LABELS[role.value]) for role in
                (Role.INSPECTOR, Role.SUPERVISOR, Role.ENTERPRISE, Role.ADMIN)]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes: easier than a multi-select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _ScopeFields(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)])
    certificate_number = StringField(_l("Enforcement certificate number"), validators=[Optional(), Length(max=40)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])
    unit = SelectField(_l("Unit"), choices=[], default="")  # the units of the tree, when the form is made
    grids = MultiCheckboxField(_l("Grids"), choices=[], render_kw={"class": "checks"})
    enterprise = StringField(_l("Enterprise code"), validators=[Optional(), Length(max=32)])


class UserCreateForm(_ScopeFields):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired()])
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class UserEditForm(_ScopeFields):
    @classmethod
    def for_user(cls, user) -> "UserEditForm":
        """The form filled with ``user``'s values (the submitted ones on POST)."""
        return cls(data={"display_name": user.display_name, "phone": user.phone or "", "role": user.role,
                         "certificate_number": user.certificate_number or "",
                         "grids": [grid.code for grid in user.grids],
                         "unit": user.unit.code if user.unit else "",
                         "enterprise": user.enterprise.code if user.enterprise else ""})


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class UserFilterForm(FlaskForm):
    """The list's search and filters, read from the query string."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField(_l("Search"))
    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("All roles"))] + ROLE_CHOICES)
    grid = SelectField(_l("Grid"), choices=[])
    active = SelectField(_l("Status"), choices=[SelectChoice("", _l("Active and deactivated")),
                                               SelectChoice("yes", _l("Active")),
                                               SelectChoice("no", _l("Deactivated"))])


class GridCreateForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    unit = SelectField(_l("Unit"), choices=[], default="")


class GridEditForm(FlaskForm):
    # Read-only on the page once the grid is in use; the operation refuses a change then.
    code = StringField(_l("Code"), validators=[Optional(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    unit = SelectField(_l("Unit"), choices=[], default="")

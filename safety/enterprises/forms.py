"""Forms of the enterprise pages: the list's filters, create and edit, and the import upload."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SearchField, SelectField, StringField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from safety.enterprises.models import STATUSES, SUPERVISION_CLASSES, Enterprise
from safety.enterprises.sectors import sector_choices, sector_labels
from safety.enterprises.statuses import STATUS_LABELS
from safety.enterprises.validation import ADDRESS_MAX, CONTACT_MAX, NAME_MAX, PHONE_MAX
from safety.units.departments import department_name
from safety.units.tree import list_departments
from safety.users.models import Grid

ANY = SelectChoice("", _l("All"))
CLASS_CHOICES = [SelectChoice(letter) for letter in SUPERVISION_CLASSES]
NO_GRID = SelectChoice("", _l("No grid"))
STATUS_CHOICES = [SelectChoice(key, STATUS_LABELS[key]) for key in STATUSES]


class EnterpriseFilterForm(FlaskForm):
    """The list's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), render_kw={"placeholder": _l("Name, code or credit code")})
    sector = SelectField(_l("Sector"), choices=[ANY])  # the office's sectors, when the form is made
    grid = SelectField(_l("Grid"), choices=[ANY])
    supervision_class = SelectField(_l("Supervision class"), choices=[ANY] + CLASS_CHOICES)
    status = SelectField(_l("Status"), choices=[ANY] + STATUS_CHOICES)


def filter_form(args, grids: list[Grid]) -> EnterpriseFilterForm:
    """The filter form filled from ``args``, offering ``grids``."""
    form = EnterpriseFilterForm(formdata=args)
    form.sector.choices = [ANY] + [SelectChoice(key, label) for key, label in sector_labels().items()]
    form.grid.choices = [ANY] + _grid_choices(grids)
    return form


class EnterpriseForm(FlaskForm):
    """The fields an admin edits. Their precise checks (credit code, phone, sector) are the operations'."""

    name = StringField(_l("Enterprise name"), validators=[DataRequired(_l("The enterprise name is required.")),
                                                          Length(max=NAME_MAX)])
    uscc = StringField(_l("Unified social credit code"),
                       validators=[DataRequired(_l("The unified social credit code is required."))])
    sector = SelectField(_l("Sector"), choices=[])  # the active sectors, when the form is made
    supervision_class = SelectField(_l("Supervision class"), choices=CLASS_CHOICES, default="C")
    grid = SelectField(_l("Grid"), choices=[NO_GRID])
    department = SelectField(_l("Industry department"), choices=[], default="")  # 行业主管部门, the office's list
    contact_person = StringField(_l("Contact person"), validators=[Length(max=CONTACT_MAX)])
    contact_phone = TelField(_l("Contact phone"), validators=[Length(max=PHONE_MAX)])
    address = StringField(_l("Address"), validators=[Length(max=ADDRESS_MAX)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="active")

    def enterprise_data(self) -> dict:
        """The submitted values, keyed as the operations expect them."""
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class NewEnterpriseForm(EnterpriseForm):
    code = StringField(_l("Enterprise code"), validators=[Length(max=32)])


def enterprise_form(grids: list[Grid], enterprise: Enterprise | None = None) -> EnterpriseForm:
    """The create form (with the optional code), or the edit form filled from ``enterprise``."""
    if enterprise is None:
        form = NewEnterpriseForm()
    else:
        form = EnterpriseForm(data={
            "name": enterprise.name, "uscc": enterprise.uscc, "sector": enterprise.sector,
            "supervision_class": enterprise.supervision_class, "grid": enterprise.grid.code if enterprise.grid else "",
            "contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone,
            "address": enterprise.address, "status": enterprise.status,
            "department": enterprise.department.key if enterprise.department else "",
        })
    form.grid.choices = [NO_GRID] + _grid_choices(grids)
    form.department.choices = [SelectChoice("", _l("None"))] + [
        SelectChoice(department.key, department_name(department)) for department in list_departments()
        if department.active or (enterprise is not None and enterprise.department is department)]
    form.sector.choices = [SelectChoice(key, label) for key, label in
                           sector_choices(enterprise.sector if enterprise is not None else None)]
    return form


def _grid_choices(grids: list[Grid]) -> list[SelectChoice]:
    return [SelectChoice(grid.code, grid.label) for grid in grids]


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV or Excel file"), validators=[FileRequired(_l("Choose a file to import."))])


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])

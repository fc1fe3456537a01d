"""Forms of the checklist pages (Flask-WTF: validation and CSRF)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from safety.checklists.models import ANSWER_KINDS
from safety.checklists.topics import TOPICS

KIND_LABELS = {
    "pass_fail": _l("Pass / fail / not applicable"),
    "number": _l("Number"),
    "text": _l("Text"),
}


class TemplateForm(FlaskForm):
    name = StringField(_l("Checklist name"), validators=[DataRequired(message=_l("Give the checklist a name.")),
                                               Length(max=200)])
    # Choices are checked by AnyOf rather than by the field, so the message is ours and shows at the field.
    topic = SelectField(_l("Topic"), choices=[SelectChoice(key, label) for key, label in TOPICS.items()],
                        validate_choice=False,
                        validators=[AnyOf(list(TOPICS), message=_l("Choose one of the topics."))])
    description = TextAreaField(_l("Description"))


class SectionForm(FlaskForm):
    title = StringField(_l("Section title"),
                        validators=[DataRequired(message=_l("Give the section a title.")), Length(max=200)])


class ItemForm(FlaskForm):
    prompt = TextAreaField(_l("What to check"),
                           validators=[DataRequired(message=_l("Write what the inspector is to check."))])
    guidance = TextAreaField(_l("Guidance for the inspector"))
    basis = TextAreaField(_l("Legal basis"))
    kind = SelectField(_l("Answer"), choices=[SelectChoice(key, label) for key, label in KIND_LABELS.items()],
                       default="pass_fail", validate_choice=False,
                       validators=[AnyOf(list(ANSWER_KINDS), message=_l("Choose one of the answer kinds."))])
    photo_required_on_fail = BooleanField(_l("A photo is required when the item fails"), default=True)
    # Text, not DecimalField: the domain's messages say which limit is wrong and why (safety.checklists.operations).
    min_value = StringField(_l("Lower limit"))
    max_value = StringField(_l("Upper limit"))
    unit = StringField(_l("Unit"), validators=[Length(max=20)])
    finding = TextAreaField(_l("Finding when the item fails"))

    def show_limits_of(self, item) -> None:
        """Show an item's limits as an editor types them: 25, not 25.0."""
        for field, value in ((self.min_value, item.min_value), (self.max_value, item.max_value)):
            field.data = "" if value is None else f"{value:g}"


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ConfirmForm(FlaskForm):
    """A button that changes state and needs nothing but its CSRF token (delete, deactivate)."""

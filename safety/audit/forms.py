"""The audit log's filters, read from the query string."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from safety.audit.queries import COMMAND_LINE, AuditFilters
from safety.audit.wording import ACTION_LABELS, TARGET_LABELS
from safety.hazards.forms import FilterChoiceField, IsoDateField

ANY = SelectChoice("", _l("All"))


class AuditFilterForm(FlaskForm):
    """The log's filters (a GET form without CSRF token, so a view can be bookmarked and shared)."""

    class Meta:
        csrf = False

    actor = FilterChoiceField(_l("Who"), choices=[ANY])
    action = FilterChoiceField(_l("What"), choices=[ANY] + [SelectChoice(k, v) for k, v in ACTION_LABELS.items()])
    target = FilterChoiceField(_l("Records"), choices=[ANY] + [SelectChoice(k, v) for k, v in TARGET_LABELS.items()])
    key = HiddenField(validators=[Optional(), Length(max=64)])
    since = IsoDateField(_l("From"), validators=[Optional()])
    until = IsoDateField(_l("Until"), validators=[Optional()])

    def validate_until(self, field):
        if self.since.data and field.data and not self.since.errors and field.data < self.since.data:
            raise ValidationError(_("The end of the range is before its start."))

    def filters(self) -> AuditFilters:
        """The filters of the fields that are valid; a field with an error filters nothing."""
        return AuditFilters.from_values({name: field.data for name, field in self._fields.items()
                                         if not field.errors})


def audit_filter_form(args, actors: list[tuple[int, str]]) -> AuditFilterForm:
    """The filter form read from ``args`` and checked, offering the actors found in the log."""
    form = AuditFilterForm(formdata=args)
    form.actor.choices = ([ANY, SelectChoice(COMMAND_LINE, _("Command line"))]
                          + [SelectChoice(str(user_id), name) for user_id, name in actors])
    if args:
        form.validate()
    return form

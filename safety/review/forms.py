"""Forms of the review queue: its filters (read from the query string) and the reviewer's verdicts."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from safety.enterprises.sectors import sector_labels
from safety.hazards.forms import FilterChoiceField, IsoDateField
from safety.inspections.vocabulary import KIND_LABELS, KINDS, REVIEW_STATE_LABELS
from safety.review.operations import COMMENT_MAX
from safety.review.queue import ALL_STATES, DEFAULT_STATE, FILTER_STATES, QueueFilters
from safety.users.models import Grid

ANY = SelectChoice("", _l("All"))


class QueueFilterForm(FlaskForm):
    """The queue's filters (a GET form without CSRF token, so a view can be bookmarked and shared)."""

    class Meta:
        csrf = False

    state = FilterChoiceField(_l("Review state"), default=DEFAULT_STATE,
                              choices=[SelectChoice(key, REVIEW_STATE_LABELS[key]) for key in FILTER_STATES]
                              + [SelectChoice(ALL_STATES, _l("All (latest revisions)"))])
    grid = FilterChoiceField(_l("Grid"), choices=[ANY])
    sector = FilterChoiceField(_l("Sector"), choices=[ANY])  # the office's sectors, when the form is made
    inspector = FilterChoiceField(_l("Inspector"), choices=[ANY])
    kind = FilterChoiceField(_l("Kind"), choices=[ANY] + [SelectChoice(k, KIND_LABELS[k]) for k in KINDS])
    major = BooleanField(_l("Found a major hazard"))
    finished_from = IsoDateField(_l("Finished from"), validators=[Optional()])
    finished_to = IsoDateField(_l("Finished until"), validators=[Optional()])

    def validate_finished_to(self, field):
        start = self.finished_from
        if start.data and field.data and not start.errors and field.data < start.data:
            raise ValidationError(_("The end of the range is before its start."))

    def filters(self) -> QueueFilters:
        """The filters of the fields that are valid; a field with an error filters nothing."""
        return QueueFilters.from_values({name: field.data for name, field in self._fields.items()
                                         if not field.errors})


def queue_filter_form(args, grids: list[Grid], inspectors: list[tuple[str, str]]) -> QueueFilterForm:
    """The filter form read from ``args`` and checked, offering ``grids`` and ``inspectors``."""
    form = QueueFilterForm(formdata=args)
    form.sector.choices = [ANY] + [SelectChoice(k, v) for k, v in sector_labels().items()]
    form.grid.choices = [ANY] + [SelectChoice(grid.code, grid.label) for grid in grids]
    form.inspector.choices = [ANY] + [SelectChoice(username, name or username) for username, name in inspectors]
    if args:
        form.validate()
    return form


class ApproveForm(FlaskForm):
    """Approve: nothing to fill in but the CSRF token."""


class ReturnForm(FlaskForm):
    """Return to the inspector; the comment is required (the domain says so, with its code)."""

    comment = TextAreaField(_l("What should be amended"), validators=[Optional(), Length(max=COMMENT_MAX)],
                            render_kw={"rows": 3, "required": True})

"""Forms of the campaign pages: the campaign, a task by hand and the changes to one, the verdict on an
enterprise, and the draw.

Each form hands the operations the same document the API parses (:mod:`safety.campaigns.validation`), so
a campaign typed in the back office and one loaded from a provincial platform meet the same checks.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField, \
    TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from safety.campaigns.models import Campaign
from safety.campaigns.rules import scope_criteria
from safety.campaigns.validation import (BASIS_NUMBER_MAX, BASIS_TITLE_MAX, NAME_MAX, NOTE_MAX, REASON_MAX,
                                         SEED_PATTERN, TEAM_SIZE_MAX)
from safety.campaigns.vocabulary import CAMPAIGN_KIND_LABELS, OUTCOME_LABELS
from safety.enterprises.models import SUPERVISION_CLASSES
from safety.enterprises.sectors import list_sectors, name_of
from safety.hazards.forms import IsoDateField
from safety.users.forms import MultiCheckboxField

KIND_CHOICES = [SelectChoice(key, label) for key, label in CAMPAIGN_KIND_LABELS.items()]
OUTCOME_CHOICES = [SelectChoice(key, label) for key, label in OUTCOME_LABELS.items()]
# Codes as offices paste them from a spreadsheet or a document: one a line, or between commas or spaces.
CODE_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_codes(text: str | None) -> list[str]:
    return [code for code in CODE_SEPARATORS.split(text or "") if code]


class CampaignForm(FlaskForm):
    """A campaign's fields; the scope's grids and the checklists are offered by the view."""

    code = StringField(_l("Campaign code"), validators=[DataRequired(_l("The campaign code is required.")),
                                                        Length(max=32)])
    name = StringField(_l("Campaign name"), validators=[DataRequired(_l("The campaign's name is required.")),
                                               Length(max=NAME_MAX)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    basis_number = StringField(_l("Document number"), validators=[Length(max=BASIS_NUMBER_MAX)])
    basis_title = StringField(_l("Document title"), validators=[Length(max=BASIS_TITLE_MAX)])
    starts_on = IsoDateField(_l("Starts on"), validators=[InputRequired(_l("Give the first day of the period."))])
    ends_on = IsoDateField(_l("Ends on"), validators=[InputRequired(_l("Give the last day of the period."))])
    sectors = MultiCheckboxField(_l("Sectors"), choices=[],  # the office's sectors, when the form is made
                                 render_kw={"class": "checks"})
    # Checked by the operations, which say which grid is unknown or outside the user's jurisdiction.
    grids = MultiCheckboxField(_l("Grids"), choices=[], validate_choice=False, render_kw={"class": "checks"})
    classes = MultiCheckboxField(_l("Supervision classes"), choices=[SelectChoice(c) for c in SUPERVISION_CLASSES],
                                 render_kw={"class": "checks"})
    enterprises = TextAreaField(_l("Listed enterprises"), render_kw={"rows": 3, "autocapitalize": "characters"})
    template_ids = MultiCheckboxField(_l("Checklists"), coerce=int, choices=[], render_kw={"class": "checks"})
    enforcement = BooleanField(_l("Enforcement check: every task needs two inspectors or more"))
    # The user's unit and those below it, offered by the view; checked by the operations.
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_("The period cannot end before it starts: %(end)s is before %(start)s.",
                                    end=field.data.isoformat(), start=self.starts_on.data.isoformat()))

    def scope(self) -> dict:
        return {"sectors": self.sectors.data or [], "grids": self.grids.data or [],
                "classes": self.classes.data or [], "enterprises": split_codes(self.enterprises.data)}

    def document(self, campaign: Campaign | None = None) -> dict:
        """The campaign as ``POST /api/v1/campaigns`` takes it (an edited campaign keeps its code and draw rule)."""
        return {"code": campaign.code if campaign else self.code.data, "name": self.name.data, "kind": self.kind.data,
                "basis": {"number": self.basis_number.data or "", "title": self.basis_title.data or ""},
                "starts_on": self.starts_on.data.isoformat(), "ends_on": self.ends_on.data.isoformat(),
                "scope": self.scope(), "template_ids": list(self.template_ids.data or []),
                "enforcement": bool(self.enforcement.data), "unit": self.unit.data or "",
                "exclude_own_grid_alone": bool(campaign.exclude_own_grid_alone) if campaign else False}


class EditCampaignForm(CampaignForm):
    code = None  # a campaign's code is in every link to it and never changes


# The domain names fields as the API does; the form's names for them.
CAMPAIGN_FIELDS = {"scope.sectors": "sectors", "scope.grids": "grids", "scope.classes": "classes",
                   "scope.enterprises": "enterprises", "scope": "enterprises", "basis": "basis_title"}


def campaign_form(grids, templates, campaign: Campaign | None = None, units=(), own_unit=None) -> CampaignForm:
    """The new-campaign form, or the edit form filled from ``campaign``; ``grids``, ``templates`` and ``units``
    offered (a new campaign's unit is ``own_unit``, the user's, until another is chosen)."""
    if campaign is None:
        form = CampaignForm(data={"unit": own_unit.code if own_unit is not None else ""})
    else:
        scope = scope_criteria(campaign.scope)
        form = EditCampaignForm(data={
            "name": campaign.name, "kind": campaign.kind, "basis_number": campaign.basis_number,
            "basis_title": campaign.basis_title, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
            "sectors": scope["sectors"], "grids": scope["grids"], "classes": scope["classes"],
            "enterprises": "\n".join(scope["enterprises"]), "template_ids": campaign.template_ids,
            "enforcement": campaign.enforcement, "unit": campaign.unit.code})
    form.grids.choices = [SelectChoice(grid.code, f"{grid.code} {grid.name}") for grid in grids]
    # The active sectors, and a deactivated one the campaign already names (it stays valid in its scope).
    named = set(form.sectors.data or ())
    form.sectors.choices = [SelectChoice(sector.key, name_of(sector)) for sector in list_sectors()
                            if sector.active or sector.key in named]
    form.template_ids.choices = [SelectChoice(template.id, template.name) for template in templates]
    top = min((unit.depth for unit in units), default=0)  # the user's own unit, flush left; those below indented
    form.unit.choices = [SelectChoice(unit.code, "　" * (unit.depth - top) + unit.name) for unit in units]
    return form


def _team_field(label):
    return SelectMultipleField(label, choices=[], validators=[DataRequired(_l("Choose who goes."))],
                               render_kw={"size": 6})


class AddTaskForm(FlaskForm):
    enterprise_code = StringField(_l("Enterprise code"), validators=[
        DataRequired(_l("Give the code of the enterprise to inspect.")), Length(max=32)],
        render_kw={"autocapitalize": "characters"})
    team = _team_field(_l("Inspectors"))
    due_on = IsoDateField(_l("Due on"), validators=[Optional()])

    def document(self) -> dict:
        return {"enterprise_code": self.enterprise_code.data, "team": list(self.team.data or []),
                "due_on": self.due_on.data.isoformat() if self.due_on.data else None}


class ReassignForm(FlaskForm):
    team = _team_field(_l("New team"))


class RescheduleForm(FlaskForm):
    due_on = IsoDateField(_l("New due date"), validators=[InputRequired(_l("Give the new due date."))])


class CancelTaskForm(FlaskForm):
    reason = TextAreaField(_l("Why is it cancelled?"), validators=[
        DataRequired(_l("Say why the task is cancelled.")), Length(max=REASON_MAX)], render_kw={"rows": 2})


TASK_FORMS = {"reassign": ReassignForm, "reschedule": RescheduleForm, "cancel": CancelTaskForm}


def with_team_choices(form, team_choices):
    """``form`` offering ``team_choices`` ((username, name)) in its team field, when it has one."""
    if "team" in form:
        form.team.choices = [SelectChoice(username, f"{name} ({username})") for username, name in team_choices]
    return form


class OutcomeForm(FlaskForm):
    enterprise_code = StringField(_l("Enterprise code"), validators=[
        DataRequired(_l("Give the code of the enterprise.")), Length(max=32)],
        render_kw={"autocapitalize": "characters"})
    outcome = SelectField(_l("Outcome"), choices=OUTCOME_CHOICES)
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)], render_kw={"rows": 2})


class DrawForm(FlaskForm):
    """How many to draw (a count or a percentage of the scope), the team size and, for an audit, a seed."""

    count = IntegerField(_l("Number of enterprises"), validators=[
        Optional(), NumberRange(min=1, message=_l("Draw at least one enterprise."))])
    share_percent = DecimalField(_l("Or a share of the scope, in percent"), places=None, validators=[
        Optional(), NumberRange(min=0.01, max=100, message=_l("The share is a percentage above 0 and at most 100."))])
    team_size = IntegerField(_l("Inspectors per enterprise"), default=2, validators=[
        DataRequired(_l("Say how many inspectors go to each enterprise.")),
        NumberRange(min=1, max=TEAM_SIZE_MAX, message=_l("From 1 to %(max)s inspectors.", max=TEAM_SIZE_MAX))])
    seed = StringField(_l("Seed (leave empty to have one chosen)"), validators=[
        Optional(), Regexp(SEED_PATTERN, message=_l("A seed is 1 to 64 letters, digits, hyphens or underscores."))])
    exclude_own_grid_alone = BooleanField(_l("Never send an enterprise's own grid inspectors alone"), default=True)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Read from what was typed (an empty count stops its own checks): a count or a share, one of the two.
        typed = [bool((field.raw_data or [""])[0].strip()) for field in (self.count, self.share_percent)]
        if typed[0] == typed[1]:
            self.count.errors = [*self.count.errors,
                                 _("Give either a number of enterprises or a share of the scope, not both.")]
            return False
        return valid

    def request(self) -> dict:
        """The draw as ``POST /api/v1/campaigns/<code>/draw`` takes it."""
        share = None if self.share_percent.data is None else float(self.share_percent.data) / 100
        return {"count": self.count.data, "share": share, "team_size": self.team_size.data,
                "seed": (self.seed.data or "").strip() or None}

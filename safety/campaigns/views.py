"""The back office's campaign pages (supervisors and admins): the list, a campaign's page with its progress
and tasks, the campaign form, and the office's actions on the campaign, its tasks and its verdicts.

Thin over :mod:`safety.campaigns.operations`: a refusal of the domain is shown at the form's field (400) or,
for a button, flashed on the campaign's page; nothing is written then. Who may read and who may change a
campaign is :mod:`safety.campaigns.queries`' rule, as for the API.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from safety.auth.access import OFFICE, roles_required
from safety.auth.scope import sees_every_enterprise
from safety.campaigns import queries
from safety.campaigns.figures import get_campaign_figures
from safety.campaigns.forms import (CAMPAIGN_FIELDS, TASK_FORMS, AddTaskForm, OutcomeForm, campaign_form,
                                    with_team_choices)
from safety.campaigns.generation import generate_tasks, plan_tasks
from safety.campaigns.operations import (activate_campaign, add_task, cancel_task, close_campaign,
                                         count_campaign_scope, create_campaign, reassign_task, reschedule_task,
                                         set_outcome, update_campaign)
from safety.campaigns.rollup import UNIT_KEYS, UNIT_LABELS, get_rollup_for
from safety.campaigns.validation import parse_campaign, parse_task
from safety.campaigns.vocabulary import (CLOSED, OUTCOME_KINDS, TASK_STATUSES, campaign_kind_label,
                                         campaign_status_label, outcome_label, plan_reason_label, task_status_label)
from safety.checklists.queries import list_templates
from safety.common.actor import acting_user
from safety.common.forms import commit_form, commit_or_flash
from safety.common.office_time import office_today
from safety.common.templating import share_with_templates
from safety.enterprises.queries import list_grids_for
from safety.reports.wording import figure_value, rate_class
from safety.units.tree import get_root, list_units_under

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")
share_with_templates(bp, campaign_kind_label=campaign_kind_label, campaign_status_label=campaign_status_label,
                     task_status_label=task_status_label, campaign_outcome_label=outcome_label,
                     plan_reason_label=plan_reason_label, CAMPAIGN_UNIT_KEYS=UNIT_KEYS,
                     CAMPAIGN_UNIT_LABELS=UNIT_LABELS, figure_value=figure_value, rate_class=rate_class)

OUTCOMES_SHOWN = 50  # the latest verdicts on the page; the report's workbook lists them all
TASK_DONE = {
    "reassign": _l("The task has a new team."),
    "reschedule": _l("The task has been rescheduled."),
    "cancel": _l("The task has been cancelled."),
}


@bp.route("/")
@roles_required(*OFFICE)
def index():
    """The campaigns the user may read, newest period first, with their progress."""
    campaigns = queries.list_campaigns_for(acting_user())
    counts = queries.get_task_counts([c.id for c in campaigns if not c.frozen_figures], office_today())
    progress = {c.id: c.frozen_figures or counts.get(c.id, {}) for c in campaigns}
    return render_template("campaigns/index.html", campaigns=campaigns, progress_by_id=progress)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def new():
    """A new campaign, saved as a draft; "preview" counts the enterprises its scope covers without saving."""
    form = _campaign_form()
    return _save_campaign(form, None) or _form_page(form, None)


@bp.route("/<campaign_code>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def edit(campaign_code: str):
    """Change a campaign that has not ended; an ended one is shown with the reason it cannot be edited."""
    campaign = queries.get_campaign_to_manage(acting_user(), campaign_code)
    if campaign.status == CLOSED:
        flash(_("Campaign %(code)s has ended: it and its tasks can no longer be changed.", code=campaign.code),
              "error")
        return _to_campaign(campaign)
    form = _campaign_form(campaign)
    return _save_campaign(form, campaign) or _form_page(form, campaign)


def _campaign_form(campaign=None):
    user = acting_user()
    own = user.unit or get_root()
    units = list_units_under(None if sees_every_enterprise(user) else own) if not user.grids else []
    return campaign_form(list_grids_for(user), [row.template for row in list_templates(active=True)],
                         campaign, units, own)


def _form_page(form, campaign, preview=None):
    status = 400 if form.errors or any(f.errors for f in form) else 200
    return render_template("campaigns/form.html", form=form, campaign=campaign, preview=preview), status


def _save_campaign(form, campaign):
    """The redirect after saving, the form page with the preview count, or None for the form (with errors)."""
    if not form.validate_on_submit():
        return None
    preview = request.form.get("action") == "preview"

    def preview_or_save():
        document = parse_campaign(form.document(campaign))
        if preview:  # counted, nothing written
            return count_campaign_scope(acting_user(), document.scope)
        if campaign is None:
            return create_campaign(acting_user(), document)
        update_campaign(acting_user(), campaign, document)
        return campaign

    saved, result = commit_form(form, preview_or_save, fallback="name", field_names=CAMPAIGN_FIELDS)
    if not saved:
        return None
    if preview:
        return _form_page(form, campaign, preview=result)
    flash(_("Campaign %(code)s has been saved.", code=result.code), "success")
    return _to_campaign(result)


@bp.route("/<campaign_code>")
@roles_required(*OFFICE)
def show(campaign_code: str):
    """The campaign's progress: tasks by status, coverage by grid and sector, hazards, overdue by inspector."""
    campaign = queries.get_campaign_for(acting_user(), campaign_code)
    return _campaign_page(campaign)


def _campaign_page(campaign, add_form=None, outcome_form=None, status_code=200):
    user, today = acting_user(), office_today()
    status = request.args.get("status") if request.args.get("status") in TASK_STATUSES else None
    counts = queries.get_status_counts(campaign.id, today)
    total = counts[status] if status else sum(counts.values())
    team_choices = queries.list_team_choices()
    manages = campaign.status != CLOSED and queries.can_manage_campaign(user, campaign)
    has_outcomes = campaign.kind in OUTCOME_KINDS
    return render_template(
        "campaigns/show.html", campaign=campaign, figures=get_campaign_figures(campaign, today),
        counts=counts, status=status, tasks=queries.list_campaign_tasks(campaign.id, status, today, total),
        names=dict(team_choices), manages=manages, draw=queries.get_draw(campaign.id),
        templates=[row.template for row in list_templates() if row.template.id in campaign.template_ids],
        add_form=add_form or with_team_choices(AddTaskForm(formdata=None), team_choices),
        outcome_form=outcome_form or OutcomeForm(formdata=None), has_outcomes=has_outcomes,
        outcome_counts=queries.get_outcome_counts(campaign) if has_outcomes else {},
        outcomes=queries.list_outcomes(campaign.id, OUTCOMES_SHOWN) if has_outcomes else [],
        outcomes_shown=OUTCOMES_SHOWN, rollup=get_rollup_for(user, campaign, request.args.get("unit"), today)), \
        status_code


def _managed(campaign_code: str):
    return queries.get_campaign_to_manage(acting_user(), campaign_code)


def _to_campaign(campaign):
    return redirect(url_for(".show", campaign_code=campaign.code))


def _act(campaign, operation, message):
    """Run a button's change of the campaign in one transaction, then back to its page with the refusal, or
    ``message`` (a function of what the operation returned, or a text), on top."""
    saved, result = commit_or_flash(operation)
    if saved:
        flash(message(result) if callable(message) else message, "success")
    return _to_campaign(campaign)


@bp.route("/<campaign_code>/activate", methods=["POST"])
@roles_required(*OFFICE)
def activate(campaign_code: str):
    """Start the campaign: its tasks go out to the inspectors' phones."""
    campaign = _managed(campaign_code)
    return _act(campaign, lambda: activate_campaign(campaign),
                _("Campaign %(code)s is under way; its tasks go out to the inspectors.", code=campaign.code))


@bp.route("/<campaign_code>/close", methods=["POST"])
@roles_required(*OFFICE)
def close(campaign_code: str):
    """End the campaign; its figures are frozen as they stand."""
    campaign = _managed(campaign_code)
    return _act(campaign, lambda: close_campaign(campaign),
                _("Campaign %(code)s has ended; its figures are kept as they stand today.", code=campaign.code))


@bp.route("/<campaign_code>/tasks/generate", methods=["POST"])
@roles_required(*OFFICE)
def generate(campaign_code: str):
    """One task per enterprise of the scope (an annual plan: the visits its risk calls for)."""
    campaign = _managed(campaign_code)
    make = plan_tasks if campaign.kind == "plan" else generate_tasks
    return _act(campaign, lambda: make(acting_user(), campaign), lambda made: ngettext(
        "%(num)s task has been made.", "%(num)s tasks have been made.", len(made)) if made else
        _("Every enterprise of the scope already has a task; none was added."))


@bp.route("/<campaign_code>/tasks", methods=["POST"])
@roles_required(*OFFICE)
def add(campaign_code: str):
    """A task picked by hand: an enterprise, its team and (optionally) its due date."""
    campaign = _managed(campaign_code)
    form = with_team_choices(AddTaskForm(), queries.list_team_choices())
    if form.validate_on_submit():
        saved, _task = commit_form(form, lambda: add_task(acting_user(), campaign, parse_task(form.document())),
                                   fallback="enterprise_code")
        if saved:
            flash(_("The task has been added."), "success")
            return _to_campaign(campaign)
    return _campaign_page(campaign, add_form=form, status_code=400)


@bp.route("/<campaign_code>/tasks/<task_uuid>")
@roles_required(*OFFICE)
def task(campaign_code: str, task_uuid: str):
    """One task with its team and the forms to reassign, reschedule or cancel it."""
    return _task_page(campaign_code, task_uuid)


@bp.route("/<campaign_code>/tasks/<task_uuid>/<action>", methods=["POST"])
@roles_required(*OFFICE)
def change_task(campaign_code: str, task_uuid: str, action: str):
    """Reassign, reschedule or cancel a task (not one done or cancelled, not in an ended campaign)."""
    if action not in TASK_FORMS:
        abort(404)
    campaign = _task_and_campaign(campaign_code, task_uuid)[1]
    form = with_team_choices(TASK_FORMS[action](), queries.list_team_choices())
    if form.validate_on_submit():
        user = acting_user()
        change = {"reassign": lambda: reassign_task(user, task_uuid, list(form.team.data)),
                  "reschedule": lambda: reschedule_task(user, task_uuid, form.due_on.data),
                  "cancel": lambda: cancel_task(user, task_uuid, form.reason.data)}[action]
        saved, _task = commit_form(form, change)  # a refusal of the task itself (cancelled, done) is flashed
        if saved:
            flash(str(TASK_DONE[action]), "success")
            return redirect(url_for(".task", campaign_code=campaign.code, task_uuid=task_uuid))
    return _task_page(campaign_code, task_uuid, failed=(action, form))


def _task_and_campaign(campaign_code: str, task_uuid: str):
    task, campaign = queries.get_task_for(acting_user(), task_uuid)
    if campaign.code != str(campaign_code).strip().upper():
        abort(404)  # a task is found under its own campaign's address only
    return task, campaign


def _task_page(campaign_code: str, task_uuid: str, failed=None):
    task, campaign = _task_and_campaign(campaign_code, task_uuid)
    view = queries.list_task_views([task.id], office_today())[0]
    team_choices = queries.list_team_choices()
    forms = {action: with_team_choices(form_class(formdata=None, data={"team": list(view.team),
                                                                       "due_on": task.due_on}), team_choices)
             for action, form_class in TASK_FORMS.items()}
    if failed is not None:
        forms[failed[0]] = failed[1]
    changeable = campaign.status != CLOSED and view.status not in ("done", "cancelled")
    return render_template("campaigns/task.html", campaign=campaign, view=view, forms=forms,
                           names=dict(team_choices), changeable=changeable), 400 if failed else 200


@bp.route("/<campaign_code>/outcomes", methods=["POST"])
@roles_required(*OFFICE)
def outcome(campaign_code: str):
    """Record the verdict on one target enterprise of a special campaign (整治)."""
    campaign = _managed(campaign_code)
    form = OutcomeForm()
    if form.validate_on_submit():
        saved, recorded = commit_form(form, lambda: set_outcome(
            acting_user(), campaign, form.enterprise_code.data, form.outcome.data, form.note.data or ""),
            fallback="enterprise_code")
        if saved:
            flash(_("%(code)s: %(outcome)s.", code=form.enterprise_code.data.strip().upper(),
                    outcome=outcome_label(recorded.outcome)), "success")
            return _to_campaign(campaign)
    return _campaign_page(campaign, outcome_form=form, status_code=400)


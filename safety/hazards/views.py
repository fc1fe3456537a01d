"""The hazard ledger (隐患台账) in the back office: the list, its Excel export, one hazard's page and the
office's actions on it.

Inspectors see the hazards at the enterprises of their grids; supervisors and
admins their whole scope. Every action is a hazard event recorded through
:func:`safety.hazards.operations.record_hazard_event`, which applies the life-cycle table.
An action whose event type the user's role may never record is refused with 403,
by the same rule as the phones' events.
"""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.forms import show_domain_error
from safety.common.office_time import office_today
from safety.common.pagination import redirect_to_short_url
from safety.common.templating import share_with_templates
from safety.enterprises.queries import list_grids_for
from safety.evidence.queries import get_hazard_integrity
from safety.evidence.vocabulary import break_label
from safety.extensions import db
from safety.hazards.export import ledger_xlsx
from safety.hazards.forms import ACTION_FORMS, action_form, allowed_actions, ledger_filter_form
from safety.hazards.ledger import get_hazard_record, list_ledger, list_ledger_for_export
from safety.hazards.lifecycle import next_status, refuse_unless_role_may_record
from safety.hazards.operations import record_hazard_event
from safety.hazards.queries import get_hazard_for
from safety.hazards.serialize import reason_text
from safety.hazards.vocabulary import event_label, level_label, mode_label, status_badge, status_label
from safety.photos.queries import list_photo_pairs
from safety.users.models import STAFF_ROLES

bp = Blueprint("hazards", __name__, url_prefix="/hazards")
share_with_templates(bp, hazard_status_label=status_label, hazard_status_badge=status_badge,
                     hazard_level_label=level_label, hazard_mode_label=mode_label, hazard_event_label=event_label,
                     evidence_break_label=break_label)

ACTION_DONE = {
    "verify": _l("The hazard has been verified and struck off the ledger."),
    "plan": _l("The rectification plan has been saved."),
    "escalate": _l("The hazard has been escalated."),
    "reopen": _l("The hazard has been reopened."),
    "comment": _l("The comment has been added."),
}


@bp.route("/")
@roles_required(*STAFF_ROLES)
def ledger():
    """The ledger in the user's scope: filtered, sorted, counted by status, one page at a time."""
    form = ledger_filter_form(request.args, list_grids_for(current_user))
    filters = form.filters()
    short_url = redirect_to_short_url(form, filters, ".ledger")
    if short_url:
        return short_url
    ledger = list_ledger(current_user, filters, office_today())
    return render_template("hazards/ledger.html", ledger=ledger, form=form, filters=filters), \
        400 if form.errors else 200


@bp.route("/export.xlsx")
@roles_required(*STAFF_ROLES)
def export_xlsx():
    """The filtered ledger as an Excel workbook; filters that cannot be read refuse the export."""
    form = ledger_filter_form(request.args, list_grids_for(current_user))
    if form.errors:
        raise DomainError("invalid_filters", _("The export was not made: %(errors)s",
                                               errors=" ".join(_error_list(form))))
    rows = list_ledger_for_export(current_user, form.filters(), office_today())
    response = make_response(ledger_xlsx(rows))
    response.headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = f"attachment; filename=hazards-{office_today():%Y%m%d}.xlsx"
    return response


@bp.route("/<hazard_uuid>")
@roles_required(*STAFF_ROLES)
def detail(hazard_uuid: str):
    """Every field of one hazard, its photos with their evidence, its timeline and its three signatures."""
    return _render_detail(hazard_uuid)


@bp.route("/<hazard_uuid>/<action>", methods=["POST"])
@roles_required(*STAFF_ROLES)
def act(hazard_uuid: str, action: str):
    """Record one of the office's actions as a hazard event; the life-cycle table decides whether it applies."""
    if action not in ACTION_FORMS:
        abort(404)
    hazard = get_hazard_for(current_user, hazard_uuid)
    form = action_form(action, hazard, submitted=True)
    if not form.validate_on_submit():
        return _render_detail(hazard_uuid, failed=(action, form)), 400
    user = acting_user()
    # An event type the role may never record: 403, as on the phones' API.
    refuse_unless_role_may_record(user.role, form.event_type)
    # The page offers only what fits the hazard now; a stale button is told why and records nothing.
    _status, refusal = next_status(hazard.status, hazard.level, form.event_type, user.role)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for(".detail", hazard_uuid=hazard.uuid))
    try:
        event, _created = record_hazard_event(user, hazard.uuid, form.event_data())
    except DomainError as exc:
        db.session.rollback()
        show_domain_error(form, exc, fallback="note")
        return _render_detail(hazard_uuid, failed=(action, form)), 400
    db.session.commit()
    # Not applied only when a colleague changed the hazard between the check above and the event.
    flash(str(ACTION_DONE[action]) if event.applied else reason_text(event), "success" if event.applied else "error")
    return redirect(url_for(".detail", hazard_uuid=hazard.uuid))


def _render_detail(hazard_uuid: str, failed=None):
    """The hazard page with the forms of the actions the user may take now (``failed``: one with its errors)."""
    record = get_hazard_record(current_user, hazard_uuid, office_today())
    forms = {action: action_form(action, record.hazard)
             for action in allowed_actions(record.hazard, current_user.role)}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template("hazards/detail.html", record=record, forms=forms,
                           integrity=get_hazard_integrity(record.hazard),
                           pairs=list_photo_pairs([record.hazard.id]).get(record.hazard.id, []))


def _error_list(form) -> list[str]:
    return [f"{form[name].label.text}: {message}" for name, messages in form.errors.items() for message in messages]

"""The review queue in the back office: submitted inspections, one inspection's page with its photo evidence,
and the verdicts (approve, or return with a comment). Supervisors and admins, within their scope."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import OFFICE, roles_required
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.forms import show_domain_error
from safety.common.pagination import redirect_to_short_url
from safety.common.templating import share_with_templates
from safety.enterprises.queries import list_grids_for
from safety.extensions import db
from safety.inspections.queries import get_inspection_for
from safety.inspections.vocabulary import (
    identified_by_label, kind_label, result_badge, result_label, review_state_badge, review_state_label,
)
from safety.review.forms import ApproveForm, ReturnForm, queue_filter_form
from safety.review.operations import approve_inspection, return_inspection
from safety.review.queue import get_next_pending, list_inspectors_for, list_queue
from safety.review.record import get_review_record
from safety.photos.queries import list_photo_pairs

bp = Blueprint("review", __name__, url_prefix="/review")
share_with_templates(bp, review_state_label=review_state_label, review_state_badge=review_state_badge,
                     inspection_kind_label=kind_label, inspection_identified_by_label=identified_by_label,
                     answer_result_label=result_label, answer_result_badge=result_badge)


@bp.route("/")
@roles_required(*OFFICE)
def queue():
    """Inspections in the reviewer's scope, newest first, filtered, one page at a time."""
    form = queue_filter_form(request.args, list_grids_for(current_user), list_inspectors_for(current_user))
    filters = form.filters()
    short_url = redirect_to_short_url(form, filters, ".queue")
    if short_url:
        return short_url
    return render_template("review/queue.html", page=list_queue(current_user, filters), form=form,
                           filters=filters), 400 if form.errors else 200


@bp.route("/<inspection_uuid>")
@roles_required(*OFFICE)
def inspection(inspection_uuid: str):
    """One inspection: answers with the failed first, hazards, the photo gallery with its evidence check."""
    return _render(inspection_uuid)


@bp.route("/<inspection_uuid>/approve", methods=["POST"])
@roles_required(*OFFICE)
def approve(inspection_uuid: str):
    form = ApproveForm()
    if not form.validate_on_submit():
        return _render(inspection_uuid, status=400)
    return _decide(inspection_uuid, lambda reviewer, record: approve_inspection(reviewer, record),
                   _("The inspection has been approved."))


@bp.route("/<inspection_uuid>/return", methods=["POST"])
@roles_required(*OFFICE)
def return_(inspection_uuid: str):
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render(inspection_uuid, return_form=form, status=400)
    return _decide(inspection_uuid, lambda reviewer, record: return_inspection(reviewer, record, form.comment.data),
                   _("The inspection has been returned to its inspector."), return_form=form)


def _decide(inspection_uuid: str, verdict, done: str, return_form=None):
    """Apply a verdict and commit, then open the next inspection awaiting review (or the queue, when none is
    left); a refusal is shown on the page with its status (400 or 409)."""
    record = get_inspection_for(current_user, inspection_uuid)
    try:
        verdict(acting_user(), record)
    except DomainError as exc:
        db.session.rollback()
        if return_form is not None and exc.field == "comment":
            show_domain_error(return_form, exc)
        return _render(inspection_uuid, return_form=return_form, status=exc.status, refusal=exc)
    db.session.commit()
    flash(done, "success")
    # On to the next one: a reviewer works through the queue, not back to the page just decided.
    following = get_next_pending(current_user)
    if following is None:
        flash(_("No inspection awaits review any more."), "info")
        return redirect(url_for(".queue"))
    return redirect(url_for(".inspection", inspection_uuid=following.uuid))


def _render(inspection_uuid: str, return_form=None, status: int = 200, refusal=None):
    record = get_review_record(current_user, inspection_uuid)
    pairs = list_photo_pairs(hazard.id for hazard in record.hazards)
    return render_template("review/inspection.html", record=record, approve_form=ApproveForm(),
                           return_form=return_form or ReturnForm(), refusal=refusal,
                           pairs=[pair for hazard in record.hazards for pair in pairs.get(hazard.id, [])]), status

"""The back office's measures pages: the list (filtered, exported), an enterprise's measures with its restart
inspections, recording and correcting a measure, serving and lifting it.

Staff read measures in their scope; supervisors and administrators record and change them; an administrator
sets the office's penalty powers on the office's page (safety.office). Thin over
:mod:`safety.measures.operations`: a refusal is shown at its field (400) or flashed, and nothing of it is written.
"""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import OFFICE, roles_required
from safety.auth.scope import get_enterprise_for
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.forms import commit_form
from safety.common.office_time import office_today
from safety.common.pagination import redirect_to_short_url
from safety.common.templating import share_with_templates
from safety.enterprises.statuses import status_badge, status_label
from safety.measures.export import measures_xlsx
from safety.measures.forms import LiftForm, ServeForm, filter_form, measure_form
from safety.measures.operations import (lift_measure, record_measure, restart_inspection_passed, serve_measure,
                                        update_measure)
from safety.measures.queries import (get_hazard_measure, get_measure_for, get_phone_onsite_hazard,
                                     list_enterprise_measures, list_measures, list_measures_for_export,
                                     list_phone_onsite_measures,
                                     list_restart_inspections, list_shutdowns_in_force, reply_overdue)
from safety.measures.rules import available_kinds, penalty_powers
from safety.measures.validation import parse_day, parse_measure
from safety.measures.vocabulary import (KIND_GROUP, KINDS, LIFTED_BY_HAND, REFERRAL, group_label, kind_label,
                                        measure_status_label, status_badge as measure_status_badge)
from safety.measures.wording import wan_yuan
from safety.users.models import STAFF_ROLES, Role

bp = Blueprint("measures", __name__, url_prefix="/measures")
share_with_templates(bp, measure_kind_label=kind_label, measure_group_label=group_label,
                     measure_status_label=measure_status_label, measure_status_badge=measure_status_badge,
                     wan_yuan=wan_yuan, restart_passed=restart_inspection_passed,
                     shutdowns_in_force=list_shutdowns_in_force, hazard_measure=get_hazard_measure)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.context_processor
def _helpers():
    return {"enterprise_status_label": status_label, "enterprise_status_badge": status_badge,
            "reply_overdue": reply_overdue, "LIFTED_BY_HAND": LIFTED_BY_HAND, "REFERRAL": REFERRAL, "KIND_GROUP": KIND_GROUP,
            "may_change": current_user.is_authenticated and Role(current_user.role) in OFFICE}


@bp.route("/")
@roles_required(*STAFF_ROLES)
def index():
    """Every measure in the user's scope, filtered by type, status and the decision's dates."""
    form = filter_form(request.args)
    filters = form.filters()
    short_url = redirect_to_short_url(form, filters, ".index")
    if short_url:
        return short_url
    page = list_measures(current_user, filters, office_today())
    return render_template("measures/index.html", page=page, form=form, filters=filters,
                           today=office_today()), 400 if form.errors else 200


@bp.route("/export.xlsx")
@roles_required(*STAFF_ROLES)
def export_xlsx():
    """The filtered list as an Excel workbook; filters that cannot be read refuse the export."""
    form = filter_form(request.args)
    if form.errors:
        raise DomainError("invalid_filters", _("The export was not made: some filters could not be read."))
    response = make_response(measures_xlsx(list_measures_for_export(current_user, form.filters(), office_today()),
                                           office_today()))
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = f"attachment; filename=measures-{office_today():%Y%m%d}.xlsx"
    return response


@bp.route("/enterprise/<code>")
@roles_required(*STAFF_ROLES)
def enterprise(code: str):
    """The enterprise's status, its measures and its restart inspections."""
    enterprise = get_enterprise_for(current_user, code)
    restarts = [(inspection, restart_inspection_passed(inspection))
                for inspection in list_restart_inspections(enterprise)]
    return render_template("measures/enterprise.html", enterprise=enterprise,
                           measures=list_enterprise_measures(enterprise), restarts=restarts, today=office_today(),
                           from_phone=list_phone_onsite_measures(enterprise))


@bp.route("/enterprise/<code>/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def new(code: str):
    """Record a measure against the enterprise."""
    enterprise = get_enterprise_for(current_user, code)
    hazard_uuid = request.form.get("hazard") or request.args.get("hazard")
    hazard = get_phone_onsite_hazard(enterprise, hazard_uuid) if hazard_uuid else None
    form = measure_form(available_kinds(KINDS), hazard=hazard if request.method == "GET" else None)
    if form.validate_on_submit():
        saved, measure = commit_form(form, lambda: record_measure(
            acting_user(), enterprise, parse_measure(form.values(), office_today()), hazard), fallback="kind")
        if saved:
            flash(_("Measure %(number)s has been recorded.", number=measure.decision_number), "success")
            return redirect(url_for(".show", measure_id=measure.id))
    return _form_page(form, enterprise, None, hazard)


@bp.route("/<int:measure_id>")
@roles_required(*STAFF_ROLES)
def show(measure_id: int):
    """One measure with its dates, and the forms that serve or lift it."""
    return _measure_page(get_measure_for(current_user, measure_id))


@bp.route("/<int:measure_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def edit(measure_id: int):
    """Correct a measure that has not been lifted."""
    measure = get_measure_for(current_user, measure_id)
    form = measure_form(available_kinds(KINDS), measure)
    if form.validate_on_submit():
        saved, _measure = commit_form(form, lambda: update_measure(
            measure, parse_measure(form.values(), office_today())), fallback="kind")
        if saved:
            flash(_("The changes to measure %(number)s have been saved.", number=measure.decision_number), "success")
            return redirect(url_for(".show", measure_id=measure.id))
    return _form_page(form, measure.enterprise, measure)


@bp.route("/<int:measure_id>/serve", methods=["POST"])
@roles_required(*OFFICE)
def serve(measure_id: int):
    """Record the service of the decision: the measure is in force from that day."""
    measure = get_measure_for(current_user, measure_id)
    form = ServeForm()
    if form.validate_on_submit():
        saved, _measure = commit_form(form, lambda: serve_measure(
            measure, parse_day(form.served_on.data, "served_on", office_today())), fallback="served_on")
        if saved:
            flash(_("Measure %(number)s has been served.", number=measure.decision_number), "success")
            return redirect(url_for(".show", measure_id=measure.id))
    return _measure_page(measure, serve_form=form, status=400)


@bp.route("/<int:measure_id>/lift", methods=["POST"])
@roles_required(*OFFICE)
def lift(measure_id: int):
    """Lift an on-site measure or a seizure, or record the reply to a referral."""
    measure = get_measure_for(current_user, measure_id)
    form = LiftForm()
    if form.validate_on_submit():
        saved, _measure = commit_form(form, lambda: lift_measure(
            measure, parse_day(form.lifted_on.data, "lifted_on", office_today()), form.note.data),
            fallback="lifted_on")
        if saved:
            flash(_("Measure %(number)s has been lifted.", number=measure.decision_number) if measure.kind != REFERRAL
                  else _("The reply to referral %(number)s has been recorded.", number=measure.decision_number),
                  "success")
            return redirect(url_for(".show", measure_id=measure.id))
    return _measure_page(measure, lift_form=form, status=400)


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    """The office's powers moved to the office's page (/office/): a bookmark or an open form lands there."""
    return redirect(url_for("office.edit"), 301 if request.method == "GET" else 303)


def _form_page(form, enterprise, measure, hazard=None):
    status = 400 if any(field.errors for field in form) else 200
    return render_template("measures/form.html", form=form, enterprise=enterprise, measure=measure,
                           powers=penalty_powers(), hazard=hazard), status


def _measure_page(measure, serve_form=None, lift_form=None, status: int = 200):
    today = office_today().isoformat()
    return render_template("measures/show.html", measure=measure, today=office_today(),
                           serve_form=serve_form or ServeForm(formdata=None, data={"served_on": today}),
                           lift_form=lift_form or LiftForm(formdata=None, data={"lifted_on": today})), status

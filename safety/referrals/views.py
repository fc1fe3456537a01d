"""The referral pages: send one from an enterprise, list them, read one with its evidence, answer it."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from safety.auth.access import OFFICE, roles_required
from safety.auth.scope import get_enterprise_for
from safety.common.forms import commit_form
from safety.common.office_time import office_today
from safety.common.templating import share_with_templates
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import CLOSED
from safety.measures.queries import list_enterprise_measures
from safety.measures.vocabulary import REFERRAL as REFERRAL_MEASURE
from safety.photos.models import Photo
from safety.referrals import operations, queries
from safety.referrals.forms import ReferralForm, ReplyForm, receiver_choices
from safety.referrals.vocabulary import REFERRAL, REPORT_UP, kind_label, status_badge, status_label
from safety.units.tree import get_root, list_departments, list_units

bp = Blueprint("referrals", __name__)
share_with_templates(bp, referral_kind_label=kind_label, referral_status_label=status_label,
                     referral_status_badge=status_badge)


@bp.route("/referrals/")
@roles_required(*OFFICE)
def index():
    today = office_today()
    overdue = request.args.get("overdue") == "1"
    return render_template("referrals/index.html", today=today, overdue=overdue,
                           waiting=queries.list_referrals(current_user, waiting_for_me=True),
                           referrals=queries.list_referrals(current_user, overdue_on=today if overdue else None))


@bp.route("/enterprises/<code>/refer", methods=["GET", "POST"])
@roles_required(*OFFICE)
def new(code: str):
    """Refer hazards of an enterprise (移送), or report them to the unit above (上报, ``?kind=report_up``)."""
    enterprise = get_enterprise_for(current_user, code)
    kind = REPORT_UP if request.values.get("kind") == REPORT_UP else REFERRAL
    form = ReferralForm()
    open_hazards = list(db.session.scalars(select(Hazard).where(Hazard.enterprise_id == enterprise.id,
                                                                Hazard.status != CLOSED).order_by(Hazard.id)))
    form.hazards.choices = [(str(h.id), f"{h.number} · {h.description}") for h in open_hazards]
    own = current_user.unit or get_root()
    form.receiver.choices = receiver_choices(list_departments(), list_units(), own)
    form.measure.choices = [("", _("None recorded"))] + [
        (str(measure.id), f"{measure.decision_number} · {measure.referral.department if measure.referral else ''}")
        for measure in list_enterprise_measures(enterprise) if measure.kind == REFERRAL_MEASURE and
        measure.lifted_on is None]
    if form.validate_on_submit():
        department, _sep, unit = (form.receiver.data or "").partition(":")
        saved, referral = commit_form(form, lambda: operations.send_referral(
            current_user, enterprise, form.hazards.data, form.reply_due_on.data, form.note.data,
            department_key=unit if department == "department" else "",
            unit_code=unit if department == "unit" else "", kind=kind,
            measure_id=int(form.measure.data) if (form.measure.data or "").isdigit() else None), fallback="receiver")
        if saved:
            flash(_("Sent to %(receiver)s; a reply is expected by %(date)s.", receiver=referral.receiver_name,
                    date=referral.reply_due_on.isoformat()), "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_template("referrals/new.html", form=form, enterprise=enterprise, kind=kind,
                           above=own.parent if own is not None and own.parent_id else None), \
        (400 if form.errors else 200)


@bp.route("/referrals/<int:referral_id>", methods=["GET", "POST"])
@roles_required(*OFFICE)
def show(referral_id: int):
    """A referral with its hazards and their photos; the receiver answers it here."""
    referral = queries.get_referral_for(current_user, referral_id)
    form = ReplyForm()
    may_answer = referral.replied_at is None and operations.may_answer(current_user, referral)
    if may_answer and form.validate_on_submit():
        saved, _referral = commit_form(form, lambda: operations.answer_referral(
            current_user, referral, form.reply.data, form.take_over.data), fallback="reply")
        if saved:
            flash(_("Your answer has been sent to %(sender)s.",
                    sender=referral.from_unit.name if referral.from_unit else _("the sender")), "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    hazard_ids = [hazard.id for hazard in referral.hazards]
    photos = list(db.session.scalars(select(Photo).where(Photo.hazard_id.in_(hazard_ids)).order_by(Photo.id))) \
        if hazard_ids else []
    return render_template("referrals/show.html", referral=referral, form=form, may_answer=may_answer,
                           photos=photos, today=office_today()), (400 if form.errors else 200)

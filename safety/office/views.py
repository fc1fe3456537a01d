"""The administrators' page for the issuing office: its identity and its penalty powers."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.forms import commit_form
from safety.measures.rules import penalty_powers
from safety.office.forms import OfficeForm
from safety.office.operations import OfficeIdentity, get_office, update_office
from safety.users.models import Role

bp = Blueprint("office", __name__, url_prefix="/office")


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit():
    """The office's names, address, phone, seal text and number prefixes, as its documents print them, and
    whether it has penalty powers (without them, a park's seizures and penalties are not offered)."""
    office = get_office()
    form = OfficeForm(data={"full_name": office.full_name, "short_name": office.short_name,
                            "address": office.address, "phone": office.phone, "seal_text": office.seal_text,
                            "penalty_powers": penalty_powers(),
                            **{f"prefix_{kind}": prefix for kind, prefix in office.prefixes.items()}})
    if form.validate_on_submit():
        identity = OfficeIdentity(form.full_name.data.strip(), (form.short_name.data or "").strip(),
                                  (form.address.data or "").strip(), (form.phone.data or "").strip(),
                                  (form.seal_text.data or "").strip(), form.prefixes())
        saved, _row = commit_form(form, lambda: update_office(acting_user(), identity,
                                                              penalty_powers=form.penalty_powers.data))
        if saved:
            flash(_("The office's identity has been saved. Documents issued from now on print it."), "success")
            return redirect(url_for(".edit"))
    return render_template("office/edit.html", form=form, powers=penalty_powers()), (400 if form.errors else 200)

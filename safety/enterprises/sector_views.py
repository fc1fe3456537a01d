"""The administrators' page of the sector list (行业领域): add, rename, deactivate and reactivate sectors."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import Length

from safety.auth.access import roles_required
from safety.common.forms import commit_form, commit_or_flash
from safety.enterprises import sector_operations as operations
from safety.enterprises.models import Enterprise, Sector
from safety.extensions import db
from safety.users.models import Role

bp = Blueprint("sectors", __name__, url_prefix="/sectors")


class SectorNamesForm(FlaskForm):
    # Emptiness and uniqueness are the operations' checks, so the form and the import say the same.
    name_zh = StringField(_l("Chinese name"), validators=[Length(max=operations.NAME_MAX)])
    name_en = StringField(_l("English name"), validators=[Length(max=operations.NAME_MAX)])


class SectorCreateForm(SectorNamesForm):
    key = StringField(_l("Key"), validators=[Length(max=32)])


class SectorActiveForm(FlaskForm):
    """Deactivate or reactivate: nothing to fill in but the CSRF token."""


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    """Every sector in the office's order, with how many enterprises belong to it (two statements)."""
    counts = dict(db.session.execute(select(Enterprise.sector, func.count()).group_by(Enterprise.sector)).tuples().all())
    sectors = db.session.scalars(select(Sector).order_by(Sector.position, Sector.id)).all()
    return render_template("enterprises/sectors.html", rows=[(sector, counts.get(sector.key, 0)) for sector in sectors])


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    form = SectorCreateForm()
    if form.validate_on_submit():
        saved, sector = commit_form(form, lambda: operations.create_sector(form.key.data, form.name_zh.data,
                                                                          form.name_en.data))
        if saved:
            flash(_("Sector %(name)s has been added.", name=sector.name_zh), "success")
            return redirect(url_for("sectors.index"))
    return render_template("enterprises/sector_form.html", form=form, sector=None), (400 if form.errors else 200)


@bp.route("/<int:sector_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(sector_id: int):
    sector = operations.get_sector(sector_id)
    form = SectorNamesForm(obj=sector)
    if form.validate_on_submit():
        saved, _sector = commit_form(form, lambda: operations.rename_sector(sector, form.name_zh.data,
                                                                            form.name_en.data))
        if saved:
            flash(_("Sector %(name)s has been saved.", name=sector.name_zh), "success")
            return redirect(url_for("sectors.index"))
    return render_template("enterprises/sector_form.html", form=form, sector=sector,
                           active_form=SectorActiveForm()), (400 if form.errors else 200)


@bp.route("/<int:sector_id>/<any(deactivate, reactivate):action>", methods=["POST"])
@roles_required(Role.ADMIN)
def set_active(sector_id: int, action: str):
    sector = operations.get_sector(sector_id)
    if not SectorActiveForm().validate_on_submit():
        flash(_("The form has expired; please try again."), "error")
        return redirect(url_for("sectors.edit", sector_id=sector_id)), 303
    saved, _sector = commit_or_flash(lambda: operations.set_sector_active(sector, action == "reactivate"))
    if not saved:
        return redirect(url_for("sectors.edit", sector_id=sector_id))
    flash(_("Sector %(name)s has been reactivated.", name=sector.name_zh) if sector.active
          else _("Sector %(name)s has been deactivated.", name=sector.name_zh), "success")
    return redirect(url_for("sectors.index"))

"""The administrators' pages for the unit tree and the industry departments."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from safety.auth.access import roles_required
from safety.common.forms import commit_form, commit_or_flash
from safety.common.templating import share_with_templates
from safety.common.words import labeller
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.units import departments, operations
from safety.units.forms import DepartmentForm, unit_form
from safety.units.models import Department, unit_grids, user_units
from safety.units.tree import get_unit, list_departments, load_tree
from safety.units.vocabulary import UNIT_KINDS
from safety.users.models import Role

bp = Blueprint("units", __name__)
share_with_templates(bp, unit_kind_label=labeller(UNIT_KINDS), department_name=departments.department_name)


@bp.route("/units/")
@roles_required(Role.ADMIN)
def index():
    tree = load_tree()
    enterprises = dict(db.session.execute(select(Enterprise.grid_id, func.count()).group_by(Enterprise.grid_id)).all())
    people = dict(db.session.execute(select(user_units.c.unit_id, func.count()).group_by(user_units.c.unit_id)).all())
    return render_template("units/index.html", tree=tree, enterprises=enterprises, people=people,
                           departments=list_departments(), department_form=DepartmentForm())


@bp.route("/units/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    form = unit_form()
    if form.validate_on_submit():
        saved, unit = commit_form(form, lambda: operations.create_unit(
            form.code.data, form.name.data, form.parent.data, form.kind.data, form.delegated_classes.data))
        if saved:
            flash(_("Unit %(code)s has been created.", code=unit.code), "success")
            return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=None), (400 if form.errors else 200)


@bp.route("/units/<unit_code>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(unit_code: str):
    unit = get_unit(unit_code)
    form = unit_form(unit)
    if form.validate_on_submit():
        saved, _unit = commit_form(form, lambda: operations.update_unit(
            unit, form.name.data, form.kind.data, form.delegated_classes.data, form.parent.data))
        if saved:
            flash(_("Unit %(code)s has been saved.", code=unit.code), "success")
            return redirect(url_for("units.index"))
    grids = db.session.scalar(select(func.count()).select_from(unit_grids).where(unit_grids.c.unit_id == unit.id))
    return render_template("units/form.html", form=form, unit=unit, grids=grids), (400 if form.errors else 200)


@bp.route("/units/<unit_code>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def delete(unit_code: str):
    unit = get_unit(unit_code)
    saved, _none = commit_or_flash(lambda: operations.delete_unit(unit))
    if not saved:
        return redirect(url_for("units.edit", unit_code=unit_code))
    flash(_("Unit %(code)s has been deleted.", code=unit_code), "success")
    return redirect(url_for("units.index"))


@bp.route("/departments/", methods=["POST"])
@roles_required(Role.ADMIN)
def department_new():
    form = DepartmentForm()
    if form.validate_on_submit():
        saved, department = commit_or_flash(lambda: departments.add_department(
            form.key.data, form.name_zh.data, form.name_en.data))
        if saved:
            flash(_("Department %(name)s has been added.", name=department.name_zh), "success")
    else:
        flash(_("A department needs its key and its Chinese and English names."), "error")
    return redirect(url_for("units.index"))


@bp.route("/departments/<key>/<any(deactivate, reactivate):action>", methods=["POST"])
@roles_required(Role.ADMIN)
def department_switch(key: str, action: str):
    department = db.session.scalar(select(Department).where(Department.key == key))
    if department is None:
        abort(404)
    commit_or_flash(lambda: departments.set_department_active(department, action == "reactivate"))
    return redirect(url_for("units.index"))

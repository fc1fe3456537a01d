"""The administrators' pages for user accounts and grids."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.forms import commit_form, commit_or_flash
from safety.common.pagination import paginate
from safety.extensions import db
from safety.users import operations, queries
from safety.users.forms import (GridCreateForm, GridEditForm, PasswordResetForm, UserCreateForm, UserEditForm,
                                UserFilterForm)
from safety.units.tree import list_units
from safety.users.models import Role

bp = Blueprint("users", __name__)

# Domain errors name the field as the operations know it; the forms call some differently.
_FORM_FIELDS = {"grid": "grids"}


def _grid_choices() -> list[SelectChoice]:
    return [SelectChoice(grid.code, grid.label) for grid in queries.list_grids()]


def _unit_choices(empty: str = "") -> list[SelectChoice]:
    """The units of the tree, indented by level; ``empty`` first when given (the default the operation picks)."""
    choices = [SelectChoice(unit.code, "　" * unit.depth + unit.label) for unit in list_units()]
    return ([SelectChoice("", empty)] if empty else []) + choices


@bp.route("/users/")
@roles_required(Role.ADMIN)
def index():
    form = UserFilterForm(request.args)
    grids = queries.list_grids()
    form.grid.choices = [SelectChoice("", _("All grids"))] + [SelectChoice(str(g.id), f"{g.name} ({g.code})")
                                                              for g in grids]
    grid_id = int(form.grid.data) if (form.grid.data or "").isdigit() else None
    filters = queries.UserFilters(q=form.q.data or "", role=form.role.data or "", grid_id=grid_id,
                                  active=form.active.data or "")
    page = paginate(queries.list_users(filters))
    return render_template("users/index.html", form=form, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    form = UserCreateForm()
    form.grids.choices = _grid_choices()
    form.unit.choices = _unit_choices(_("The unit of their grids"))
    if form.validate_on_submit():
        saved, user = commit_form(form, lambda: operations.create_user(
            form.username.data, form.role.data, form.password.data, display_name=form.display_name.data,
            grid_codes=form.grids.data, enterprise_code=form.enterprise.data, phone=form.phone.data,
            unit_code=form.unit.data, certificate_number=form.certificate_number.data),
            field_names=_FORM_FIELDS)
        if saved:
            flash(_("User %(name)s has been created.", name=user.username), "success")
            return redirect(url_for("users.index"))
    return render_template("users/new.html", form=form), (400 if form.errors else 200)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(user_id: int):
    user = queries.get_user(user_id)
    form = UserEditForm.for_user(user)
    form.grids.choices = _grid_choices()
    form.unit.choices = _unit_choices(_("The unit of their grids"))
    if form.validate_on_submit():
        saved, _user = commit_form(form, lambda: operations.update_user(
            user, acting_user(), form.display_name.data, form.phone.data, form.role.data, form.grids.data,
            form.enterprise.data, unit_code=form.unit.data, certificate_number=form.certificate_number.data),
            field_names=_FORM_FIELDS)
        if saved:
            flash(_("The changes to %(name)s have been saved.", name=user.username), "success")
            return redirect(url_for("users.index"))
    return render_template("users/edit.html", form=form, user=user), (400 if form.errors else 200)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int):
    user = queries.get_user(user_id)
    saved, _user = commit_or_flash(lambda: operations.deactivate_user(user, acting_user()))
    if saved:
        flash(_("%(name)s has been deactivated and signed out everywhere.", name=user.username), "success")
    return redirect(url_for("users.edit", user_id=user_id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int):
    user = queries.get_user(user_id)
    operations.reactivate_user(user)
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=user.username), "success")
    return redirect(url_for("users.edit", user_id=user_id))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def password(user_id: int):
    user = queries.get_user(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        saved, _user = commit_form(form, lambda: operations.reset_password(user, acting_user(), form.password.data),
                                   field_names=_FORM_FIELDS)
        if saved:
            flash(_("The password of %(name)s has been reset; they have been signed out everywhere.",
                    name=user.username), "success")
            return redirect(url_for("users.edit", user_id=user_id))
    return render_template("users/password.html", form=form, user=user), (400 if form.errors else 200)


@bp.route("/grids/")
@roles_required(Role.ADMIN)
def grids():
    return render_template("users/grids.html", rows=queries.list_grids_with_counts())


@bp.route("/grids/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def grid_new():
    form = GridCreateForm()
    form.unit.choices = _unit_choices(_("The root unit"))
    if form.validate_on_submit():
        saved, grid = commit_form(form, lambda: operations.create_grid(form.code.data, form.name.data,
                                                                       form.unit.data),
                                  field_names=_FORM_FIELDS)
        if saved:
            flash(_("Grid %(code)s has been created.", code=grid.code), "success")
            return redirect(url_for("users.grids"))
    return render_template("users/grid_form.html", form=form, grid=None), (400 if form.errors else 200)


@bp.route("/grids/<int:grid_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def grid_edit(grid_id: int):
    grid = queries.get_grid(grid_id)
    in_use = operations.grid_in_use(grid)
    form = GridEditForm(data={"code": grid.code, "name": grid.name, "unit": grid.unit.code if grid.unit else ""})
    form.unit.choices = _unit_choices(_("The root unit"))
    if form.validate_on_submit():
        saved, _grid = commit_form(form, lambda: operations.update_grid(grid, form.name.data, form.code.data,
                                                                        form.unit.data),
                                   field_names=_FORM_FIELDS)
        if saved:
            flash(_("Grid %(code)s has been saved.", code=grid.code), "success")
            return redirect(url_for("users.grids"))
    return render_template("users/grid_form.html", form=form, grid=grid, in_use=in_use), \
        (400 if form.errors else 200)


@bp.route("/grids/<int:grid_id>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def grid_delete(grid_id: int):
    grid = queries.get_grid(grid_id)
    saved, _grid = commit_or_flash(lambda: operations.delete_grid(grid))
    if not saved:
        return redirect(url_for("users.grid_edit", grid_id=grid_id))
    flash(_("Grid %(code)s has been deleted.", code=grid.code), "success")
    return redirect(url_for("users.grids"))

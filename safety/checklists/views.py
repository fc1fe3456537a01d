"""Back-office pages for checklist templates: the list, one template's versions, and the editor.

Who may do what: supervisors and administrators read every template (they plan
campaigns and review answers against them); only administrators change them.
The design's role table gives templates to the administrator, and an office
wants one agreed set of checklists that every inspector answers the same way:
a supervisor who wants a change asks the administrator.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import OFFICE, roles_required
from safety.checklists.forms import ConfirmForm, ItemForm, MoveForm, SectionForm, TemplateForm
from safety.checklists.library import install_library, missing_library_names
from safety.checklists.limits import limits_text
from safety.checklists.operations import (
    ItemFields, add_item, add_section, create_template, delete_item, delete_section, find_item, find_section,
    latest_for_edit, move_item, move_section, rename_section, set_template_active, update_item,
    update_template_details)
from safety.checklists.queries import get_template, get_version, is_version_used, list_templates, version_usage
from safety.checklists.topics import TOPICS, topic_label
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.forms import commit_form, commit_or_flash, show_domain_error
from safety.extensions import db
from safety.users.models import Role

bp = Blueprint("checklists", __name__, url_prefix="/checklists")

EDITORS = (Role.ADMIN,)
STATUS_FILTERS = {"active": True, "inactive": False}


def _can_edit() -> bool:
    return current_user.has_role(*EDITORS)


@bp.route("/")
@roles_required(*OFFICE)
def index():
    topic = request.args.get("topic", "")
    status = request.args.get("status", "")
    rows = list_templates(topic if topic in TOPICS else None, STATUS_FILTERS.get(status))
    missing = missing_library_names() if _can_edit() else []
    return render_template("checklists/index.html", rows=rows, topic=topic, status=status, topics=TOPICS,
                           missing_library=missing, can_edit=_can_edit(), form=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new():
    form = TemplateForm()
    if form.validate_on_submit():
        saved, template = commit_form(form, lambda: create_template(
            form.name.data, form.topic.data, form.description.data, created_by=acting_user()))
        if saved:
            flash(_("Checklist %(name)s created. Add its sections and items.", name=template.name), "success")
            return redirect(url_for(".show", template_id=template.id))
    return render_template("checklists/new.html", form=form), 400 if form.errors else 200


@bp.route("/library", methods=["POST"])
@roles_required(*EDITORS)
def library():
    if ConfirmForm().validate_on_submit():
        installed = install_library(created_by=acting_user())
        db.session.commit()
        flash(_("%(count)s standard checklists installed.", count=len(installed)), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:template_id>")
@roles_required(*OFFICE)
def show(template_id: int):
    template = get_template(template_id)
    return _render_version(template, template.latest.version, editable=_can_edit())


@bp.route("/<int:template_id>/versions/<int:version>")
@roles_required(*OFFICE)
def show_version(template_id: int, version: int):
    template = get_template(template_id)
    if version == template.latest.version:
        return redirect(url_for(".show", template_id=template_id))
    return _render_version(template, version, editable=False)


def _render_version(template, number: int, editable: bool):
    version = get_version(template, number)
    usage = version_usage(template)
    return render_template("checklists/show.html", template=template, version=version, usage=usage,
                           in_use=number in usage, editable=editable, can_edit=_can_edit(),
                           topic_label=topic_label(template.topic), section_form=SectionForm(),
                           limits_text=limits_text)


@bp.route("/<int:template_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(template_id: int):
    template = get_template(template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        saved, _template = commit_form(form, lambda: update_template_details(
            template, form.name.data, form.topic.data, form.description.data))
        if saved:
            flash(_("The checklist's details are saved."), "success")
            return redirect(url_for(".show", template_id=template.id))
    return render_template("checklists/edit.html", form=form, template=template), 400 if form.errors else 200


@bp.route("/<int:template_id>/deactivate", methods=["POST"])
@roles_required(*EDITORS)
def deactivate(template_id: int):
    return _set_active(template_id, False, _("The checklist is deactivated: phones no longer offer it."))


@bp.route("/<int:template_id>/reactivate", methods=["POST"])
@roles_required(*EDITORS)
def reactivate(template_id: int):
    return _set_active(template_id, True, _("The checklist is active again: phones offer it after their next sync."))


def _set_active(template_id: int, active: bool, message: str):
    template = get_template(template_id)
    if ConfirmForm().validate_on_submit():
        set_template_active(template, active)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".show", template_id=template_id))


# --- the editor: every change names the version it was made on ---------------------------

@bp.route("/<int:template_id>/versions/<int:version>/sections", methods=["POST"])
@roles_required(*EDITORS)
def new_section(template_id: int, version: int):
    form = SectionForm()
    return _apply(template_id, version, form, lambda t: add_section(t, version, form.title.data, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/sections/<int:section_id>/rename", methods=["POST"])
@roles_required(*EDITORS)
def rename_section_view(template_id: int, version: int, section_id: int):
    form = SectionForm()
    return _apply(template_id, version, form,
                  lambda t: rename_section(t, version, section_id, form.title.data, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/sections/<int:section_id>/move", methods=["POST"])
@roles_required(*EDITORS)
def move_section_view(template_id: int, version: int, section_id: int):
    form = MoveForm()
    return _apply(template_id, version, form, lambda t: move_section(t, version, section_id, form.offset, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/sections/<int:section_id>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_section_view(template_id: int, version: int, section_id: int):
    return _apply(template_id, version, ConfirmForm(), lambda t: delete_section(t, version, section_id, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/items/<item_key>/move", methods=["POST"])
@roles_required(*EDITORS)
def move_item_view(template_id: int, version: int, item_key: str):
    form = MoveForm()
    return _apply(template_id, version, form, lambda t: move_item(t, version, item_key, form.offset, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/items/<item_key>/delete", methods=["POST"])
@roles_required(*EDITORS)
def delete_item_view(template_id: int, version: int, item_key: str):
    return _apply(template_id, version, ConfirmForm(), lambda t: delete_item(t, version, item_key, acting_user()))


@bp.route("/<int:template_id>/versions/<int:version>/sections/<int:section_id>/items/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new_item(template_id: int, version: int, section_id: int):
    template = get_template(template_id)
    base = latest_for_edit(template, version)
    section = find_section(base, section_id)
    form = ItemForm()
    if form.validate_on_submit():
        done = _save_item(form, lambda: add_item(template, version, section_id, _item_fields(form), acting_user()),
                          template_id, version)
        if done:
            return done
    return _render_item_form(form, template, base, section, item=None)


@bp.route("/<int:template_id>/versions/<int:version>/items/<item_key>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_item(template_id: int, version: int, item_key: str):
    template = get_template(template_id)
    base = latest_for_edit(template, version)
    item = find_item(base, item_key)
    form = ItemForm(obj=item)
    if not form.is_submitted():
        form.show_limits_of(item)
    if form.validate_on_submit():
        done = _save_item(form, lambda: update_item(template, version, item_key, _item_fields(form), acting_user()),
                          template_id, version)
        if done:
            return done
    return _render_item_form(form, template, base, item.section, item=item)


def _item_fields(form: ItemForm) -> ItemFields:
    return ItemFields(prompt=form.prompt.data, guidance=form.guidance.data, basis=form.basis.data,
                      kind=form.kind.data, photo_required_on_fail=form.photo_required_on_fail.data,
                      min_value=form.min_value.data, max_value=form.max_value.data, unit=form.unit.data,
                      finding=form.finding.data)


def _save_item(form, change, template_id: int, base_number: int):
    """Run an item change; the redirect when it is saved or refused as a whole, None to show the form again."""
    try:
        working = change()
    except DomainError as exc:
        if show_domain_error(form, exc):
            return None
        return redirect(url_for(".show", template_id=template_id))
    db.session.commit()
    _flash_saved(base_number, working)
    return redirect(url_for(".show", template_id=template_id))


def _render_item_form(form, template, base, section, item):
    return render_template("checklists/item.html", form=form, template=template, version=base, section=section,
                           item=item, in_use=is_version_used(base)), 400 if form.errors else 200


def _apply(template_id: int, version: int, form, change):
    """Validate a small editor form, run ``change`` on the template, commit, and return to the editor."""
    template = get_template(template_id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
    else:
        saved, working = commit_or_flash(lambda: change(template))
        if saved:
            _flash_saved(version, working)
    return redirect(url_for(".show", template_id=template_id))


def _flash_saved(base_number: int, working) -> None:
    if working.version != base_number:
        flash(_("Saved as version %(new)s. Version %(old)s has been used by inspections and stays as it was.",
                new=working.version, old=base_number), "success")
    else:
        flash(_("Saved."), "success")


"""Back-office pages of the enterprise register: list, the enterprise's file, edit, import, export, QR codes and
labels."""
from datetime import date

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from safety.auth.access import roles_required
from safety.auth.scope import get_enterprise_for
from safety.campaigns.vocabulary import report_category_label, team_role_label
from safety.common.forms import commit_form
from safety.common.office_time import office_today
from safety.common.templating import share_with_templates
from safety.common.words import labeller
from safety.documents.labels import DOCUMENT_TITLES
from safety.enterprises.columns import COLUMNS
from safety.enterprises.dossier import SHOWN as FILE_ROWS_SHOWN, get_enterprise_file
from safety.enterprises.exporting import enterprises_csv, enterprises_xlsx
from safety.enterprises.forms import ImportConfirmForm, ImportUploadForm, enterprise_form, filter_form
from safety.enterprises.importing import import_enterprise_file, parse_enterprise_rows
from safety.enterprises.operations import create_enterprise, update_enterprise
from safety.enterprises.pending import discard_upload, keep_upload, kept_upload
from safety.enterprises.qr import enterprise_url, label_page_warning, qr_png
from safety.enterprises.queries import (
    EnterpriseFilters, list_all_enterprises, list_enterprises, list_grids, list_grids_for,
)
from safety.enterprises.sectors import sector_label
from safety.enterprises.statuses import status_badge, status_label
from safety.extensions import db
from safety.hazards.rules import is_overdue
from safety.measures.queries import reply_overdue
from safety.units.moves import last_move
from safety.units.tree import responsible_unit
from safety.users.models import STAFF_ROLES, Role

bp = Blueprint("enterprises", __name__)

LABELS_PER_SHEET = 120  # ten A4 pages of 3 × 4 labels; more pages follow by ?page=
PREVIEW_ROWS = 20

share_with_templates(bp, sector_label=sector_label, status_label=status_label, status_badge=status_badge,
                     inspection_category_label=report_category_label, document_kind_label=labeller(DOCUMENT_TITLES),
                     hazard_overdue=is_overdue, measure_reply_overdue=reply_overdue, team_role_label=team_role_label)


@bp.route("/enterprises/")
@roles_required(*STAFF_ROLES)
def index():
    """The register, filtered and paginated, within the user's scope."""
    filters = EnterpriseFilters.from_args(request.args)
    form = filter_form(request.args, list_grids_for(current_user))
    page = list_enterprises(current_user, filters)
    return render_template("enterprises/index.html", page=page, form=form, filters=filters)


@bp.route("/enterprises/<code>")
@roles_required(*STAFF_ROLES)
def detail(code: str):
    """The enterprise's file (一企一档): every field, its QR code, and its record over time as the user may read
    it: inspections, hazards, campaign tasks, documents, measures and referrals."""
    enterprise = get_enterprise_for(current_user, code)
    today = office_today()
    return render_template("enterprises/detail.html", enterprise=enterprise, field_url=enterprise_url(code),
                           responsible=responsible_unit(enterprise), today=today,
                           file=get_enterprise_file(current_user, enterprise, today), shown=FILE_ROWS_SHOWN)


@bp.route("/enterprises/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    """Register an enterprise (its code is generated unless given)."""
    form = enterprise_form(list_grids())
    if form.validate_on_submit():
        saved, enterprise = commit_form(form, lambda: create_enterprise(form.enterprise_data()), fallback="name")
        if saved:
            flash(_("%(name)s has been registered with the code %(code)s.", name=enterprise.name,
                    code=enterprise.code), "success")
            return redirect(url_for(".detail", code=enterprise.code))
    return render_template("enterprises/form.html", form=form, enterprise=None), 400 if form.errors else 200


@bp.route("/enterprises/<code>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(code: str):
    """Change an enterprise; its code stays."""
    enterprise = get_enterprise_for(current_user, code)
    form = enterprise_form(list_grids(), enterprise)
    moved_before = last_move(enterprise)
    if form.validate_on_submit():
        saved, _enterprise = commit_form(form, lambda: update_enterprise(enterprise, form.enterprise_data()),
                                         fallback="name")
        if saved:
            flash(_("The changes to %(name)s have been saved.", name=enterprise.name), "success")
            moved = last_move(enterprise, since=moved_before)
            if moved is not None and moved.open_hazards:
                flash(ngettext("Its %(num)s open hazard moved with it; the figures of past periods stay where "
                               "they were counted.", "Its %(num)s open hazards moved with it; the figures of past "
                               "periods stay where they were counted.", moved.open_hazards), "info")
            return redirect(url_for(".detail", code=code))
    return render_template("enterprises/form.html", form=form, enterprise=enterprise), 400 if form.errors else 200


@bp.route("/enterprises/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_upload():
    """Upload a list and preview it: the rows as they will be stored, and every problem by row."""
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("enterprises/import.html", form=form, columns=COLUMNS), 400 if form.errors else 200
    filename, data = form.file.data.filename or "", form.file.data.read()
    result = parse_enterprise_rows(filename, data)
    confirm = None
    discard_upload()  # an older preview of this session can no longer be confirmed
    if result.ok:
        confirm = ImportConfirmForm(token=keep_upload(filename, data))
    return render_template("enterprises/import_preview.html", result=result, filename=filename, confirm=confirm,
                           form=ImportUploadForm(formdata=None), preview_rows=PREVIEW_ROWS)


@bp.route("/enterprises/import/confirm", methods=["POST"])
@roles_required(Role.ADMIN)
def import_confirm():
    """Import the previewed file of this session, checked again against the register."""
    form = ImportConfirmForm()
    kept = kept_upload(form.token.data) if form.validate_on_submit() else None
    if kept is None:
        flash(_("This preview has expired or another file was uploaded since. Please upload the file again."),
              "error")
        return redirect(url_for(".import_upload"))
    result = import_enterprise_file(*kept)
    if not result.ok:
        db.session.rollback()
        return render_template("enterprises/import_preview.html", result=result, filename=kept[0], confirm=None,
                               form=ImportUploadForm(formdata=None), preview_rows=PREVIEW_ROWS), 400
    db.session.commit()
    discard_upload()
    flash(ngettext("%(num)s enterprise has been imported.", "%(num)s enterprises have been imported.",
                   len(result.rows)), "success")
    return redirect(url_for(".index"))


@bp.route("/enterprises/import/cancel", methods=["POST"])
@roles_required(Role.ADMIN)
def import_cancel():
    """Drop the previewed file without importing it."""
    discard_upload()
    flash(_("The import has been cancelled; nothing was imported."), "info")
    return redirect(url_for(".index"))


@bp.route("/enterprises/export.csv")
@roles_required(*STAFF_ROLES)
def export_csv():
    """The filtered selection as CSV for Excel (UTF-8 with BOM)."""
    enterprises = list_all_enterprises(current_user, EnterpriseFilters.from_args(request.args))
    return _download(enterprises_csv(enterprises), "csv", "text/csv; charset=utf-8")


@bp.route("/enterprises/export.xlsx")
@roles_required(*STAFF_ROLES)
def export_xlsx():
    """The filtered selection as an Excel workbook."""
    enterprises = list_all_enterprises(current_user, EnterpriseFilters.from_args(request.args))
    return _download(enterprises_xlsx(enterprises), "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/enterprises/<code>/qr.png")
@roles_required(*STAFF_ROLES)
def qr(code: str):
    """The enterprise's QR code as a PNG, encoding its field-app URL."""
    enterprise = get_enterprise_for(current_user, code)
    response = make_response(qr_png(enterprise_url(enterprise.code)))
    response.headers["Content-Type"] = "image/png"
    # The code never changes, so a label sheet's many images come from the browser's cache on reprint.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.route("/enterprises/labels")
@roles_required(*STAFF_ROLES)
def labels():
    """Printable A4 sheets of QR labels for the filtered selection."""
    filters = EnterpriseFilters.from_args(request.args)
    page = list_enterprises(current_user, filters, per_page=LABELS_PER_SHEET)
    return render_template("enterprises/labels.html", page=page, filters=filters, qr_warning=label_page_warning())


@bp.route("/enterprises/<code>/label")
@roles_required(*STAFF_ROLES)
def label(code: str):
    """One large printable QR label."""
    enterprise = get_enterprise_for(current_user, code)
    return render_template("enterprises/label.html", enterprise=enterprise, field_url=enterprise_url(code),
                           qr_warning=label_page_warning())


def _download(body: bytes, extension: str, mimetype: str):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = (
        f"attachment; filename=enterprises-{date.today():%Y%m%d}.{extension}")
    return response

"""Issued documents: the list, the issue page (a preview and one button), and the printable A4 document.

The issue page takes the record in its query string (``/documents/new?inspection=<uuid>``,
``?event=<uuid>`` for a re-check), so the inspection and hazard pages can link to it.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import OFFICE, roles_required
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.office_time import office_date
from safety.documents.content import subject_content
from safety.documents.labels import DOCUMENT_TITLES, document_helpers
from safety.documents.models import KINDS, NOTICE
from safety.documents.operations import issue_recheck_opinion, issue_rectification_notice
from safety.documents.queries import (
    get_document_for,
    get_document_issued_for,
    get_subject_for,
    list_documents,
    list_notice_candidates,
    list_opinion_candidates,
)
from safety.extensions import db

bp = Blueprint("documents", __name__, url_prefix="/documents")
bp.context_processor(document_helpers)
bp.add_app_template_filter(office_date, "office_date")


def _candidates() -> dict:
    return {"notices": list_notice_candidates(current_user), "opinions": list_opinion_candidates(current_user)}


@bp.route("/")
@roles_required(*OFFICE)
def index():
    """Issued documents, newest first, and the records waiting for one."""
    kind = request.args.get("kind", "")
    return render_template("documents/index.html", page=list_documents(current_user, kind),
                           kind=kind if kind in KINDS else "", **_candidates())


@bp.route("/new")
@roles_required(*OFFICE)
def new():
    """The document as it will be issued, with the button that issues it; without a record, the records to choose."""
    if not (request.args.get("inspection") or request.args.get("event")):
        return render_template("documents/choose.html", **_candidates())
    try:
        subject = get_subject_for(current_user, request.args.get("kind", ""), request.args.get("inspection", ""),
                                  request.args.get("event", ""))
        issued = get_document_issued_for(subject)
        if issued is not None:
            return redirect(url_for(".show", document_id=issued.id))
        content = subject_content(subject)
    except DomainError as error:
        if error.status != 400:
            raise
        return render_template("documents/choose.html", error=error, **_candidates()), 400
    return render_template("documents/new.html", subject=subject, content=content, kind=subject.kind)


@bp.route("/new", methods=["POST"])
@roles_required(*OFFICE)
def issue():
    """Issue the document: it takes the next number of its kind and year."""
    form = request.form
    try:
        subject = get_subject_for(current_user, form.get("kind", ""), form.get("inspection", ""), form.get("event", ""))
        if subject.kind == NOTICE:
            document, created = issue_rectification_notice(acting_user(), subject.inspection)
        else:
            document, created = issue_recheck_opinion(acting_user(), inspection=subject.inspection, event=subject.event)
    except DomainError as error:
        db.session.rollback()
        if error.status != 400:
            raise
        return render_template("documents/choose.html", error=error, **_candidates()), 400
    db.session.commit()
    flash(_("%(title)s %(reference)s has been issued.", title=DOCUMENT_TITLES[document.kind],
            reference=document.reference) if created else
          _("This document had already been issued as %(reference)s.", reference=document.reference),
          "success" if created else "info")
    return redirect(url_for(".show", document_id=document.id))


@bp.route("/<int:document_id>")
@roles_required(*OFFICE)
def show(document_id: int):
    """The document on A4, as issued."""
    document, enterprise, issued_by = get_document_for(current_user, document_id)
    return render_template("documents/show.html", document=document, content=document.content, kind=document.kind,
                           enterprise=enterprise, issued_by=issued_by)

"""The enforcement ledger, the issue pages (a preview and one button), the printable A4 document, its PDF, and
the public page a document's QR code leads to.

The issue page takes its source in the query string (``/documents/new?kind=rectification_order&inspection=<uuid>``,
``?event=<uuid>`` for a re-check), so the inspection and hazard pages can link to it.
"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from safety.auth.access import OFFICE, public, roles_required
from safety.common.actor import acting_user
from safety.common.api import commit_or_meet_twin
from safety.common.errors import DomainError
from safety.common.office_time import office_date, office_today
from safety.documents.blocks import list_void_references
from safety.documents.forms import document_filters, document_request_from
from safety.documents.labels import DOCUMENT_TITLES, document_date, document_helpers, document_time
from safety.documents.models import Document
from safety.documents.operations import issue_document, preview_document
from safety.documents.printing import content_intact, key_matches, qr_data_uri, render_pdf, verify_url
from safety.documents.queries import (get_document_for, get_linked_hazards, get_superseding, list_candidates,
                                      list_documents, list_documents_of_hazard, list_documents_of_inspection,
                                      list_issuers)
from safety.documents.sources import DocumentRequest
from safety.documents.workbook import documents_xlsx
from safety.extensions import db, limiter
from safety.users.models import STAFF_ROLES, Role

bp = Blueprint("documents", __name__, url_prefix="/documents")
bp.context_processor(document_helpers)
bp.add_app_template_filter(office_date, "office_date")
bp.add_app_template_filter(document_date, "document_date")
bp.add_app_template_filter(document_time, "document_time")
bp.add_app_template_global(DOCUMENT_TITLES, "DOCUMENT_TITLES")  # the reports and the hazard pages name kinds too
# The hazard and review pages list the documents made from their record (links both ways).
bp.add_app_template_global(list_documents_of_hazard, "documents_of_hazard")
bp.add_app_template_global(list_documents_of_inspection, "documents_of_inspection")
bp.add_app_template_global(list_void_references, "void_numbers")  # the ledger's void numbers (作废)
READERS = (*STAFF_ROLES, Role.ENTERPRISE)  # an enterprise reads what is addressed to it


@bp.route("/")
@roles_required(*READERS)
def index():
    """The enforcement ledger: issued documents, filtered, newest first; for the office, what waits for one."""
    filters = document_filters(request.args)
    office = current_user.has_role(*OFFICE)
    return render_template("documents/index.html", page=list_documents(current_user, filters), filters=filters,
                           issuers=list_issuers(current_user), candidates=list_candidates(current_user) if office
                           else None)


@bp.route("/export.xlsx")
@roles_required(*READERS)
def export():
    """The filtered ledger as an Excel workbook."""
    response = current_app.response_class(documents_xlsx(current_user, document_filters(request.args)),
                                          mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f"attachment; filename=documents-{office_today():%Y%m%d}.xlsx"
    return response


@bp.route("/new")
@roles_required(*OFFICE)
def new():
    """The document as it will be issued, with the button that issues it; without a source, the records to choose."""
    if not any(request.args.get(name) for name in ("inspection", "event", "hazards", "start")):
        return render_template("documents/choose.html", candidates=list_candidates(current_user))
    try:
        document_request = document_request_from(request.args)
        content, issued = preview_document(current_user, document_request)
    except DomainError as error:
        if error.status != 400:
            raise
        return render_template("documents/choose.html", error=error, candidates=list_candidates(current_user)), 400
    if issued is not None:
        return redirect(url_for(".show", document_id=issued.id))
    return render_template("documents/new.html", request_args=request.args, content=content, kind=content["type"])


@bp.route("/new", methods=["POST"])
@roles_required(*OFFICE)
def issue():
    """Issue the document: it takes the next number of its kind and year, and is frozen."""
    try:
        document_request = document_request_from(request.form)
        document, created = commit_or_meet_twin(lambda: issue_document(acting_user(), document_request),
                                                "document issue")
    except DomainError as error:
        db.session.rollback()
        if error.status != 400:
            raise
        return render_template("documents/choose.html", error=error, candidates=list_candidates(current_user)), 400
    flash(_("%(title)s %(reference)s has been issued.", title=DOCUMENT_TITLES[document.kind],
            reference=document.reference) if created else
          _("This document had already been issued as %(reference)s.", reference=document.reference),
          "success" if created else "info")
    return redirect(url_for(".show", document_id=document.id))


@bp.route("/circular")
@roles_required(*OFFICE)
def circular():
    """A circular's period and the enterprises it would name, for the supervisor to pick and confirm."""
    from safety.documents.circular import list_circular_entries

    start, end = request.args.get("start", ""), request.args.get("end", "")
    entries, error = None, None
    if start or end:
        try:
            document_request = document_request_from({"kind": "circular", "start": start, "end": end})
            entries = list_circular_entries(current_user, document_request.period_from, document_request.period_to)
        except DomainError as exc:
            error = exc
    return render_template("documents/circular.html", start=start, end=end, entries=entries, error=error), (
        400 if error else 200)


@bp.route("/<int:document_id>")
@roles_required(*READERS)
def show(document_id: int):
    """The document on A4, as issued, with its QR code on every printed page."""
    return render_template("documents/show.html", **_printable(document_id))


@bp.route("/<int:document_id>.pdf")
@roles_required(*READERS)
def pdf(document_id: int):
    """The document as a PDF: the same page, rendered by WeasyPrint."""
    context = _printable(document_id)
    html = render_template("documents/print.html", **context)
    response = current_app.response_class(render_pdf(html, request.url_root, current_user), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="document-{document_id}.pdf"'
    return response


@bp.route("/<int:document_id>/correct", methods=["POST"])
@roles_required(*OFFICE)
def correct(document_id: int):
    """Issue a correction: a new document of the next edition, made from the records as they are, citing this one."""
    document, _enterprise, _issued_by = get_document_for(current_user, document_id)
    try:
        corrected, created = commit_or_meet_twin(lambda: issue_document(
            acting_user(), _request_of(document)), "document correction")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".show", document_id=document_id))
    flash(_("%(reference)s replaces %(old)s.", reference=corrected.reference, old=document.reference), "success")
    return redirect(url_for(".show", document_id=corrected.id))


@bp.route("/<int:document_id>/verify")
@public
@limiter.limit(lambda: current_app.config["VERIFY_RATE_LIMIT"])
def verify(document_id: int):
    """Public: whether a printed document is genuine. Number, kind, enterprise, date, office and the SHA-256 of
    the frozen content (recomputed), and whether a correction replaced it. Nothing the paper does not show."""
    # An id no database column can hold is simply no document (not a 500 from the driver).
    document = db.session.get(Document, document_id) if 0 < document_id < 2**31 else None
    # The QR code's address carries the start of the hash (``k``): a key that does not match is a tampered address.
    # The bare address (as the contract names it) answers too, with what the paper itself shows.
    key = request.args.get("k")
    if document is None or (key is not None and not key_matches(document, key)):
        return render_template("documents/verify_unknown.html"), 404
    return render_template("documents/verify.html", document=document, content=document.content,
                           intact=content_intact(document), superseded_by=get_superseding(document))


def _printable(document_id: int) -> dict:
    document, enterprise, issued_by = get_document_for(current_user, document_id)
    address = verify_url(document)
    return {"document": document, "content": document.content, "kind": document.kind, "enterprise": enterprise,
            "issued_by": issued_by, "verify_address": address, "qr": qr_data_uri(address),
            "superseded_by": get_superseding(document), "hazards": get_linked_hazards(document),
            "can_correct": current_user.has_role(*OFFICE)}


def _request_of(document: Document) -> DocumentRequest:
    """The request that makes a correction of ``document``: the same kind and source."""
    content = document.content
    key = document.source_key
    if key.startswith("period:"):
        from datetime import date
        start, end = key.removeprefix("period:").split("/")
        return DocumentRequest(document.kind, period_from=date.fromisoformat(start), period_to=date.fromisoformat(end),
                               enterprise_codes=tuple(entry["code"] for entry in content.get("enterprises", [])),
                               corrects=document.id)
    if key.startswith("hazards:"):
        return DocumentRequest(document.kind, hazard_uuids=tuple(hazard["uuid"] for hazard in content["hazards"]),
                               corrects=document.id)
    if document.hazard_event_id is not None and not content.get("inspection"):
        from safety.hazards.models import HazardEvent
        return DocumentRequest(document.kind, event_uuid=db.session.get(HazardEvent, document.hazard_event_id).uuid,
                               corrects=document.id)
    return DocumentRequest(document.kind, inspection_uuid=content["inspection"]["uuid"], corrects=document.id)


"""``POST /api/v1/documents``: issue an enforcement document (the contract's shape; the phone path uses it too).

``{"type": …, "inspection_uuid" | "hazard_uuids" | "period": {"from", "to"}}`` (``event_uuid`` for the
opinion of a re-check without a look-back inspection, ``enterprise_codes`` for the enterprises a circular
names) → 201 ``{"id", "number", "type", "sha256", "verify_url", "pdf_url"}``; the same request again answers
the same document with 200. A document issued on a phone adds its number, year and receipt
(safety.documents.field).
"""
from dataclasses import replace

from flask import Blueprint, jsonify, url_for

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.api import commit_or_meet_twin, json_body
from safety.common.ratelimit import api_rate_limit
from safety.documents.field import parse_field_issue
from safety.documents.forms import document_request_from_json
from safety.documents.models import Document
from safety.documents.operations import issue_document
from safety.documents.printing import verify_url
from safety.users.models import Role

bp = Blueprint("documents_api", __name__)


def document_json(document: Document) -> dict:
    return {"id": document.id, "number": document.reference, "type": document.kind, "sha256": document.sha256,
            "verify_url": verify_url(document),
            "pdf_url": url_for("documents.pdf", document_id=document.id, _external=True)}


@bp.route("/api/v1/documents", methods=["POST"])
@roles_required(Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def post_document():
    body = json_body()
    request = document_request_from_json(body)
    request = replace(request, field=parse_field_issue(body, request.kind))  # the phone's number and receipt
    user = acting_user()
    document, created = commit_or_meet_twin(lambda: issue_document(user, request), "document issue")
    return jsonify(document_json(document)), (201 if created else 200)

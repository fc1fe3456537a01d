"""The inspection endpoints of the sync contract.

``POST /api/v1/inspections`` takes one inspection document (see DESIGN.md and
:mod:`safety.inspections.validation`): 201 with the stored document when new,
200 with ``"duplicate": true`` when the same user sent the same content before,
409 ``inspection_conflict`` when its UUID holds other content or another user's.
``GET /api/v1/inspections/<uuid>`` answers the stored document with its review state.
"""
from flask import Blueprint, jsonify
from flask_login import current_user

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.api import commit_or_meet_twin, json_body
from safety.common.ratelimit import api_rate_limit
from safety.inspections.operations import store_inspection
from safety.inspections.queries import get_inspection_contents, get_inspection_for
from safety.inspections.serialize import inspection_json
from safety.inspections.validation import parse_inspection
from safety.users.models import Role

bp = Blueprint("inspections", __name__)


@bp.route("/api/v1/inspections", methods=["POST"])
@roles_required(Role.INSPECTOR, Role.SUPERVISOR)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def post_inspection():
    document = parse_inspection(json_body())
    user = acting_user()

    # A new document is not looked up first: its unique UUID tells a resend, whose retry then answers it.
    recorded = commit_or_meet_twin(lambda: store_inspection(user, document, look_up_first=False),
                                   f"Inspection {document.uuid}", retry=lambda: store_inspection(user, document),
                                   keep_loaded=True)
    # What was just stored is answered from the objects written (with the numbers the commit gave its
    # hazards); a resend or a revision is read back.
    body = inspection_json(recorded.contents or get_inspection_contents(document.uuid))
    if not recorded.created:
        body["duplicate"] = True
    return jsonify(body), (201 if recorded.created else 200)


# Enterprises never read inspection documents; their view is the hazards at their enterprise.
@bp.route("/api/v1/inspections/<inspection_uuid>")
@roles_required(Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
def get_inspection(inspection_uuid: str):
    inspection = get_inspection_for(current_user, inspection_uuid)
    return jsonify(inspection_json(get_inspection_contents(inspection.uuid)))

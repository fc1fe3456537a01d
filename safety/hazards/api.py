"""The hazard endpoints of the sync contract.

``POST /api/v1/hazards/<uuid>/events`` takes one hazard event document (see
:mod:`safety.hazards.validation`): 201 with ``{"event", "hazard"}`` when stored,
200 with the same body when the event's UUID was stored before. An event that
no longer fits the hazard's state is stored all the same, with ``applied: false``;
an event type the user's role may never record is refused, 403
``role_may_not_record``, and nothing is stored.
``GET /api/v1/hazards/<uuid>`` answers the hazard with its whole event log.
"""
from flask import Blueprint, jsonify
from flask_login import current_user

from safety.auth.access import roles_required
from safety.common.actor import acting_user
from safety.common.api import commit_or_meet_twin, json_body
from safety.common.ratelimit import api_rate_limit
from safety.hazards.operations import record_hazard_event
from safety.hazards.queries import get_hazard_context, get_hazard_for
from safety.hazards.serialize import event_json, hazard_detail_json
from safety.users.models import Role

bp = Blueprint("hazards_api", __name__)


@bp.route("/api/v1/hazards/<hazard_uuid>/events", methods=["POST"])
@roles_required(Role.INSPECTOR, Role.ENTERPRISE, Role.SUPERVISOR)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def post_event(hazard_uuid: str):
    data = json_body()
    user = acting_user()
    event, created = commit_or_meet_twin(lambda: record_hazard_event(user, hazard_uuid, data),
                                         f"Hazard event {data.get('uuid')}")
    context = get_hazard_context(event.hazard)
    body = {"event": event_json(event, context), "hazard": hazard_detail_json(event.hazard, context)}
    return jsonify(body), (201 if created else 200)


@bp.route("/api/v1/hazards/<hazard_uuid>")
@roles_required(Role.INSPECTOR, Role.ENTERPRISE, Role.SUPERVISOR, Role.ADMIN)
def get_hazard(hazard_uuid: str):
    return jsonify(hazard_detail_json(get_hazard_for(current_user, hazard_uuid)))

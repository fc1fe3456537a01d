"""``GET /api/v1/openapi.json``: the sync API described for client developers and tools."""
from flask import Blueprint, jsonify

from safety.api_docs.spec import build_spec
from safety.auth.access import public

bp = Blueprint("api_docs", __name__)


@bp.route("/api/v1/openapi.json")
@public  # the description holds no data and tools fetch it before anyone signs in
def openapi():
    response = jsonify(build_spec())
    # It changes only with a deployment: an hour in any cache is fine.
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response

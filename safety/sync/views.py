"""``GET /api/v1/sync/pull``: the field app's offline data."""
import json

from flask import Blueprint, current_app, request

from safety.auth.access import signed_in
from safety.common.actor import acting_user
from safety.common.ratelimit import api_rate_limit
from safety.sync.pull import build_pull

bp = Blueprint("sync", __name__)


@bp.route("/api/v1/sync/pull")
@signed_in
@api_rate_limit("API_PULL_RATE_LIMIT")
def pull():
    body = build_pull(acting_user(), request.args.get("since"))
    # Compact and with Chinese as UTF-8 rather than \u escapes: a third smaller on the wire.
    response = current_app.response_class(json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"  # scoped, per-user data: no cache may keep it
    return response

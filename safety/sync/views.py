"""``GET /api/v1/sync/pull``: the field app's offline data."""
import orjson
from flask import Blueprint, current_app, request

from safety.auth.access import signed_in
from safety.common.actor import acting_user
from safety.common.ratelimit import api_rate_limit
from safety.documents.blocks import parse_device, parse_pending, renew_number_blocks
from safety.documents.queries import list_documents_for_phone
from safety.extensions import db
from safety.sync.pull import build_pull

bp = Blueprint("sync", __name__)


@bp.route("/api/v1/sync/pull")
@signed_in
@api_rate_limit("API_PULL_RATE_LIMIT")
def pull():
    user = acting_user()
    # The phone's document numbers for offline issuing (safety.documents.blocks): its own once committed.
    blocks = renew_number_blocks(user, parse_device(request.args.get("device")),
                                 parse_pending(request.args.get("pending")))
    db.session.commit()
    body = {**build_pull(user, request.args.get("since")), "number_blocks": blocks,
            "documents": list_documents_for_phone(user)}
    # orjson writes compact JSON with Chinese as UTF-8 rather than \u escapes (a third smaller on the wire than
    # escaped), and at a full pull's 2 MB several times faster than the standard library's encoder.
    response = current_app.response_class(orjson.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"  # scoped, per-user data: no cache may keep it
    return response

"""The campaign endpoints of the contract (DESIGN.md "Plans, campaigns and tasks").

Supervisors and administrators write; staff read what is theirs (see :mod:`safety.campaigns.queries`).
Refusals are the contract's JSON errors, raised by the domain functions; nothing is written then.
"""
from flask import Blueprint, jsonify

from safety.auth.access import OFFICE, roles_required
from safety.campaigns.figures import get_campaign_figures
from safety.campaigns.generation import draw_tasks
from safety.campaigns.operations import add_task, create_campaign
from safety.campaigns.queries import (get_campaign_for, get_campaign_to_manage, get_task_counts, list_campaigns_for,
                                      list_task_views)
from safety.campaigns.serialize import campaign_detail_json, campaign_listed_json, draw_json, task_json
from safety.campaigns.validation import parse_campaign, parse_draw, parse_task
from safety.common.actor import acting_user
from safety.common.api import json_body
from safety.common.ratelimit import api_rate_limit
from safety.common.office_time import office_today
from safety.extensions import db
from safety.users.models import STAFF_ROLES

bp = Blueprint("campaigns_api", __name__)


@bp.route("/api/v1/campaigns")
@roles_required(*STAFF_ROLES)
def index():
    campaigns = list_campaigns_for(acting_user())
    counts = get_task_counts([c.id for c in campaigns if not c.frozen_figures], office_today())
    return jsonify({"campaigns": [campaign_listed_json(c, c.frozen_figures or counts.get(c.id, {}))
                                  for c in campaigns]})


@bp.route("/api/v1/campaigns", methods=["POST"])
@roles_required(*OFFICE)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def create():
    campaign = create_campaign(acting_user(), parse_campaign(json_body()))
    body = campaign_detail_json(campaign, get_campaign_figures(campaign))
    db.session.commit()
    return jsonify(body), 201


@bp.route("/api/v1/campaigns/<campaign_code>")
@roles_required(*STAFF_ROLES)
def show(campaign_code: str):
    campaign = get_campaign_for(acting_user(), campaign_code)
    return jsonify(campaign_detail_json(campaign, get_campaign_figures(campaign)))


@bp.route("/api/v1/campaigns/<campaign_code>/tasks", methods=["POST"])
@roles_required(*OFFICE)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def post_task(campaign_code: str):
    document = parse_task(json_body())
    campaign = get_campaign_to_manage(acting_user(), campaign_code)
    task = add_task(acting_user(), campaign, document)
    body = task_json(list_task_views([task.id], office_today())[0], campaign)
    db.session.commit()
    return jsonify(body), 201


@bp.route("/api/v1/campaigns/<campaign_code>/draw", methods=["POST"])
@roles_required(*OFFICE)
@api_rate_limit("API_WRITE_RATE_LIMIT")
def post_draw(campaign_code: str):
    wanted = parse_draw(json_body())
    campaign = get_campaign_to_manage(acting_user(), campaign_code)
    draw, tasks = draw_tasks(acting_user(), campaign, wanted)
    views = list_task_views([task.id for task in tasks], office_today())
    body = draw_json(draw, [task_json(view, campaign) for view in views])
    db.session.commit()
    return jsonify(body), 201

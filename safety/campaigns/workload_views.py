"""The workload page (``/campaigns/workload``): per person, the tasks and inspections of a period, overall or for
one campaign (``?campaign=CODE``), in the reader's scope. Supervisors rebalance tasks from it."""
from flask import Blueprint, render_template, request

from safety.auth.access import OFFICE, roles_required
from safety.campaigns import queries
from safety.campaigns.vocabulary import team_role_label
from safety.campaigns.workload import get_workload
from safety.common.actor import acting_user
from safety.common.errors import DomainError
from safety.common.office_time import office_today
from safety.common.templating import share_with_templates
from safety.reports.periods import CUSTOM, Period, parse_period

bp = Blueprint("campaign_workload", __name__, url_prefix="/campaigns")
share_with_templates(bp, team_role_label=team_role_label)
PERIOD_ARGS = ("period", "year", "from", "to")


@bp.route("/workload")
@roles_required(*OFFICE)
def workload():
    """Tasks assigned, done, past due and to do, and inspections, per person; a campaign's period unless another
    is asked for, else this quarter."""
    user, today = acting_user(), office_today()
    code = (request.args.get("campaign") or "").strip()
    campaign = queries.get_campaign_for(user, code) if code else None
    campaigns = queries.list_campaigns_for(user)
    try:
        if campaign is not None and not any((request.args.get(name) or "").strip() for name in PERIOD_ARGS):
            period = Period(campaign.starts_on, campaign.ends_on, CUSTOM)
        else:
            period = parse_period(request.args, today)
    except DomainError as error:
        return render_template("campaigns/workload.html", error=error, period=None, campaign=campaign,
                               campaigns=campaigns, load=None, args=request.args, today=today), 400
    return render_template("campaigns/workload.html", error=None, period=period, campaign=campaign,
                           campaigns=campaigns, load=get_workload(user, period.start, period.end, today, campaign),
                           args=request.args, today=today)

"""The random draw in the back office (双随机、一公开): the draw form, then the published list to print and
its Excel. Thin over :func:`safety.campaigns.generation.draw_tasks`: the same rule and checks as the API."""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from safety.auth.access import OFFICE, roles_required
from safety.campaigns import queries
from safety.campaigns.forms import DrawForm
from safety.campaigns.generation import draw_tasks
from safety.campaigns.operations import set_draw_rule
from safety.campaigns.published import draw_parameters, draw_xlsx, get_published_draw, published_title
from safety.campaigns.validation import parse_draw
from safety.campaigns.vocabulary import CLOSED
from safety.common.actor import acting_user
from safety.common.forms import commit_form

bp = Blueprint("campaign_draws", __name__, url_prefix="/campaigns")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The draw's refusals name the API's fields; the form's names for them.
DRAW_FIELDS = {"share": "share_percent", "staff": "team_size", "scope": "count", "ends_on": "count"}


@bp.route("/<campaign_code>/draw", methods=["GET", "POST"])
@roles_required(*OFFICE)
def draw(campaign_code: str):
    """The published list once drawn; before that, the draw form for those who manage the campaign."""
    find = queries.get_campaign_to_manage if request.method == "POST" else queries.get_campaign_for
    campaign = find(acting_user(), campaign_code)
    published = get_published_draw(campaign)
    if published is not None:
        return render_template("campaigns/draw.html", campaign=campaign, published=published,
                               title=published_title(campaign), parameters=draw_parameters(published))
    manages = campaign.status != CLOSED and queries.can_manage_campaign(acting_user(), campaign)
    form, refused = DrawForm(), False
    if manages and form.validate_on_submit():
        def draw_now():
            wanted = parse_draw(form.request())
            set_draw_rule(campaign, form.exclude_own_grid_alone.data)
            return draw_tasks(acting_user(), campaign, wanted)

        saved, drawn = commit_form(form, draw_now, field_names=DRAW_FIELDS)
        if saved:
            made, tasks = drawn
            flash(_("%(num)s enterprises have been drawn with the seed %(seed)s; their tasks are made.",
                    num=len(tasks), seed=made.seed), "success")
            return redirect(url_for(".draw", campaign_code=campaign.code))
        refused = True
    status = 400 if refused or any(field.errors for field in form) else 200
    return render_template("campaigns/draw_form.html", campaign=campaign, form=form, manages=manages,
                           pool=queries.count_scope_enterprises(campaign.scope)), status


@bp.route("/<campaign_code>/draw.xlsx")
@roles_required(*OFFICE)
def draw_as_xlsx(campaign_code: str):
    """The published list as an Excel workbook."""
    campaign = queries.get_campaign_for(acting_user(), campaign_code)
    published = get_published_draw(campaign)
    if published is None:
        flash(_("No draw has been made in this campaign yet."), "error")
        return redirect(url_for(".draw", campaign_code=campaign.code))
    response = make_response(draw_xlsx(published))
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = f"attachment; filename=draw-{campaign.code}.xlsx"
    return response

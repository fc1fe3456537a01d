"""The campaign report: printable, as JSON (``GET /campaigns/<code>/report.json``) and as Excel."""
from flask import Blueprint, jsonify, make_response, render_template, request

from safety.auth.access import OFFICE, roles_required
from safety.campaigns import queries
from safety.campaigns.rollup import get_rollup_for
from safety.campaigns.report import DEFINITIONS, get_campaign_report, report_json, report_paragraph, report_xlsx
from safety.common.actor import acting_user
from safety.common.errors import DomainError, error_response
from safety.common.office_time import office_today

bp = Blueprint("campaign_reports", __name__, url_prefix="/campaigns")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/<campaign_code>/report")
@roles_required(*OFFICE)
def report(campaign_code: str):
    """The printable report: the paragraph in the office's wording, the figures, coverage, verdicts and
    what each figure counts."""
    campaign_report = get_campaign_report(queries.get_campaign_for(acting_user(), campaign_code))
    return render_template("campaigns/report.html", report=campaign_report, campaign=campaign_report.campaign,
                           figures=campaign_report.figures, paragraph=report_paragraph(campaign_report),
                           definitions=DEFINITIONS, rollup=_rollup(campaign_report))


def _rollup(campaign_report):
    """The report's table by unit, for the unit asked for (``?unit=``) or the reader's (see get_rollup_for)."""
    return get_rollup_for(acting_user(), campaign_report.campaign, request.args.get("unit"),
                          campaign_report.figures.as_of)


@bp.route("/<campaign_code>/report.json")
@roles_required(*OFFICE)
def report_as_json(campaign_code: str):
    """The report's figures, verdicts and paragraph as JSON, with the table by unit (``?unit=``)."""
    campaign_report = get_campaign_report(queries.get_campaign_for(acting_user(), campaign_code))
    try:
        rollup = _rollup(campaign_report)
    except DomainError as error:  # a unit unknown or outside the reader's: the contract's error body
        return error_response(error.status, error.code, error.message, error.field)
    return jsonify({**report_json(campaign_report), **(rollup.as_json() if rollup else {"by_unit": []})})


@bp.route("/<campaign_code>/report.xlsx")
@roles_required(*OFFICE)
def report_as_xlsx(campaign_code: str):
    """The report sheet, the table by unit (``?unit=``), every task and every verdict as an Excel workbook."""
    campaign = queries.get_campaign_for(acting_user(), campaign_code)
    campaign_report = get_campaign_report(campaign)
    response = make_response(report_xlsx(campaign_report, queries.list_all_task_views(campaign.id, office_today()),
                                          queries.list_outcomes(campaign.id) if campaign_report.outcomes is not None
                                          else [], _rollup(campaign_report)))
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = f"attachment; filename=campaign-{campaign.code}.xlsx"
    return response

"""The dashboard and the summary report (printable HTML, JSON and Excel), for supervisors and admins.

Every page reads the period and the grid from the query string (see :mod:`safety.reports.periods`
and :mod:`safety.reports.scope`): a malformed period is answered with the page and the message
(400), a grid outside the user's jurisdiction with 403.
"""
import re

from flask import Blueprint, current_app, jsonify, make_response, render_template, request, url_for
from flask_login import current_user

from safety.auth.access import OFFICE, roles_required
from safety.campaigns.queries import list_active_campaigns_with_progress
from safety.campaigns.vocabulary import campaign_kind_label, report_category_label
from safety.common.errors import DomainError, error_response
from safety.common.office_time import office_date, office_today
from safety.common.rates import rate_tone
from safety.reports.attention import get_coverage, list_most_open_hazards
from safety.reports.charts import chart_data
from safety.reports.lists import list_period_hazards, list_period_inspections
from safety.reports.periods import PRESET_LABELS, QUARTERS, parse_period
from safety.reports.scope import get_report_scope, list_report_grids, list_report_units
from safety.reports.summary import get_summary, summary_json
from safety.reports.wording import (
    CAMPAIGN_KEYS,
    CAMPAIGN_LABELS,
    FIGURE_KEYS,
    FIGURE_LABELS,
    TOTAL_KEYS,
    definitions,
    figure_value,
    rate_class,
    report_tables,
    summary_paragraph,
)
from safety.reports.workbook import summary_xlsx
from safety.referrals.queries import list_referrals
from safety.units.rollup import ROLLUP_KEYS, child_lines, rollup_json

bp = Blueprint("reports", __name__, url_prefix="/reports")
bp.add_app_template_filter(office_date, "office_date")
bp.add_app_template_global(rate_tone)  # app-wide: the campaign pages colour their rates the same way
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def preset_links(endpoint: str, period, args, today) -> dict:
    """The preset links of the period controls, keeping the grid: (label, url, current) by group."""
    grid = {key: args[key] for key in ("grid", "unit") if args.get(key)}
    year = period.year if period else today.year
    shown = period.as_args() if period else {}
    around = shown.get("period") if shown.get("period") in QUARTERS + ("year",) else "year"

    def link(label, **query):
        return {"label": label, "url": url_for(endpoint, **query, **grid), "current": query == shown}

    return {"presets": [link(PRESET_LABELS["month"], period="month"), link(PRESET_LABELS["quarter"], period="quarter"),
                        link(PRESET_LABELS["year"], period="year", year=str(year))],
            "year": year, "previous_year": url_for(endpoint, period=around, year=year - 1, **grid),
            "next_year": url_for(endpoint, period=around, year=year + 1, **grid),
            "quarters": [link(PRESET_LABELS[quarter], period=quarter, year=str(year)) for quarter in QUARTERS]}


@bp.context_processor
def _report_helpers():
    return {"FIGURE_KEYS": FIGURE_KEYS, "FIGURE_LABELS": FIGURE_LABELS, "figure_value": figure_value, "rate_class": rate_class,
            "campaign_kind_label": campaign_kind_label, "report_category_label": report_category_label,
            "TOTAL_KEYS": TOTAL_KEYS, "CAMPAIGN_KEYS": CAMPAIGN_KEYS, "CAMPAIGN_LABELS": CAMPAIGN_LABELS,
            "preset_links": preset_links, "has_ledger": "hazards.ledger" in current_app.view_functions,
            "ROLLUP_KEYS": ROLLUP_KEYS, "report_units": list_report_units(current_user)}


def _period_and_scope():
    return parse_period(request.args), get_report_scope(current_user, request.args.get("grid"),
                                                        request.args.get("unit"))


def _refused(template: str, error: DomainError):
    """The page with the period form and the message, for a period or grid that could not be read."""
    if error.status != 400:
        raise error
    return render_template(template, error=error, args=request.args, grids=list_report_grids(current_user),
                           today=office_today()), 400


@bp.route("/")
@roles_required(*OFFICE)
def dashboard():
    """Figures, charts and tables for a period, the enterprises with most open hazards, and coverage."""
    try:
        period, scope = _period_and_scope()
    except DomainError as error:
        return _refused("reports/dashboard.html", error)
    today = office_today()
    summary = get_summary(scope, period, today, breakdowns=False)  # the dashboard shows neither kinds nor campaigns
    tables = report_tables(summary)
    return render_template("reports/dashboard.html", summary=summary, tables=tables, children=child_lines(summary),
                           charts=chart_data(summary, *tables),
                           coverage=get_coverage(scope, period, today), most_open=list_most_open_hazards(scope, today),
                           active_campaigns=list_active_campaigns_with_progress(current_user, today),
                           overdue_referrals=list_referrals(current_user, overdue_on=today, limit=10),
                           args=request.args, grids=list_report_grids(current_user), today=today)


@bp.route("/summary")
@roles_required(*OFFICE)
def summary():
    """The printable summary: the office's paragraph with the numbers, then the tables."""
    try:
        period, scope = _period_and_scope()
    except DomainError as error:
        return _refused("reports/summary.html", error)
    report = get_summary(scope, period)
    return render_template("reports/summary.html", summary=report, paragraph=summary_paragraph(report),
                           children=child_lines(report),
                           tables=report_tables(report), definitions=definitions(), args=request.args, grids=list_report_grids(current_user),
                           today=report.as_of)


@bp.route("/summary.json")
@roles_required(*OFFICE)
def summary_as_json():
    """The same figures as JSON; errors as the contract's JSON error body."""
    try:
        period, scope = _period_and_scope()
    except DomainError as error:
        return error_response(error.status, error.code, error.message, error.field)
    report = get_summary(scope, period)
    return jsonify({**summary_json(report), **rollup_json(report, child_lines(report))})


@bp.route("/summary.xlsx")
@roles_required(*OFFICE)
def summary_as_xlsx():
    """The summary sheet, the hazards found and the inspections finished in the period."""
    period, scope = _period_and_scope()
    report = get_summary(scope, period)
    response = make_response(summary_xlsx(report, list_period_hazards(scope, period, report.as_of),
                                          list_period_inspections(scope, period), child_lines(report)))
    response.headers["Content-Type"] = XLSX
    grid = "-" + re.sub(r"[^A-Za-z0-9_-]", "", scope.grid.code) if scope.grid is not None else ""
    if scope.unit_asked:
        grid += "-" + re.sub(r"[^A-Za-z0-9_-]", "", scope.unit.code)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=summary-{period.start:%Y%m%d}-{period.end:%Y%m%d}{grid}.xlsx")
    return response

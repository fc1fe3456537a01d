"""What the dashboard's charts draw, as JSON for static/js/charts.js (the page carries no script of its own)."""
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from safety.reports.summary import Summary
from safety.reports.wording import FIGURE_LABELS, Table

SERIES = ("hazards_found", "rectified", "major_hazards")


def _month_label(key: str, one_year: bool) -> str:
    """Short month names on the axis ("3月", "Mar"), with the year only when the period spans several."""
    year, month = (int(part) for part in key.split("-"))
    return format_skeleton("MMM" if one_year else "yMMM", date(year, month, 1), locale=get_locale())


def chart_data(summary: Summary, sector: Table, grid: Table, month: Table) -> dict:
    """Labels and series of the sector, grid and month tables: the charts show the tables' own numbers.

    The grids are named without their codes and the months briefly: axis labels have little room.
    """
    def series(table: Table, labels: list[str], keys=SERIES) -> dict:
        return {"title": table.title, "labels": labels,
                "series": [{"key": key, "label": str(FIGURE_LABELS[key]),
                            "data": [getattr(figures, key) for _label, figures in table.rows]} for key in keys]}

    one_year = summary.period.start.year == summary.period.end.year
    return {
        "sector": series(sector, [label for label, _figures in sector.rows]),
        "grid": series(grid, [name or _("No grid") for _code, name, _figures in summary.by_grid]),
        "month": series(month, [_month_label(key, one_year) for key, _figures in summary.by_month],
                        ("inspections",) + SERIES),
    }

"""What the dashboard's charts draw, as JSON for static/js/charts.js (the page carries no script of its own)."""
from safety.reports.wording import FIGURE_LABELS, Table

SERIES = ("hazards_found", "rectified", "major_hazards")


def chart_data(sector: Table, grid: Table, month: Table) -> dict:
    """Labels and series of the sector, grid and month tables: the charts show the tables' own numbers."""
    def series(table: Table, keys=SERIES) -> dict:
        return {"title": table.title,
                "labels": [label for label, _figures in table.rows],
                "series": [{"key": key, "label": str(FIGURE_LABELS[key]),
                            "data": [getattr(figures, key) for _label, figures in table.rows]} for key in keys]}

    return {"sector": series(sector), "grid": series(grid), "month": series(month, ("inspections",) + SERIES)}

"""Roll-up: a unit's figures with a ranked table of its children (the table of a quarterly 通报).

Keyed on the grid, as the summary is: every figure of the summary is counted per grid, a grid belongs to
one unit, so a child unit's line is the sum of the grid lines of its subtree, and a parent's totals are the sum
of its children's lines (and of the grids directly under it) by construction. The summary's own statements
are all it costs, plus one statement reading where each grid sits in the tree.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from safety.extensions import db
from safety.reports.summary import Figures, Summary
from safety.units.models import Unit, unit_grids
from safety.units.tree import child_units, get_root
from safety.users.models import Grid

UNIT, GRID = "unit", "grid"
# The columns of the children's table, in the order a bureau's circular lists them.
ROLLUP_KEYS = ("inspections", "enterprises_inspected", "hazards_found", "major_hazards", "rectified",
               "rectification_rate", "overdue", "documents_issued")


@dataclass
class ChildLine:
    """One row of the children's table: a child unit (its subtree summed) or a grid directly under the unit."""

    kind: str  # UNIT or GRID
    code: str | None  # None: the enterprises without a grid (only under the root)
    name: str
    figures: Figures
    rank: int = 0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "code": self.code, "name": self.name, "rank": self.rank,
                **self.figures.as_dict()}


def child_lines(summary: Summary) -> list[ChildLine]:
    """The unit's children with their figures, ranked; empty when the summary is not a unit's or the unit has
    no child units (its grids are then the summary's own grid table)."""
    unit = summary.scope.unit
    if unit is None:
        return []
    children = child_units(unit)
    if not children:
        return []
    root = get_root()
    home = dict(db.session.execute(select(Grid.code, Unit.path).select_from(Grid)
                                   .outerjoin(unit_grids, unit_grids.c.grid_id == Grid.id)
                                   .outerjoin(Unit, Unit.id == unit_grids.c.unit_id)).all())
    lines = {child.id: ChildLine(UNIT, child.code, child.name, Figures()) for child in children}
    own: list[ChildLine] = []
    for code, name, figures in summary.by_grid:
        path = home.get(code) or root.path  # a grid without a unit, and no grid at all, are the root's
        child = next((child for child in children if path.startswith(child.path)), None)
        if child is not None:
            lines[child.id].figures.add(figures)
        elif path.startswith(unit.path):
            own.append(ChildLine(GRID, code, name, figures))
    return rank([*lines.values(), *own])


def rank(lines: list[ChildLine]) -> list[ChildLine]:
    """Ranked as a circular ranks them: the highest rectification rate first (nothing found: last), then the
    fewest overdue, then the most inspections; ties share a rank."""
    def key(line: ChildLine):
        rate = line.figures.rectification_rate
        return (rate is None, -(rate or 0), line.figures.overdue, -line.figures.inspections)
    ordered = sorted(lines, key=lambda line: (key(line), line.code or ""))
    for position, line in enumerate(ordered):
        line.rank = ordered[position - 1].rank if position and key(ordered[position - 1]) == key(line) else position + 1
    return ordered


def rollup_json(summary: Summary, lines: list[ChildLine]) -> dict:
    """The summary JSON's additions: the unit and its children's table."""
    unit = summary.scope.unit
    return {"unit": None if unit is None else {"code": unit.code, "name": unit.name, "kind": unit.kind},
            "by_unit": [line.as_dict() for line in lines]}

"""An enterprise moving between grids, and so perhaps between units.

How a move is treated, decided once here:

* its history moves with it: its inspections, hazards (open ones included) and documents stay its own, so
  whoever sees the enterprise now sees all of them, and its open hazards are the new unit's to follow up;
* the figures of past periods stay where they were counted: a report attributes an inspection, a hazard
  found (and whether it is struck off or overdue now) or a document to the grid the enterprise was in *when
  it happened* (:func:`grid_at`): each row of the kept daily figures carries that grid, a move never rewrites
  it, and a past day counted again after the move keeps it (:mod:`safety.reports.rollup`). A quarter already
  reported upward reads the same after the move; the lists of what is open now (the ledger, the dashboard's
  overdue hazards) follow the enterprise.

Each move is a row of ``enterprise_moves``; :func:`grid_at` reads them.
"""
from __future__ import annotations

from sqlalchemy import case, func, select

from safety.extensions import db
from safety.units.models import EnterpriseMove


def record_move(enterprise, from_grid, to_grid) -> EnterpriseMove | None:
    """Note that ``enterprise`` left ``from_grid`` for ``to_grid`` (None for no grid); None when it did not move."""
    from safety.hazards.models import Hazard

    from_id = from_grid.id if from_grid is not None else None
    to_id = to_grid.id if to_grid is not None else None
    if from_id == to_id:
        return None
    open_hazards = db.session.scalar(select(func.count()).select_from(Hazard).where(
        Hazard.enterprise_id == enterprise.id, Hazard.status != "closed"))
    move = EnterpriseMove(enterprise_id=enterprise.id, from_grid_id=from_id, to_grid_id=to_id,
                          open_hazards=open_hazards or 0)
    db.session.add(move)
    db.session.flush()
    return move


def last_move(enterprise, since: EnterpriseMove | None = None) -> EnterpriseMove | None:
    """The enterprise's latest move, or None (also when it is ``since``, the one before a change)."""
    move = db.session.scalar(select(EnterpriseMove).where(EnterpriseMove.enterprise_id == enterprise.id)
                             .order_by(EnterpriseMove.id.desc()).limit(1))
    return None if move is None or (since is not None and move.id == since.id) else move


def grid_at(enterprise_id_column, grid_id_column, at_column):
    """A SQL expression: the grid an enterprise was in at ``at_column`` — the ``from_grid`` of its first move
    after that moment, or its current grid (``grid_id_column``) when it has not moved since.

    Correlated on the enterprise, read from the (enterprise, moved_at) index: one statement still.
    """
    first_move_after = (select(EnterpriseMove.from_grid_id)
                        .where(EnterpriseMove.enterprise_id == enterprise_id_column,
                               EnterpriseMove.moved_at > at_column)
                        .order_by(EnterpriseMove.moved_at, EnterpriseMove.id).limit(1).scalar_subquery())
    has_move_after = (select(EnterpriseMove.id)
                      .where(EnterpriseMove.enterprise_id == enterprise_id_column,
                             EnterpriseMove.moved_at > at_column).exists())
    return case((has_move_after, first_move_after), else_=grid_id_column)

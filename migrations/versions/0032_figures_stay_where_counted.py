"""Figures stay where they were counted: the daily figures of an enterprise that has moved between grids (and so
perhaps units) are counted again, each day with the grid the enterprise was in that day, read from
``enterprise_moves``. Until now a move rewrote the grid of all its rows, so a past quarter of the old unit lost them.

No column changes: ``daily_figures.grid_id`` keeps its name and now means the grid of the day, not the current one.
Only the rows of enterprises with a recorded move are rewritten.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05 01:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    moved = [row[0] for row in bind.execute(sa.text("SELECT DISTINCT enterprise_id FROM enterprise_moves "
                                                    "ORDER BY enterprise_id"))]
    if moved:
        from safety.reports.rollup import rebuild_figures
        for start in range(0, len(moved), 500):
            rebuild_figures(bind, moved[start:start + 500])


def downgrade():
    # The rows as 0031 kept them: every row of a moved enterprise with its current grid.
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE daily_figures SET grid_id = (SELECT grid_id FROM enterprises "
                         "WHERE enterprises.id = daily_figures.enterprise_id) "
                         "WHERE enterprise_id IN (SELECT enterprise_id FROM enterprise_moves)"))

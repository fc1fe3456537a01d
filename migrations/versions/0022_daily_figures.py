"""Daily figures: the summary's counts kept per enterprise and office day, filled from the records stored so far.

From now on the transaction that writes a hazard or an inspection counts its day again
(safety.reports.rollup); this migration counts every day once, on the office's calendar (``TIMEZONE``).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 21:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

COUNTS = ('inspections', 'people_visits', 'hazards_found', 'major_hazards', 'found_on_the_spot', 'rectified',
          'rectified_on_the_spot', 'awaiting_recheck', 'failed_recheck', 'escalated', 'open_with_deadline',
          'open_not_escalated', 'documents_issued')


def upgrade():
    op.create_table(
        'daily_figures',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('sector', sa.String(length=32), nullable=False),
        sa.Column('grid_id', sa.Integer(), nullable=True),
        *[sa.Column(name, sa.Integer(), server_default='0', nullable=False) for name in COUNTS],
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                                name=op.f('fk_daily_figures_enterprise_id_enterprises'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_daily_figures_grid_id_grids'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('day', 'enterprise_id', name=op.f('pk_daily_figures')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_daily_figures_enterprise_id'), 'daily_figures', ['enterprise_id'])
    from safety.reports.rollup import rebuild_figures
    rebuild_figures(op.get_bind())


def downgrade():
    op.drop_index(op.f('ix_daily_figures_enterprise_id'), table_name='daily_figures')
    op.drop_table('daily_figures')

"""Enterprise standing: each enterprise's hazards not yet closed, how many are major, and its last inspection, kept
as records are written (safety.reports.standing) and counted here from the records stored so far.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 01:40:00

"""
from alembic import op
import sqlalchemy as sa

import safety.common.types


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'enterprise_standing',
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('open_hazards', sa.Integer(), server_default='0', nullable=False),
        sa.Column('open_major', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_finished_at', safety.common.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                                name=op.f('fk_enterprise_standing_enterprise_id_enterprises'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('enterprise_id', name=op.f('pk_enterprise_standing')),
    )
    op.create_index(op.f('ix_enterprise_standing_open_hazards'), 'enterprise_standing', ['open_hazards'])
    from safety.reports.standing import recount_standing
    recount_standing(op.get_bind())


def downgrade():
    op.drop_index(op.f('ix_enterprise_standing_open_hazards'), table_name='enterprise_standing')
    op.drop_table('enterprise_standing')

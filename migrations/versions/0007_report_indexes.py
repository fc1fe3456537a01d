"""Indexes for the back office at district scale: inspections by enterprise and finish time (the
dashboard's coverage reads each enterprise's last inspection from the index alone), and hazards by
deadline (the ledger sorted by deadline reads its page from the index instead of sorting every hazard).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:00:00

"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index('ix_inspections_enterprise_finished', ['enterprise_id', 'finished_at'], unique=False)
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.create_index('ix_hazards_deadline', ['deadline'], unique=False)


def downgrade():
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.drop_index('ix_hazards_deadline')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_inspections_enterprise_finished')

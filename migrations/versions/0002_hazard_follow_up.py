"""Hazard follow-up: escalation, recurrence, failed re-checks, the five fixes and listed supervision;
an index for "which inspections used this template version".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:40:00

"""
from alembic import op
import sqlalchemy as sa
import safety.common.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('escalated_at', safety.common.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('recurring', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('failed_recheck_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('funds', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('emergency_plan', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('supervising_unit', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('supervision_deadline', sa.Date(), nullable=True))
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspections_template_version_id'), ['template_version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspections_template_version_id'))
    with op.batch_alter_table('hazards', schema=None) as batch_op:
        for column in ('supervision_deadline', 'supervising_unit', 'emergency_plan', 'funds',
                       'failed_recheck_count', 'recurring', 'escalated_at', 'escalated'):
            batch_op.drop_column(column)

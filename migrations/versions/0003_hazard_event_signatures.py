"""Hazard events: who signed the step, and the plan a plan_set event recorded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hazard_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_by', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('plan', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('hazard_events', schema=None) as batch_op:
        batch_op.drop_column('plan')
        batch_op.drop_column('signed_by')

"""Campaigns carry a sync revision: a phone's tasks change when their campaign does.

A task sent to a phone shows its campaign's name, kind and checklists, and goes out only while the campaign is
active; activating, editing or closing the campaign changes none of the task's own rows, so the pull finds those
tasks through the campaign's revision instead.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 18:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('campaigns', sa.Column('sync_rev', sa.Integer(), nullable=False, server_default='0'))
    op.create_index(op.f('ix_campaigns_sync_rev'), 'campaigns', ['sync_rev'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_campaigns_sync_rev'), table_name='campaigns')
    # ALTER TABLE ... DROP COLUMN, not a batch: nothing refers to the column, and a batch would copy the table.
    op.drop_column('campaigns', 'sync_rev')

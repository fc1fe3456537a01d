"""Checklist items gain limits for number items (lower, upper, unit) and a finding: the failure wording.

A number item with limits fails when its reading falls outside them (临时存放数量 above what a shift uses,
报警器读数 above 25%LEL). The finding (「危险化学品未储存在专用仓库」) is what the phone puts in a new
hazard's description instead of the question. All four are empty on existing items, so versions that
inspections used read as they did: no limits, no finding.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('template_items', sa.Column('min_value', sa.Float(), nullable=True))
    op.add_column('template_items', sa.Column('max_value', sa.Float(), nullable=True))
    op.add_column('template_items', sa.Column('unit', sa.String(length=20), nullable=False, server_default=''))
    op.add_column('template_items', sa.Column('finding', sa.Text(), nullable=False, server_default=''))


def downgrade():
    # DROP COLUMN, not a batch: a batch copies and drops the table, and answers refer to its rows.
    op.drop_column('template_items', 'finding')
    op.drop_column('template_items', 'unit')
    op.drop_column('template_items', 'max_value')
    op.drop_column('template_items', 'min_value')

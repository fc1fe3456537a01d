"""Visits: the checklists an inspector went through at one enterprise in one visit, grouped.

The inspection document of the sync contract names one template. A visit that needs the fire and the
hazardous-chemicals checklists is sent as one inspection per checklist, each carrying the same
``visit_uuid`` (made by the phone), so the review page can show them together. Inspections stored before
stay NULL: each was a visit of its own.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('inspections', sa.Column('visit_uuid', sa.String(length=36), nullable=True))
    op.create_index('ix_inspections_visit_uuid', 'inspections', ['visit_uuid'])


def downgrade():
    op.drop_index('ix_inspections_visit_uuid', table_name='inspections')
    # DROP COLUMN, not a batch: a batch copies and drops the table, and answers cascade from its rows.
    op.drop_column('inspections', 'visit_uuid')

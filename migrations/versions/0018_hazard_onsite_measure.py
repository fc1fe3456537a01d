"""The on-site measure (现场处理措施) ordered for a hazard from the phone's hazard sheet: ``hazards.onsite_measure``,
JSON ``{measure, place, legal_basis}`` or NULL (safety.documents.onsite).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 21:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('hazards', sa.Column('onsite_measure', sa.JSON(), nullable=True))


def downgrade():
    # DROP COLUMN, not a batch: a batch copies and drops the table, and events cascade from its rows.
    op.drop_column('hazards', 'onsite_measure')

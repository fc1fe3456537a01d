"""Content hashes: an inspection or hazard event sent again under its UUID is the same content or a conflict.

The SHA-256 of the document as sent (safety.common.canonical) is kept with the row. Rows stored before stay
NULL: their documents are not at hand to hash, and what the rows hold cannot be turned back into them exactly
(answer values were normalised, hazards' plans changed since), so a resend of one is compared with what the
rows hold instead (safety.inspections.operations, safety.hazards.operations).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('inspections', sa.Column('content_hash', sa.String(length=64), nullable=True))
    op.add_column('hazard_events', sa.Column('content_hash', sa.String(length=64), nullable=True))


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not a batch: a batch copies the table and drops the
    # old one, and with foreign keys on, dropping inspections would first delete its answers (ON DELETE CASCADE).
    op.drop_column('hazard_events', 'content_hash')
    op.drop_column('inspections', 'content_hash')

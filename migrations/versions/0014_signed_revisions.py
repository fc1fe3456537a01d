"""Signatures tied to what was signed: per inspection, the fingerprint of its signed content, which revision each
signature belongs to and the content the representative's was given for, and why the enterprise did not sign.

First documents stored before keep their signatures as given on revision 1 (they were drawn with the document);
revisions stored before are left unknown: whether their carried signature still covered them was never checked.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('inspections', sa.Column('signed_content_sha256', sa.String(length=64), nullable=True))
    op.add_column('inspections', sa.Column('inspector_signed_revision', sa.Integer(), nullable=True))
    op.add_column('inspections', sa.Column('representative_signed_revision', sa.Integer(), nullable=True))
    op.add_column('inspections', sa.Column('representative_signed_sha256', sa.String(length=64), nullable=True))
    op.add_column('inspections', sa.Column('representative_absent_reason', sa.Text(), nullable=False,
                                           server_default=''))
    for column, purpose in (('inspector_signed_revision', 'inspector_signature'),
                            ('representative_signed_revision', 'representative_signature')):
        op.execute(f"UPDATE inspections SET {column} = 1 WHERE revision = 1 AND EXISTS (SELECT 1 FROM photos "
                   f"WHERE photos.inspection_id = inspections.id AND photos.purpose = '{purpose}')")


def downgrade():
    # DROP COLUMN, not a batch: a batch copies and drops the table, which would cascade to its answers.
    for column in ('representative_absent_reason', 'representative_signed_sha256', 'representative_signed_revision',
                   'inspector_signed_revision', 'signed_content_sha256'):
        op.drop_column('inspections', column)

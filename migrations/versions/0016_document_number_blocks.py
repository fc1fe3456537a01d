"""Number blocks: document numbers reserved for an inspector's phone at each pull (safety.documents.blocks).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 21:40:00

"""
from alembic import op
import sqlalchemy as sa

from safety.common.types import UTCDateTime


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_number_blocks',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id', ondelete='RESTRICT'), nullable=False),
        sa.Column('device', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('reserved_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('closed_at', UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index('uq_document_number_blocks_open', 'document_number_blocks', ['user_id', 'device', 'kind'],
                    unique=True, sqlite_where=sa.text('closed_at IS NULL'),
                    postgresql_where=sa.text('closed_at IS NULL'))
    op.create_table(
        'document_reserved_numbers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('block_id', sa.Integer(), sa.ForeignKey('document_number_blocks.id', ondelete='RESTRICT'),
                  nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id', ondelete='RESTRICT'), nullable=True),
        sa.Column('released_at', UTCDateTime(timezone=True), nullable=True),
        sa.UniqueConstraint('kind', 'year', 'number', name='uq_document_reserved_numbers_number'),
    )
    op.create_index('ix_document_reserved_numbers_block_id', 'document_reserved_numbers', ['block_id'])
    op.create_index('ix_document_reserved_numbers_state', 'document_reserved_numbers', ['kind', 'year', 'state'])


def downgrade():
    op.drop_table('document_reserved_numbers')
    op.drop_table('document_number_blocks')

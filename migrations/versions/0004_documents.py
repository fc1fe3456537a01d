"""Documents the office issues: rectification notices and re-inspection opinions, numbered per kind and year.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import safety.common.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=True),
    sa.Column('hazard_event_id', sa.Integer(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', safety.common.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_documents_enterprise_id_enterprises'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['hazard_event_id'], ['hazard_events.id'],
                            name=op.f('fk_documents_hazard_event_id_hazard_events'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_documents_inspection_id_inspections'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_documents_issued_by_id_users'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('kind', 'hazard_event_id', name='uq_documents_kind_hazard_event_id'),
    sa.UniqueConstraint('kind', 'inspection_id', name='uq_documents_kind_inspection_id'),
    sa.UniqueConstraint('kind', 'year', 'number', name='uq_documents_kind_year_number')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_documents_issued_at', ['issued_at'], unique=False)


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_issued_at')
        batch_op.drop_index(batch_op.f('ix_documents_enterprise_id'))
    op.drop_table('documents')

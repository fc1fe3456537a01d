"""Daily figures by kind of document: the documents issued per enterprise and office day split by kind (all but the
circular, which names no enterprise), so a report reads its documents_by_type from the kept rows; and an index on
the documents' kind and time, from which a report counts the circulars.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

KINDS = ('inspection_record', 'rectification_order', 'recheck_opinion', 'onsite_measures')


def upgrade():
    with op.batch_alter_table('daily_figures') as batch_op:
        for kind in KINDS:
            batch_op.add_column(sa.Column(f'documents_{kind}', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_documents_kind_issued', 'documents', ['kind', 'issued_at'])
    from safety.reports.rollup import rebuild_figures
    rebuild_figures(op.get_bind())


def downgrade():
    op.drop_index('ix_documents_kind_issued', table_name='documents')
    with op.batch_alter_table('daily_figures') as batch_op:
        for kind in KINDS:
            batch_op.drop_column(f'documents_{kind}')

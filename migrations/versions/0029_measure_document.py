"""An on-site measure (现场处理措施) decided by a 现场处理措施决定书 carries that document's number:
``enforcement_measures.document_id`` links the measure to the document that decided it (NULL for a measure
recorded by hand), and its ``decision_number`` is the document's.

One decision may order several measures of the same type (two machines stopped at one visit), one per hazard:
a decision number is unique per type only among the measures recorded without a hazard; those of the phone's
hazards are unique per hazard already (``uq_enforcement_measures_hazard_id``).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enforcement_measures') as batch:
        batch.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_enforcement_measures_document_id_documents'), 'documents',
                                 ['document_id'], ['id'], ondelete='RESTRICT')
        batch.drop_constraint('uq_enforcement_measures_decision_kind', type_='unique')
        batch.create_index('ix_enforcement_measures_document_id', ['document_id'])
    op.create_index('uq_enforcement_measures_decision_kind', 'enforcement_measures', ['decision_number', 'kind'],
                    unique=True, sqlite_where=sa.text('hazard_id IS NULL'),
                    postgresql_where=sa.text('hazard_id IS NULL'))


def downgrade():
    op.drop_index('uq_enforcement_measures_decision_kind', table_name='enforcement_measures')
    with op.batch_alter_table('enforcement_measures') as batch:
        batch.drop_index('ix_enforcement_measures_document_id')
        batch.create_unique_constraint('uq_enforcement_measures_decision_kind', ['decision_number', 'kind'])
        batch.drop_constraint(op.f('fk_enforcement_measures_document_id_documents'), type_='foreignkey')
        batch.drop_column('document_id')

"""Inspection revisions: a returned inspection's amended resubmission names the one it revises.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('original_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inspections_original_id'), ['original_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_inspections_original_id_inspections'), 'inspections',
                                    ['original_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_inspections_revision_of_id'), ['revision_of_id'])
        batch_op.create_foreign_key(batch_op.f('fk_inspections_revision_of_id_inspections'), 'inspections',
                                    ['revision_of_id'], ['id'])


def downgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inspections_revision_of_id_inspections'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_inspections_revision_of_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_inspections_original_id_inspections'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_inspections_original_id'))
        batch_op.drop_column('original_id')
        batch_op.drop_column('revision')
        batch_op.drop_column('revision_of_id')

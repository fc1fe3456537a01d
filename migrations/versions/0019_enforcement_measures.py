"""Enforcement measures against enterprises (执法措施), their referrals, and the office's penalty powers.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 21:40:00

"""
from alembic import op
import sqlalchemy as sa

from safety.common.types import UTCDateTime


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'enforcement_measures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('decision_number', sa.String(length=64), nullable=False),
        sa.Column('legal_basis', sa.Text(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('fine_yuan', sa.Integer(), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('served_on', sa.Date(), nullable=True),
        sa.Column('lifted_on', sa.Date(), nullable=True),
        sa.Column('lift_note', sa.Text(), nullable=False),
        sa.Column('lifted_by_inspection_id', sa.Integer(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ondelete='RESTRICT',
                                name=op.f('fk_enforcement_measures_enterprise_id_enterprises')),
        sa.ForeignKeyConstraint(['lifted_by_inspection_id'], ['inspections.id'], ondelete='RESTRICT',
                                name=op.f('fk_enforcement_measures_lifted_by_inspection_id_inspections')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_enforcement_measures_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_measures')),
        sa.UniqueConstraint('decision_number', 'kind', name='uq_enforcement_measures_decision_kind'),
    )
    op.create_index('ix_enforcement_measures_enterprise_id', 'enforcement_measures', ['enterprise_id'])
    op.create_index('ix_enforcement_measures_kind', 'enforcement_measures', ['kind'])
    op.create_index('ix_enforcement_measures_decided_on', 'enforcement_measures', ['decided_on'])
    op.create_index('ix_enforcement_measures_enterprise_kind', 'enforcement_measures', ['enterprise_id', 'kind'])
    op.create_table(
        'measure_referrals',
        sa.Column('measure_id', sa.Integer(), nullable=False),
        sa.Column('department', sa.String(length=200), nullable=False),
        sa.Column('reply_due_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['measure_id'], ['enforcement_measures.id'], ondelete='CASCADE',
                                name=op.f('fk_measure_referrals_measure_id_enforcement_measures')),
        sa.PrimaryKeyConstraint('measure_id', name=op.f('pk_measure_referrals')),
    )
    op.create_table(
        'measure_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('penalty_powers', sa.Boolean(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_settings')),
    )


def downgrade():
    op.drop_table('measure_settings')
    op.drop_table('measure_referrals')
    op.drop_index('ix_enforcement_measures_enterprise_kind', table_name='enforcement_measures')
    op.drop_index('ix_enforcement_measures_decided_on', table_name='enforcement_measures')
    op.drop_index('ix_enforcement_measures_kind', table_name='enforcement_measures')
    op.drop_index('ix_enforcement_measures_enterprise_id', table_name='enforcement_measures')
    op.drop_table('enforcement_measures')

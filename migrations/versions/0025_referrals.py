"""Referrals (移送) to an industry department or a unit, and reports upward (上报): the hazards they carry, the
reply expected by a date, and the reply.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 22:20:00

"""
from alembic import op
import sqlalchemy as sa

import safety.common.types


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'referrals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('from_unit_id', sa.Integer(), nullable=True),
        sa.Column('to_department_id', sa.Integer(), nullable=True),
        sa.Column('to_unit_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('reply_due_on', sa.Date(), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('sent_at', safety.common.types.UTCDateTime(), nullable=False),
        sa.Column('reply', sa.Text(), nullable=True),
        sa.Column('replied_by_id', sa.Integer(), nullable=True),
        sa.Column('replied_at', safety.common.types.UTCDateTime(), nullable=True),
        sa.Column('taken_over', sa.Boolean(), nullable=False),
        sa.Column('measure_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('(to_department_id IS NULL) <> (to_unit_id IS NULL)', name=op.f('ck_referrals_one_receiver')),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_referrals_enterprise_id_enterprises'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['from_unit_id'], ['units.id'], name=op.f('fk_referrals_from_unit_id_units'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['to_department_id'], ['departments.id'], name=op.f('fk_referrals_to_department_id_departments'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['to_unit_id'], ['units.id'], name=op.f('fk_referrals_to_unit_id_units'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_referrals_sent_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['replied_by_id'], ['users.id'], name=op.f('fk_referrals_replied_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['measure_id'], ['enforcement_measures.id'], name=op.f('fk_referrals_measure_id_enforcement_measures'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    )
    op.create_index(op.f('ix_referrals_enterprise_id'), 'referrals', ['enterprise_id'])
    op.create_index(op.f('ix_referrals_to_department_id'), 'referrals', ['to_department_id'])
    op.create_index(op.f('ix_referrals_to_unit_id'), 'referrals', ['to_unit_id'])
    op.create_index('ix_referrals_open_due', 'referrals', ['replied_at', 'reply_due_on'])
    op.create_table(
        'referral_hazards',
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('hazard_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_hazards_referral_id_referrals'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hazard_id'], ['hazards.id'], name=op.f('fk_referral_hazards_hazard_id_hazards'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('referral_id', 'hazard_id', name=op.f('pk_referral_hazards')),
    )


def downgrade():
    op.drop_table('referral_hazards')
    op.drop_index('ix_referrals_open_due', table_name='referrals')
    op.drop_index(op.f('ix_referrals_to_unit_id'), table_name='referrals')
    op.drop_index(op.f('ix_referrals_to_department_id'), table_name='referrals')
    op.drop_index(op.f('ix_referrals_enterprise_id'), table_name='referrals')
    op.drop_table('referrals')

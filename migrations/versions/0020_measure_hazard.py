"""The hazard an on-site measure (现场处理措施) was ordered for on the phone: ``enforcement_measures.hazard_id``,
one measure per hazard at most; NULL for every measure recorded before and for those not ordered with a hazard.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 22:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enforcement_measures') as batch:
        batch.add_column(sa.Column('hazard_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_enforcement_measures_hazard_id_hazards'), 'hazards', ['hazard_id'], ['id'],
                                 ondelete='RESTRICT')
        batch.create_unique_constraint('uq_enforcement_measures_hazard_id', ['hazard_id'])


def downgrade():
    with op.batch_alter_table('enforcement_measures') as batch:
        batch.drop_constraint('uq_enforcement_measures_hazard_id', type_='unique')
        batch.drop_constraint(op.f('fk_enforcement_measures_hazard_id_hazards'), type_='foreignkey')
        batch.drop_column('hazard_id')

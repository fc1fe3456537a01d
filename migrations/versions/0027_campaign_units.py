"""Campaigns belong to a unit: the bureau's, a town's or a park's (``campaigns.unit_id``).

Every campaign already made was the office's own, so it goes to the root unit (the bureau); nothing else of it
changes. A unit that has campaigns cannot be deleted (the foreign key restricts it, and the units page says so).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
    bind = op.get_bind()
    root_id = bind.execute(sa.text("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")).scalar()
    if root_id is not None:
        bind.execute(sa.text("UPDATE campaigns SET unit_id = :root"), {"root": root_id})
    with op.batch_alter_table('campaigns') as batch:
        batch.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
        batch.create_index(batch.f('ix_campaigns_unit_id'), ['unit_id'], unique=False)
        batch.create_foreign_key(batch.f('fk_campaigns_unit_id_units'), 'units', ['unit_id'], ['id'],
                                 ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_constraint(batch.f('fk_campaigns_unit_id_units'), type_='foreignkey')
        batch.drop_index(batch.f('ix_campaigns_unit_id'))
        batch.drop_column('unit_id')

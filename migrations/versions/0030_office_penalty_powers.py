"""The office's penalty powers move from ``measure_settings`` to the office's own settings
(``office_settings.penalty_powers``), beside its identity: the value set today is carried over, and
``measure_settings`` goes. An office that switched its powers off before it set its identity gets an
``office_settings`` row without a name, which prints the configured office name as no row did.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 01:45:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from safety.common.types import UTCDateTime


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

office = sa.table('office_settings', sa.column('id', sa.Integer()), sa.column('full_name', sa.String()),
                  sa.column('short_name', sa.String()), sa.column('address', sa.String()),
                  sa.column('phone', sa.String()), sa.column('seal_text', sa.String()),
                  sa.column('prefixes', sa.JSON()), sa.column('penalty_powers', sa.Boolean()),
                  sa.column('updated_at', UTCDateTime()))
measure_settings = sa.table('measure_settings', sa.column('id', sa.Integer()),
                            sa.column('penalty_powers', sa.Boolean()), sa.column('updated_at', UTCDateTime()))


def upgrade():
    with op.batch_alter_table('office_settings') as batch:
        batch.add_column(sa.Column('penalty_powers', sa.Boolean(), nullable=False, server_default=sa.true()))
    connection = op.get_bind()
    powers = connection.execute(sa.select(measure_settings.c.penalty_powers)
                                .where(measure_settings.c.id == 1)).scalar()
    if powers is not None and not powers:
        row = connection.execute(sa.select(office.c.id).where(office.c.id == 1)).scalar()
        if row is None:
            connection.execute(sa.insert(office).values(
                id=1, full_name='', short_name='', address='', phone='', seal_text='', prefixes={},
                penalty_powers=False, updated_at=datetime.now(timezone.utc)))
        else:
            connection.execute(sa.update(office).where(office.c.id == 1).values(penalty_powers=False))
    op.drop_table('measure_settings')


def downgrade():
    op.create_table(
        'measure_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('penalty_powers', sa.Boolean(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_settings')),
    )
    connection = op.get_bind()
    powers = connection.execute(sa.select(office.c.penalty_powers).where(office.c.id == 1)).scalar()
    if powers is not None and not powers:
        connection.execute(sa.insert(measure_settings).values(id=1, penalty_powers=False,
                                                              updated_at=datetime.now(timezone.utc)))
    with op.batch_alter_table('office_settings') as batch:
        batch.drop_column('penalty_powers')

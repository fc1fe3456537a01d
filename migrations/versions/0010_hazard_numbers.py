"""Hazard numbers: a readable number beside each hazard's UUID (YH-2026-000123), per year of finding.

Hazards stored before get theirs here, in the order they were found within each office year, and the
year's sequence (number_sequences) starts after the last one given, so new hazards continue from there.
The prefix and the office's time zone are the running configuration's (HAZARD_NUMBER_PREFIX, TIMEZONE).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:10:00

"""
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa
from flask import current_app

import safety.common.types


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

HAZARD_SERIES = 'hazard'


def upgrade():
    op.create_table(
        'number_sequences',
        sa.Column('series', sa.String(length=24), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('series', 'year', name=op.f('pk_number_sequences')),
    )
    # A plain ADD COLUMN, not a batch: a batch copies the table and drops the old one, and with foreign keys on,
    # dropping hazards would first delete its events (ON DELETE CASCADE).
    op.add_column('hazards', sa.Column('number', sa.String(length=32), nullable=True))
    op.create_index(op.f('ix_hazards_number'), 'hazards', ['number'], unique=True)
    _backfill()


def _backfill():
    prefix = current_app.config['HAZARD_NUMBER_PREFIX']
    zone = ZoneInfo(current_app.config['BABEL_DEFAULT_TIMEZONE'])
    hazards = sa.table('hazards', sa.column('id', sa.Integer), sa.column('number', sa.String),
                       sa.column('found_at', safety.common.types.UTCDateTime(timezone=True)))
    sequences = sa.table('number_sequences', sa.column('series', sa.String), sa.column('year', sa.Integer),
                         sa.column('last', sa.Integer))
    connection = op.get_bind()
    last = {}
    numbers = []
    for hazard_id, found_at in connection.execute(
            sa.select(hazards.c.id, hazards.c.found_at).order_by(hazards.c.found_at, hazards.c.id)):
        year = found_at.astimezone(zone).year
        last[year] = last.get(year, 0) + 1
        numbers.append({'hazard_id': hazard_id, 'hazard_number': f'{prefix}-{year}-{last[year]:06d}'})
    if numbers:
        connection.execute(hazards.update().where(hazards.c.id == sa.bindparam('hazard_id'))
                           .values(number=sa.bindparam('hazard_number')), numbers)
        connection.execute(sequences.insert(),
                           [{'series': HAZARD_SERIES, 'year': year, 'last': count} for year, count in last.items()])


def downgrade():
    op.drop_index(op.f('ix_hazards_number'), table_name='hazards')
    op.drop_column('hazards', 'number')
    op.drop_table('number_sequences')

"""The hash chain over hazard events and the daily evidence digest.

Every event gets ``previous_hash`` and ``record_hash`` (safety.evidence.chain). The events stored before are
sealed here, hazard by hazard in the order they were stored, with the SHA-256 of the photos attached to each:
the chain then starts with what the database held when it was upgraded.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 21:50:00

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from safety.common.types import UTCDateTime
from safety.evidence.chain import GENESIS, EventEvidence, record_hash

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BATCH = 500

events = sa.table(
    'hazard_events', sa.column('id', sa.Integer), sa.column('hazard_id', sa.Integer), sa.column('uuid', sa.String),
    sa.column('type', sa.String), sa.column('actor_id', sa.Integer), sa.column('role', sa.String),
    sa.column('at', UTCDateTime), sa.column('received_at', UTCDateTime), sa.column('note', sa.Text),
    sa.column('new_deadline', sa.Date), sa.column('signed_by', sa.String), sa.column('plan', sa.JSON),
    sa.column('applied', sa.Boolean), sa.column('reason', sa.Text), sa.column('from_status', sa.String),
    sa.column('to_status', sa.String), sa.column('previous_hash', sa.String), sa.column('record_hash', sa.String))
hazards = sa.table('hazards', sa.column('id', sa.Integer), sa.column('uuid', sa.String))
photos = sa.table('photos', sa.column('hazard_event_id', sa.Integer), sa.column('sha256', sa.String),
                  sa.column('purpose', sa.String))


def upgrade():
    op.add_column('hazard_events', sa.Column('previous_hash', sa.String(length=64), nullable=True))
    op.add_column('hazard_events', sa.Column('record_hash', sa.String(length=64), nullable=True))
    op.create_table(
        'evidence_digests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('previous_digest', sa.String(length=64), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('leaves', sa.JSON(), nullable=False),
        sa.Column('hazard_count', sa.Integer(), nullable=False),
        sa.Column('event_count', sa.Integer(), nullable=False),
        sa.Column('document_count', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('enterprise_id', 'day', name='uq_evidence_digests_enterprise_day'),
    )
    op.create_index('ix_evidence_digests_enterprise_id', 'evidence_digests', ['enterprise_id'])
    op.create_index('ix_evidence_digests_day', 'evidence_digests', ['day'])
    _seal_stored_events(op.get_bind())


def _seal_stored_events(connection) -> None:
    hazard_rows = connection.execute(sa.select(hazards.c.id, hazards.c.uuid).order_by(hazards.c.id)).all()
    for first in range(0, len(hazard_rows), BATCH):
        batch = dict(hazard_rows[first:first + BATCH])
        rows = connection.execute(sa.select(events).where(events.c.hazard_id.in_(list(batch)))
                                  .order_by(events.c.hazard_id, events.c.id)).mappings().all()
        evidence_photos, signatures = defaultdict(list), {}
        for event_id, sha256, purpose in connection.execute(
                sa.select(photos.c.hazard_event_id, photos.c.sha256, photos.c.purpose)
                .where(photos.c.hazard_event_id.in_([row['id'] for row in rows]))):
            if purpose == 'signature':
                signatures[event_id] = sha256
            else:
                evidence_photos[event_id].append(sha256)
        sealed, previous, hazard_id = [], GENESIS, None
        for row in rows:
            if row['hazard_id'] != hazard_id:
                previous, hazard_id = GENESIS, row['hazard_id']
            evidence = EventEvidence(tuple(evidence_photos.get(row['id'], ())), signatures.get(row['id']))
            digest = record_hash(batch[hazard_id], row, evidence, previous)
            sealed.append({'event_id': row['id'], 'previous': previous, 'digest': digest})
            previous = digest
        if sealed:
            connection.execute(events.update().where(events.c.id == sa.bindparam('event_id'))
                               .values(previous_hash=sa.bindparam('previous'), record_hash=sa.bindparam('digest')),
                               sealed)


def downgrade():
    op.drop_index('ix_evidence_digests_day', table_name='evidence_digests')
    op.drop_index('ix_evidence_digests_enterprise_id', table_name='evidence_digests')
    op.drop_table('evidence_digests')
    op.drop_column('hazard_events', 'record_hash')
    op.drop_column('hazard_events', 'previous_hash')

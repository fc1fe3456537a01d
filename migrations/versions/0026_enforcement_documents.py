"""Enforcement documents: the issuing office, certificate numbers, the five kinds, frozen with their SHA-256.

- ``office_settings``: the office's identity, one row (names, address, phone, seal text, number prefixes).
- ``users.certificate_number``: the inspector's 执法证号.
- ``documents``: the printed ``reference``, the ``sha256`` of the frozen content, the ``source_key`` a repeated
  request finds it by, ``edition`` and ``supersedes_id`` for corrections, a circular's period; no enterprise for
  a circular. The former 整改通知书 (``rectification_notice``) is the 责令限期整改指令书 (``rectification_order``).
  Numbers move to ``number_sequences`` (series ``doc:<kind>``), carried on from the highest issued.
- ``document_hazards``: which hazards each document was made from.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04 21:40:00

"""
import hashlib
import json
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa

import safety.common.types


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def _sha256(content) -> str:
    # The canonical serialisation of safety.common.canonical.value_hash for plain JSON.
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _copying_documents():
    """Around a change SQLite makes by copying the documents table into a new one.

    With foreign keys on, SQLite refuses to drop the old table while reserved numbers refer to it, so they are off
    for the copy (only on this connection) and every reference is checked afterwards.
    """
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    yield
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'references broken by the copy of documents: {broken[:5]}')


def upgrade():
    op.create_table(
        'office_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('short_name', sa.String(length=40), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('seal_text', sa.String(length=200), nullable=False),
        sa.Column('prefixes', sa.JSON(), nullable=False),
        sa.Column("updated_at", safety.common.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_office_settings')),
    )
    op.add_column('users', sa.Column('certificate_number', sa.String(length=40), nullable=True))

    op.add_column('documents', sa.Column('reference', sa.String(length=80), nullable=True))
    op.add_column('documents', sa.Column('source_key', sa.String(length=120), nullable=True))
    op.add_column('documents', sa.Column('edition', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('documents', sa.Column('supersedes_id', sa.Integer(), nullable=True))
    op.add_column('documents', sa.Column('period_from', sa.Date(), nullable=True))
    op.add_column('documents', sa.Column('period_to', sa.Date(), nullable=True))
    op.add_column('documents', sa.Column('sha256', sa.String(length=64), nullable=True))

    bind = op.get_bind()
    documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                         sa.column('year', sa.Integer), sa.column('number', sa.Integer),
                         sa.column('enterprise_id', sa.Integer), sa.column('inspection_id', sa.Integer),
                         sa.column('content', sa.JSON), sa.column('reference', sa.String),
                         sa.column('source_key', sa.String), sa.column('sha256', sa.String))
    bind.execute(documents.update().where(documents.c.kind == 'rectification_notice')
                 .values(kind='rectification_order'))
    for row in bind.execute(sa.select(documents.c.id, documents.c.kind, documents.c.year, documents.c.number,
                                      documents.c.enterprise_id, documents.c.inspection_id,
                                      documents.c.content)).all():
        content = row.content if isinstance(row.content, dict) else json.loads(row.content)
        if row.kind == 'rectification_order':
            source_key = f"inspection:{row.inspection_id}"
        else:
            source_key = f"visit:{row.enterprise_id}:{content.get('day')}"
        bind.execute(documents.update().where(documents.c.id == row.id).values(
            reference=f"〔{row.year}〕第{row.number:03d}号", source_key=source_key, sha256=_sha256(content)))
    sequences = sa.table('number_sequences', sa.column('series', sa.String), sa.column('year', sa.Integer),
                         sa.column('last', sa.Integer))
    for kind, year, last in bind.execute(sa.select(documents.c.kind, documents.c.year, sa.func.max(documents.c.number))
                                         .group_by(documents.c.kind, documents.c.year)).all():
        bind.execute(sequences.insert().values(series=f"doc:{kind}", year=year, last=last))

    with _copying_documents(), op.batch_alter_table('documents') as batch_op:
        batch_op.drop_constraint('uq_documents_kind_inspection_id', type_='unique')
        batch_op.drop_constraint('uq_documents_kind_hazard_event_id', type_='unique')
        batch_op.alter_column('enterprise_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('reference', existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column('source_key', existing_type=sa.String(length=120), nullable=False)
        batch_op.alter_column('sha256', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_documents_kind_source_edition', ['kind', 'source_key', 'edition'])
        batch_op.create_foreign_key(op.f('fk_documents_supersedes_id_documents'), 'documents', ['supersedes_id'],
                                    ['id'])
        batch_op.create_index(op.f('ix_documents_inspection_id'), ['inspection_id'], unique=False)

    op.create_table(
        'document_hazards',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('hazard_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_hazards_document_id_documents'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hazard_id'], ['hazards.id'], name=op.f('fk_document_hazards_hazard_id_hazards'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('document_id', 'hazard_id', name=op.f('pk_document_hazards')),
    )
    op.create_index(op.f('ix_document_hazards_hazard_id'), 'document_hazards', ['hazard_id'], unique=False)
    # The documents issued before were made from these hazards: the order from its inspection's deadline
    # hazards, the opinion from the hazards it re-checked.
    links = sa.table('document_hazards', sa.column('document_id', sa.Integer), sa.column('hazard_id', sa.Integer))
    hazards = sa.table('hazards', sa.column('id', sa.Integer), sa.column('uuid', sa.String))
    for document_id, content in bind.execute(sa.select(documents.c.id, documents.c.content)).all():
        content = content if isinstance(content, dict) else json.loads(content)
        # Content written by earlier versions lists hazards as objects, or (some generators and older opinions)
        # as bare strings: take a uuid wherever one is, never fail the upgrade over a document's shape.
        uuids = [_named(hazard, 'uuid') for hazard in content.get('hazards') or []] + [
            _named(check, 'hazard_uuid') for check in content.get('checks') or []]
        uuids = [uuid for uuid in uuids if uuid]
        ids = {hazard_id for (hazard_id,) in bind.execute(sa.select(hazards.c.id).where(hazards.c.uuid.in_(uuids)))}
        for hazard_id in sorted(ids):
            bind.execute(links.insert().values(document_id=document_id, hazard_id=hazard_id))


def _named(entry, key):
    if isinstance(entry, dict):
        return entry.get(key)
    return entry if isinstance(entry, str) else None


def downgrade():
    op.drop_index(op.f('ix_document_hazards_hazard_id'), table_name='document_hazards')
    op.drop_table('document_hazards')
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM number_sequences WHERE series LIKE 'doc:%'"))
    bind.execute(sa.text("DELETE FROM documents WHERE kind NOT IN ('rectification_order', 'recheck_opinion') "
                         "OR edition > 1"))
    bind.execute(sa.text("UPDATE documents SET kind = 'rectification_notice' WHERE kind = 'rectification_order'"))
    with _copying_documents(), op.batch_alter_table('documents') as batch_op:
        batch_op.drop_index(op.f('ix_documents_inspection_id'))
        batch_op.drop_constraint(op.f('fk_documents_supersedes_id_documents'), type_='foreignkey')
        batch_op.drop_constraint('uq_documents_kind_source_edition', type_='unique')
        batch_op.alter_column('enterprise_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint('uq_documents_kind_inspection_id', ['kind', 'inspection_id'])
        batch_op.create_unique_constraint('uq_documents_kind_hazard_event_id', ['kind', 'hazard_event_id'])
        for column in ('sha256', 'period_to', 'period_from', 'supersedes_id', 'edition', 'source_key', 'reference'):
            batch_op.drop_column(column)
    op.drop_column('users', 'certificate_number')
    op.drop_table('office_settings')

"""Before and after: a photo of a rectification or re-check names the earlier photo of the hazard it was taken to
match (the phone laid that one over its camera). Photos stored before name none.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 22:20:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


@contextmanager
def _copying_photos():
    """Around SQLite's copy of the photos table (how it adds a foreign key): with foreign keys off for the copy on
    this connection, since other tables refer to photos, and every reference checked afterwards."""
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    yield
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'references broken by the copy of photos: {broken[:5]}')


def upgrade():
    with _copying_photos(), op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('before_photo_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_photos_before_photo_id'), ['before_photo_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_photos_before_photo_id_photos'), 'photos', ['before_photo_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with _copying_photos(), op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_photos_before_photo_id_photos'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_photos_before_photo_id'))
        batch_op.drop_column('before_photo_id')

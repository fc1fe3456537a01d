"""Each hazard keeps what phones show of the latest event of its log: its type, note, whether it was applied and
who recorded it (``hazards.last_event_*``), set as each event is appended (safety.hazards.lifecycle.apply_event).
The pull lists some 1,500 hazards per inspector and looked each one's latest event up in its log. Hazards stored
before are filled here from their logs: the event with the highest id, as that look-up read it.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05 06:00:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


@contextmanager
def _copying_hazards():
    """Around a change SQLite makes by copying the hazards table into a new one.

    With foreign keys on, dropping the old table would delete every hazard's events (ON DELETE CASCADE) and
    forget the hazard of every photo (SET NULL), or be refused where a document or a measure refers to one; so
    they are off for the copy (only on this connection) and every reference is checked afterwards.
    """
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    yield
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'references broken by the copy of hazards: {broken[:5]}')


def upgrade():
    with _copying_hazards(), op.batch_alter_table('hazards') as batch:
        batch.add_column(sa.Column('last_event_type', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('last_event_note', sa.Text(), nullable=True))
        batch.add_column(sa.Column('last_event_applied', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('last_event_actor_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_hazards_last_event_actor_id_users'), 'users',
                                 ['last_event_actor_id'], ['id'], ondelete='RESTRICT')
    # One correlated row per hazard (row values: PostgreSQL, and SQLite since 3.15), answered by the events'
    # hazard_id index.
    op.execute("""
        UPDATE hazards SET (last_event_type, last_event_note, last_event_applied, last_event_actor_id) =
            (SELECT hazard_events.type, hazard_events.note, hazard_events.applied, hazard_events.actor_id
             FROM hazard_events WHERE hazard_events.hazard_id = hazards.id
             ORDER BY hazard_events.id DESC LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM hazard_events WHERE hazard_events.hazard_id = hazards.id)
    """)


def downgrade():
    with _copying_hazards(), op.batch_alter_table('hazards') as batch:
        batch.drop_constraint(op.f('fk_hazards_last_event_actor_id_users'), type_='foreignkey')
        batch.drop_column('last_event_actor_id')
        batch.drop_column('last_event_applied')
        batch.drop_column('last_event_note')
        batch.drop_column('last_event_type')

"""Campaigns: plans, special campaigns, random draws and their tasks with teams; the verdict per target
enterprise; an inspection's team and the task it fulfils.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 14:30:00

"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa
import safety.common.types


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


@contextmanager
def _copying_inspections():
    """Around a change SQLite makes by copying the inspections table into a new one.

    With foreign keys on, SQLite refuses to drop the old table while answers, hazards and photos refer to
    it, so they are off for the copy (only on this connection) and every reference is checked afterwards.
    """
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    yield
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')
        broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'references broken by the copy of inspections: {broken[:5]}')


def _add_inspection_task_id():
    with _copying_inspections(), op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inspections_task_id'), ['task_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_inspections_task_id_tasks'), 'tasks', ['task_id'], ['id'],
                                    ondelete='RESTRICT')


def _drop_inspection_task_id():
    with _copying_inspections(), op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inspections_task_id_tasks'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_inspections_task_id'))
        batch_op.drop_column('task_id')


def upgrade():
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('basis_number', sa.String(length=100), nullable=False),
    sa.Column('basis_title', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=False),
    sa.Column('enforcement', sa.Boolean(), nullable=False),
    sa.Column('exclude_own_grid_alone', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safety.common.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('activated_at', safety.common.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', safety.common.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('frozen_figures', sa.JSON(), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_campaigns_period')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_campaigns_created_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('code', name=op.f('uq_campaigns_code'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_status'), ['status'], unique=False)

    op.create_table('campaign_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', safety.common.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_outcomes_campaign_id_campaigns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_campaign_outcomes_enterprise_id_enterprises'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_campaign_outcomes_set_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_outcomes')),
    sa.UniqueConstraint('campaign_id', 'enterprise_id', name='uq_campaign_outcomes_campaign_enterprise')
    )
    with op.batch_alter_table('campaign_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_outcomes_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('campaign_templates',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_templates_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_templates.id'], name=op.f('fk_campaign_templates_template_id_checklist_templates'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('campaign_id', 'template_id', name=op.f('pk_campaign_templates'))
    )
    op.create_table('draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('share', sa.String(length=16), nullable=True),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('exclude_own_grid_alone', sa.Boolean(), nullable=False),
    sa.Column('enterprise_pool', sa.JSON(), nullable=False),
    sa.Column('staff_pool', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('drawn_at', safety.common.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_draws_campaign_id_campaigns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['users.id'], name=op.f('fk_draws_drawn_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_draws_campaign_id'))
    )
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', safety.common.types.UUIDString(length=36), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safety.common.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', safety.common.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('sync_rev', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_tasks_campaign_id_campaigns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_tasks_cancelled_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasks_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_tasks_draw_id_draws'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_tasks_enterprise_id_enterprises'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('campaign_id', 'enterprise_id', 'due_on', name='uq_tasks_campaign_enterprise_due'),
    sa.UniqueConstraint('uuid', name=op.f('uq_tasks_uuid'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_campaign_due', ['campaign_id', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_sync_rev'), ['sync_rev'], unique=False)

    op.create_table('task_team',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_team_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_task_team_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('task_id', 'position', name=op.f('pk_task_team')),
    sa.UniqueConstraint('task_id', 'user_id', name='uq_task_team_task_user')
    )
    with op.batch_alter_table('task_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_team_user_id'), ['user_id'], unique=False)

    op.create_table('inspection_team',
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('flag', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_team_inspection_id_inspections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inspection_team_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('inspection_id', 'position', name=op.f('pk_inspection_team'))
    )
    with op.batch_alter_table('inspection_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_team_user_id'), ['user_id'], unique=False)

    _add_inspection_task_id()



def downgrade():
    _drop_inspection_task_id()

    with op.batch_alter_table('inspection_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_team_user_id'))

    op.drop_table('inspection_team')
    with op.batch_alter_table('task_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_team_user_id'))

    op.drop_table('task_team')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_sync_rev'))
        batch_op.drop_index(batch_op.f('ix_tasks_enterprise_id'))
        batch_op.drop_index('ix_tasks_campaign_due')

    op.drop_table('tasks')
    op.drop_table('draws')
    op.drop_table('campaign_templates')
    with op.batch_alter_table('campaign_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_outcomes_enterprise_id'))

    op.drop_table('campaign_outcomes')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_status'))

    op.drop_table('campaigns')

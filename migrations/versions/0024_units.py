"""Units and areas: the tree from the district bureau down to towns, parks and grids; the industry departments;
the record of enterprises moving between grids.

Nothing of the flat grids is lost: a root unit is made for the office (rename it on the units page) and every
grid and every staff account is attached to it, so every scope and every figure is what it was before.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 21:40:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

import safety.common.types


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

# As in safety/units/vocabulary.py when the tree came (key, Chinese name, English name).
DEPARTMENTS = (
    ("housing", "住建", "Housing and construction"),
    ("market", "市场监管", "Market regulation"),
    ("fire", "消防", "Fire and rescue"),
    ("transport", "交通运输", "Transport"),
    ("environment", "生态环境", "Ecology and environment"),
    ("industry", "工信", "Industry and information technology"),
    ("emergency", "应急管理", "Emergency management"),
)
ROOT_CODE = "ROOT"
ROOT_NAME = "本级"


def upgrade():
    units = op.create_table(
        'units',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('path', sa.String(length=400), nullable=False),
        sa.Column('delegated_classes', sa.String(length=4), nullable=False),
        sa.Column('created_at', safety.common.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['units.id'], name=op.f('fk_units_parent_id_units'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
        sa.UniqueConstraint('code', name=op.f('uq_units_code')),
    )
    op.create_index(op.f('ix_units_path'), 'units', ['path'], unique=False)
    departments = op.create_table(
        'departments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('name_zh', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
        sa.UniqueConstraint('key', name=op.f('uq_departments_key')),
        sa.UniqueConstraint('name_zh', name=op.f('uq_departments_name_zh')),
    )
    op.create_table(
        'enterprise_moves',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('from_grid_id', sa.Integer(), nullable=True),
        sa.Column('to_grid_id', sa.Integer(), nullable=True),
        sa.Column('moved_at', safety.common.types.UTCDateTime(), nullable=False),
        sa.Column('open_hazards', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                                name=op.f('fk_enterprise_moves_enterprise_id_enterprises'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['from_grid_id'], ['grids.id'], name=op.f('fk_enterprise_moves_from_grid_id_grids'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['to_grid_id'], ['grids.id'], name=op.f('fk_enterprise_moves_to_grid_id_grids'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_moves')),
    )
    op.create_index('ix_enterprise_moves_enterprise_at', 'enterprise_moves', ['enterprise_id', 'moved_at'])
    # Memberships in tables of their own: the old tables stay as they were (no batch copy of them on SQLite).
    _membership('unit_grids', 'grid_id', 'grids', 'CASCADE', 'unit_id', 'units')
    _membership('user_units', 'user_id', 'users', 'CASCADE', 'unit_id', 'units')
    _membership('user_departments', 'user_id', 'users', 'CASCADE', 'department_id', 'departments')
    _membership('enterprise_departments', 'enterprise_id', 'enterprises', 'CASCADE', 'department_id', 'departments')

    bind = op.get_bind()
    now = datetime.now(timezone.utc)
    op.bulk_insert(departments, [{"key": key, "name_zh": zh, "name_en": en, "position": n, "active": True}
                                 for n, (key, zh, en) in enumerate(DEPARTMENTS)])
    op.bulk_insert(units, [{"code": ROOT_CODE, "name": ROOT_NAME, "kind": "district", "parent_id": None,
                            "path": "", "delegated_classes": "", "created_at": now}])
    root_id = bind.execute(sa.text("SELECT id FROM units WHERE code = :code"), {"code": ROOT_CODE}).scalar_one()
    bind.execute(sa.text("UPDATE units SET path = :path WHERE id = :id"), {"path": f"/{root_id}/", "id": root_id})
    bind.execute(sa.text("INSERT INTO unit_grids (grid_id, unit_id) SELECT id, :root FROM grids"), {"root": root_id})
    bind.execute(sa.text("INSERT INTO user_units (user_id, unit_id) SELECT id, :root FROM users "
                         "WHERE role <> 'enterprise'"), {"root": root_id})


def _membership(table, key, key_table, key_ondelete, value, value_table):
    op.create_table(
        table,
        sa.Column(key, sa.Integer(), nullable=False),
        sa.Column(value, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([key], [f'{key_table}.id'], name=op.f(f'fk_{table}_{key}_{key_table}'),
                                ondelete=key_ondelete),
        sa.ForeignKeyConstraint([value], [f'{value_table}.id'], name=op.f(f'fk_{table}_{value}_{value_table}'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint(key, name=op.f(f'pk_{table}')),
    )
    op.create_index(op.f(f'ix_{table}_{value}'), table, [value])


def downgrade():
    for table in ('enterprise_departments', 'user_departments', 'user_units', 'unit_grids'):
        op.drop_table(table)
    op.drop_index('ix_enterprise_moves_enterprise_at', table_name='enterprise_moves')
    op.drop_table('enterprise_moves')
    op.drop_table('departments')
    op.drop_index(op.f('ix_units_path'), table_name='units')
    op.drop_table('units')

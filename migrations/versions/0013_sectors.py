"""Sectors become data: the thirteen sectors of the first release, plus fireworks (烟花爆竹) and non-coal mines
(非煤矿山), which offices report on. Any other sector an enterprise already names is kept as a sector of its own
(its key as its name), so every stored value stays valid.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 18:40:00

"""
from alembic import op
import sqlalchemy as sa

import safety.common.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# As they were in safety/enterprises/sectors.py when sectors became data (key, English name, Chinese name).
DEFAULTS = (
    ("machinery", "Machinery manufacturing", "机械制造"),
    ("metallurgy", "Metallurgy", "冶金"),
    ("building_materials", "Building materials", "建材"),
    ("light_industry", "Light industry", "轻工"),
    ("textiles", "Textiles and garments", "纺织服装"),
    ("food", "Food processing", "食品加工"),
    ("woodworking", "Wood processing", "木材加工"),
    ("chemicals", "Hazardous chemicals", "危险化学品"),
    ("warehousing", "Warehousing and logistics", "仓储物流"),
    ("construction", "Construction sites", "建筑施工"),
    ("gas", "Urban gas", "城镇燃气"),
    ("commerce", "Shops and crowded places", "商贸及人员密集场所"),
    ("hospitality", "Restaurants and hotels", "餐饮住宿"),
    ("fireworks", "Fireworks and firecrackers", "烟花爆竹"),
    ("non_coal_mines", "Non-coal mines", "非煤矿山"),
)


def upgrade():
    sectors = op.create_table(
        'sectors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('name_zh', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', safety.common.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sectors')),
        sa.UniqueConstraint('key', name=op.f('uq_sectors_key')),
        sa.UniqueConstraint('name_zh', name=op.f('uq_sectors_name_zh')),
    )
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    rows = [{"key": key, "name_en": name_en, "name_zh": name_zh, "position": n, "active": True, "created_at": now}
            for n, (key, name_en, name_zh) in enumerate(DEFAULTS)]
    known = {key for key, _en, _zh in DEFAULTS}
    stored = op.get_bind().execute(sa.text("SELECT DISTINCT sector FROM enterprises")).scalars().all()
    for value in sorted(set(stored) - known):
        rows.append({"key": value, "name_en": value, "name_zh": value, "position": len(rows), "active": True,
                     "created_at": now})
    op.bulk_insert(sectors, rows)


def downgrade():
    op.drop_table('sectors')

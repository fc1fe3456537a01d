"""The unit tree, the industry departments and the record of enterprises moving between grids."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db


class Unit(db.Model):
    """A unit of the tree (单位): the district bureau at the root, towns and parks below it, grids at the leaves.

    ``path`` is the materialised path of ids from the root ("/1/4/"), so a unit's subtree is one indexed
    ``LIKE 'path%'`` whatever the depth, and moving a unit rewrites its descendants' paths in one statement.
    """

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    path: Mapped[str] = mapped_column(String(400), index=True)
    # 委托执法: the supervision classes this town or park enforces for ("D"), empty when it has no powers.
    delegated_classes: Mapped[str] = mapped_column(String(4), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])

    @property
    def depth(self) -> int:
        """0 for the root, 1 for its children…"""
        return self.path.count("/") - 2

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"

    def contains(self, other: Unit) -> bool:
        """Whether ``other`` is this unit or below it."""
        return other.path.startswith(self.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.path}>"


# Where grids, people and enterprises sit in the tree. Tables of their own rather than columns on the old
# tables: the flat grids, users and enterprises stay as they were, and a row here is the only new fact.
# A grid without a row belongs to the root (the bureau); so does a staff member.
unit_grids = Table(
    "unit_grids", db.Model.metadata,
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="RESTRICT"), nullable=False, index=True),
)
user_units = Table(
    "user_units", db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="RESTRICT"), nullable=False, index=True),
)
# A user of an industry department (住建, 消防…) answers the referrals sent to it.
user_departments = Table(
    "user_departments", db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="RESTRICT"), nullable=False, index=True),
)
# 行业主管部门: the industry department that regulates an enterprise (referrals go there).
enterprise_departments = Table(
    "enterprise_departments", db.Model.metadata,
    Column("enterprise_id", ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="RESTRICT"), nullable=False, index=True),
)


class Department(db.Model):
    """An industry department (行业主管部门: 住建, 市场监管, 消防…) enterprises belong to and are referred to.

    Like sectors, the key never changes and a department is deactivated rather than deleted.
    """

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Department {self.key}>"


class EnterpriseMove(db.Model):
    """An enterprise moved from one grid to another (and so, maybe, between units).

    Its history moves with it: who may see its inspections and hazards follows where it is now. The figures
    of a period stay where they were counted: a report attributes an event to the grid the enterprise was in
    when it happened, which is the ``from_grid`` of the first move after that moment, or the current grid
    when it has not moved since (:func:`safety.units.rollup.grid_at`).
    """

    __tablename__ = "enterprise_moves"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    from_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id", ondelete="RESTRICT"))
    to_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id", ondelete="RESTRICT"))
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    open_hazards: Mapped[int] = mapped_column(Integer, default=0)  # how many went along, for the record

    __table_args__ = (Index("ix_enterprise_moves_enterprise_at", "enterprise_id", "moved_at"),)

"""The enterprise register."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.revisions import Synced
from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db
from safety.units.models import Department, enterprise_departments
from safety.users.models import Grid

SUPERVISION_CLASSES = ("A", "B", "C", "D")  # 分级分类监管: A is the most frequently inspected
STATUSES = ("active", "suspended", "closed")  # 在业 / 停产 / 关闭


class Enterprise(Synced, db.Model):
    """An enterprise under supervision. ``code`` is the QR payload and never changes."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    address: Mapped[str] = mapped_column(String(300), default="")
    sector: Mapped[str] = mapped_column(String(32), index=True)  # 行业领域, the key of a Sector
    supervision_class: Mapped[str] = mapped_column(String(1), default="C")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id", ondelete="RESTRICT"), index=True)
    contact_person: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    grid: Mapped[Grid | None] = relationship()
    # 行业主管部门: the industry department that regulates it (referrals go there).
    department: Mapped[Department | None] = relationship(secondary=enterprise_departments, uselist=False)

    __table_args__ = (Index("ix_enterprises_grid_status", "grid_id", "status"),)

    def __repr__(self) -> str:
        return f"<Enterprise {self.code} {self.name}>"


class Sector(db.Model):
    """A sector (行业领域) of the register: the office's own list, the thirteen of the first release and more.

    ``key`` is what enterprises, campaign scopes and phones store, so it never changes; the names are what people
    read and what imports accept. A sector is deactivated rather than deleted: records keep naming it.
    """

    __tablename__ = "sectors"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100), unique=True)  # 机械制造
    name_en: Mapped[str] = mapped_column(String(100))  # Machinery manufacturing
    position: Mapped[int] = mapped_column(Integer, default=0)  # the order of lists and report tables
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Sector {self.key}>"

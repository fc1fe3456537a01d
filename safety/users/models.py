"""Users, roles and grids."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

from safety.units.models import Department, Unit, unit_grids, user_departments, user_units

if TYPE_CHECKING:
    from safety.enterprises.models import Enterprise


class Role(str, enum.Enum):
    """The four roles of the design; the value is what is stored and sent."""

    INSPECTOR = "inspector"
    ENTERPRISE = "enterprise"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# Who inspects: finds hazards, sets their rectification plans and re-checks them, on a phone or in the back
# office. An administrator manages the system and records no inspection; an enterprise is inspected.
INSPECTING_ROLES = (Role.INSPECTOR, Role.SUPERVISOR)
# The office's own people, as against an enterprise's account: the staff pages (the enterprise register,
# the hazard ledger) are theirs.
STAFF_ROLES = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)


class Grid(db.Model):
    """A grid (网格): the area of a park or county an inspector is responsible for."""

    __tablename__ = "grids"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The stable code used by create-user --grid, imports, and pull's enterprise.grid.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The unit the grid belongs to (a town, a park); None: the root bureau. The leaf level of the tree.
    unit: Mapped["Unit | None"] = relationship(secondary=unit_grids, uselist=False)

    @property
    def label(self) -> str:
        """How a person reads the grid where it is chosen: its name, with the code the spreadsheets use."""
        return f"{self.name} ({self.code})"

    def __repr__(self) -> str:
        return f"<Grid {self.code}>"


# Inspectors work in one or more grids; a supervisor with grids is limited to them.
user_grids = Table(
    "user_grids", db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    """Anyone who signs in. ``session_version`` ends other sessions on sign-out or password change."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(32))
    # 执法证号: the enforcement certificate number printed beside the inspector's name on every document.
    certificate_number: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on sign-out and password change; a session carrying an older value is refused.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id", ondelete="SET NULL"))
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    grids: Mapped[list[Grid]] = relationship(secondary=user_grids, order_by=Grid.code)
    enterprise: Mapped["Enterprise | None"] = relationship(foreign_keys=[enterprise_id])
    # The unit the user belongs to (None: the root bureau): a supervisor sees its subtree.
    unit: Mapped["Unit | None"] = relationship(secondary=user_units, uselist=False)
    # Set for a user of an industry department, who answers the referrals sent to it.
    department: Mapped["Department | None"] = relationship(secondary=user_departments, uselist=False)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        # The session version travels with the id, so bumping it invalidates
        # every session and remember-me cookie issued before.
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"

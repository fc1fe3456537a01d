"""Reads behind the users and grids pages; each page costs a fixed number of queries."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from safety.common.errors import NotFound
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.users.models import Grid, Role, User, user_grids


@dataclass
class UserFilters:
    """What the user list is narrowed to; empty values mean "all"."""

    q: str = ""
    role: str = ""
    grid_id: int | None = None
    active: str = ""  # "yes", "no" or "" for both


def list_users(filters: UserFilters):
    """A select of users matching ``filters``, with grids and enterprise loaded alongside."""
    statement = (select(User)
                 .options(selectinload(User.grids), joinedload(User.enterprise), selectinload(User.unit))
                 .order_by(User.active.desc(), User.username))
    if filters.q:
        pattern = f"%{filters.q.strip().lower()}%"
        statement = statement.where(or_(func.lower(User.username).like(pattern),
                                        func.lower(User.display_name).like(pattern)))
    if filters.role in {r.value for r in Role}:
        statement = statement.where(User.role == filters.role)
    if filters.grid_id:
        statement = statement.where(User.id.in_(
            select(user_grids.c.user_id).where(user_grids.c.grid_id == filters.grid_id)))
    if filters.active == "yes":
        statement = statement.where(User.active.is_(True))
    elif filters.active == "no":
        statement = statement.where(User.active.is_(False))
    return statement


def get_user(user_id: int) -> User:
    """The user with ``user_id`` or a 404."""
    user = db.session.get(User, user_id, options=[selectinload(User.grids), joinedload(User.enterprise)])
    if user is None:
        raise NotFound("user_not_found", _("No such user."))
    return user


def get_grid(grid_id: int) -> Grid:
    """The grid with ``grid_id`` or a 404."""
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise NotFound("grid_not_found", _("No such grid."))
    return grid


def list_grids() -> list[Grid]:
    """Every grid by code (for selects and filters)."""
    return list(db.session.scalars(select(Grid).order_by(Grid.code)))


@dataclass
class GridRow:
    grid: Grid
    enterprises: int
    inspectors: int
    users: int  # of any role; a grid anyone refers to keeps its code

    @property
    def in_use(self) -> bool:
        return bool(self.enterprises or self.users)


def list_grids_with_counts() -> list[GridRow]:
    """Every grid with its numbers of enterprises, active inspectors and users, in one query."""
    enterprise_count = (select(func.count(Enterprise.id)).where(Enterprise.grid_id == Grid.id)
                        .correlate(Grid).scalar_subquery())
    inspector_count = (select(func.count(User.id))
                       .join(user_grids, user_grids.c.user_id == User.id)
                       .where(user_grids.c.grid_id == Grid.id, User.role == Role.INSPECTOR.value,
                              User.active.is_(True))
                       .correlate(Grid).scalar_subquery())
    user_count = (select(func.count()).select_from(user_grids).where(user_grids.c.grid_id == Grid.id)
                  .correlate(Grid).scalar_subquery())
    rows = db.session.execute(select(Grid, enterprise_count, inspector_count, user_count).order_by(Grid.code))
    return [GridRow(*row) for row in rows]

"""Whose figures a report shows: the user's jurisdiction, narrowed to one grid when asked."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_

from safety.auth.scope import enterprise_filter, sees_every_enterprise
from safety.common.errors import Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.enterprises.queries import get_grid_by_code, list_grids_for
from safety.users.models import Grid, Role, User


@dataclass(frozen=True)
class ReportScope:
    """A WHERE clause on :class:`Enterprise`, and the grid it is narrowed to (None: the whole jurisdiction)."""

    clause: object
    grid: Grid | None = None
    # The whole register, unnarrowed (an administrator or a supervisor without grids, no grid asked for):
    # an ended campaign's frozen figures are then the report's.
    whole_register: bool = False

    def as_args(self) -> dict[str, str]:
        return {"grid": self.grid.code} if self.grid is not None else {}


def get_report_scope(user: User, grid_code: str | None = None) -> ReportScope:
    """The enterprises ``user`` may report on, within ``grid_code`` when one is given.

    A supervisor whose jurisdiction is their grids asking for another grid gets 403;
    a grid code that names nothing gets 404.
    """
    grid_code = (grid_code or "").strip()
    if not grid_code:
        return ReportScope(enterprise_filter(user), whole_register=sees_every_enterprise(user))
    grid = get_grid_by_code(grid_code[:32])
    if grid is None:
        raise NotFound("grid_not_found", _("No grid has the code %(code)s.", code=grid_code[:32]), field="grid")
    if Role(user.role) is not Role.ADMIN and user.grids and grid.id not in {own.id for own in user.grids}:
        raise Forbidden("grid_out_of_scope",
                        _("Grid %(code)s is not in your jurisdiction.", code=grid.code), field="grid")
    return ReportScope(and_(enterprise_filter(user), Enterprise.grid_id == grid.id), grid)


def list_report_grids(user: User) -> list[Grid]:
    """The grids ``user`` may narrow a report to."""
    return list_grids_for(user)

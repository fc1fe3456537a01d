"""Whose figures a report shows: the user's jurisdiction, narrowed to one grid when asked."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_

from safety.auth.scope import enterprise_filter, jurisdiction_grid_codes, jurisdiction_grid_ids, sees_every_enterprise
from safety.common.errors import Forbidden, NotFound
from safety.enterprises.models import Enterprise
from safety.enterprises.queries import get_grid_by_code, list_grids_for
from safety.units.models import Unit
from safety.units.tree import get_root, get_unit, is_root, subtree_grid_ids
from safety.users.models import Grid, Role, User


@dataclass(frozen=True)
class ReportScope:
    """A WHERE clause on :class:`Enterprise`, and the grid it is narrowed to (None: the whole jurisdiction)."""

    clause: object
    grid: Grid | None = None
    # The whole register, unnarrowed (an administrator or a supervisor without grids, no grid asked for):
    # an ended campaign's frozen figures are then the report's.
    whole_register: bool = False
    # The unit whose children the roll-up lists (safety.units.rollup): the one asked for, else the user's own.
    unit: Unit | None = None
    unit_asked: bool = False  # named in the address (?unit=), so links keep it
    # The grids (a select of ids, or a list) whose figures of past days the report adds: where they were counted,
    # so an enterprise that moved leaves them behind (safety.reports.rollup). None: by the enterprise instead.
    grid_ids: object = None

    def as_args(self) -> dict[str, str]:
        args = {"grid": self.grid.code} if self.grid is not None else {}
        if self.unit_asked and self.unit is not None:
            args["unit"] = self.unit.code
        return args


def get_report_scope(user: User, grid_code: str | None = None, unit_code: str | None = None) -> ReportScope:
    """The enterprises ``user`` may report on, within ``unit_code`` and ``grid_code`` when given.

    A supervisor whose jurisdiction is their grids asking for another grid gets 403, a unit outside the
    user's own subtree too; a grid or unit code that names nothing gets 404.
    """
    grid_code = (grid_code or "").strip()
    unit_code = (unit_code or "").strip()
    if unit_code:
        unit = unit_in_scope(user, unit_code)
        clause = enterprise_filter(user) if is_root(unit) else and_(
            enterprise_filter(user), Enterprise.grid_id.in_(subtree_grid_ids(unit)))
        if not grid_code:
            return ReportScope(clause, whole_register=sees_every_enterprise(user) and is_root(unit), unit=unit,
                               unit_asked=True,
                               grid_ids=_own_grid_ids(user) if is_root(unit) else subtree_grid_ids(unit))
        scope = get_report_scope(user, grid_code)
        return ReportScope(and_(clause, scope.clause), scope.grid, unit=None, unit_asked=False,
                           grid_ids=scope.grid_ids)
    if not grid_code:
        own = None if user.grids or Role(user.role) is Role.INSPECTOR else (user.unit or get_root())
        return ReportScope(enterprise_filter(user), whole_register=sees_every_enterprise(user), unit=own,
                           grid_ids=_own_grid_ids(user))
    grid = get_grid_by_code(grid_code[:32])
    if grid is None:
        raise NotFound("grid_not_found", _("No grid has the code %(code)s.", code=grid_code[:32]), field="grid")
    if not sees_every_enterprise(user) and Role(user.role) is not Role.ADMIN \
            and grid.code not in jurisdiction_grid_codes(user):
        raise Forbidden("grid_out_of_scope",
                        _("Grid %(code)s is not in your jurisdiction.", code=grid.code), field="grid")
    return ReportScope(and_(enterprise_filter(user), Enterprise.grid_id == grid.id), grid, grid_ids=[grid.id])


def _own_grid_ids(user: User):
    """The grids whose past figures a supervisor's report adds (their jurisdiction); None for the whole register
    and for anyone whose scope is not a set of grids (an inspector's tasks, a department's referrals)."""
    if sees_every_enterprise(user) or Role(user.role) is not Role.SUPERVISOR or user.department is not None:
        return None
    return jurisdiction_grid_ids(user)


def unit_in_scope(user: User, code: str) -> Unit:
    """The unit with ``code`` if ``user`` may report on it: 404 when none has it, 403 outside their own unit."""
    unit = get_unit(code)
    if Role(user.role) is Role.ADMIN or sees_every_enterprise(user):
        return unit
    own = None if user.grids else (user.unit or get_root())
    if own is None or not own.contains(unit):
        raise Forbidden("unit_out_of_scope", _("Unit %(code)s is not in your jurisdiction.", code=unit.code),
                        field="unit")
    return unit


def list_report_units(user: User) -> list[Unit]:
    """The units ``user`` may narrow a report to: their own and those below it (none for a grid jurisdiction)."""
    from safety.units.tree import list_units_under

    if Role(user.role) is Role.ADMIN or sees_every_enterprise(user):
        return list_units_under(None)
    return [] if user.grids else list_units_under(user.unit or get_root())


def list_report_grids(user: User) -> list[Grid]:
    """The grids ``user`` may narrow a report to."""
    return list_grids_for(user)

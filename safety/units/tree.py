"""Reading the unit tree: the root, a unit by code, a subtree as one indexed select, the tree in order.

A subtree is ``path LIKE '<path>%'`` on the materialised path, so every question about "this unit and below"
is one statement whatever the depth. Grids are the leaves: a grid belongs to one unit (the root when it
has none); an enterprise's area is its grid, so its unit is its grid's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import func, select

from safety.common.errors import NotFound
from safety.extensions import db
from safety.units.models import Department, Unit, unit_grids

ROOT_CODE = "ROOT"


def _request_units() -> list[Unit] | None:
    """Every unit in tree order, read once per request (a district has tens of units, and a page asks about
    the root, a user's subtree and a unit's children); None outside a request, where nothing is kept."""
    if not has_request_context():
        return None
    units = g.get("_units")
    if units is None:
        units = g._units = list(db.session.scalars(select(Unit).order_by(Unit.path)))
    return units


def forget_units() -> None:
    """Drop this request's copy of the tree, after a unit was added, moved or removed."""
    if has_request_context():
        g.pop("_units", None)


def get_root() -> Unit | None:
    """The root of the tree (the bureau), or None in a database no migration has prepared."""
    units = _request_units()
    if units is not None:
        return next((unit for unit in units if unit.parent_id is None), None)
    return db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1))


def child_units(unit: Unit) -> list[Unit]:
    """The units directly under ``unit``, by code."""
    units = _request_units()
    if units is None:
        units = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)))
    return sorted((other for other in units if other.parent_id == unit.id), key=lambda other: other.code)


def get_unit(code: str) -> Unit:
    """The unit with ``code``: NotFound at the ``unit`` field when none has it."""
    code = (code or "").strip()
    unit = db.session.scalar(select(Unit).where(Unit.code == code[:32])) if code else None
    if unit is None:
        raise NotFound("unit_not_found", _("No unit has the code %(code)s.", code=code[:32]), field="unit")
    return unit


def is_root(unit: Unit | None) -> bool:
    """None counts as the root: a grid or a staff member with no unit belongs to the bureau."""
    return unit is None or unit.parent_id is None


def subtree_unit_ids(unit: Unit):
    """A select of the ids of ``unit`` and every unit below it."""
    return select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))


def subtree_grid_ids(unit: Unit):
    """A select of the ids of the grids in ``unit``'s subtree (for the root: only those it names; callers
    ask :func:`is_root` first and use no filter at all)."""
    return select(unit_grids.c.grid_id).where(unit_grids.c.unit_id.in_(subtree_unit_ids(unit)))


def max_depth() -> int:
    """How many levels of units the office's tree may have above its grids (UNIT_TREE_DEPTH)."""
    return int(current_app.config.get("UNIT_TREE_DEPTH", 3))


@dataclass
class TreeNode:
    """A unit with its children and grids, for the tree page and the roll-up."""

    unit: Unit
    children: list[TreeNode] = field(default_factory=list)
    grids: list = field(default_factory=list)

    def walk(self):
        """This node and every node below it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


def load_tree(top: Unit | None = None) -> TreeNode | None:
    """The tree under ``top`` (the root when None), its units and grids read in two statements."""
    from safety.users.models import Grid

    top = top or get_root()
    if top is None:
        return None
    units = list(db.session.scalars(select(Unit).where(Unit.path.startswith(top.path, autoescape=True))
                                    .order_by(func.length(Unit.path), Unit.code)))
    nodes = {unit.id: TreeNode(unit) for unit in units}
    for unit in units:
        if unit.id != top.id and unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(nodes[unit.id])
    grid_rows = db.session.execute(select(Grid, unit_grids.c.unit_id)
                                   .outerjoin(unit_grids, unit_grids.c.grid_id == Grid.id).order_by(Grid.code)).all()
    root_id = get_root().id
    for grid, unit_id in grid_rows:
        node = nodes.get(unit_id or root_id)
        if node is not None:
            node.grids.append(grid)
    return nodes[top.id]


def list_units() -> list[Unit]:
    """Every unit, parents before children, for choosing one."""
    return list_units_under(None)


def list_units_under(unit: Unit | None) -> list[Unit]:
    """The units of ``unit``'s subtree (every unit for None), in tree order."""
    units = _request_units()
    if units is not None:
        return [other for other in units if unit is None or other.path.startswith(unit.path)]
    statement = select(Unit).order_by(Unit.path)
    if unit is not None:
        statement = statement.where(Unit.path.startswith(unit.path, autoescape=True))
    return list(db.session.scalars(statement))


def list_departments(active_only: bool = False) -> list[Department]:
    statement = select(Department).order_by(Department.position, Department.id)
    if active_only:
        statement = statement.where(Department.active.is_(True))
    return list(db.session.scalars(statement))


def get_department(key: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.key == (key or "").strip()))
    if department is None:
        raise NotFound("department_not_found", _("No department has the key %(key)s.", key=key), field="department")
    return department


def responsible_unit(enterprise, area: Unit | None = None) -> Unit | None:
    """The one unit that manages the enterprise (「一个企业只有一个管理主体」): the nearest unit above its grid
    whose delegated enforcement (委托执法) covers its supervision class, else the root bureau.

    Derived, never stored: changing a town's delegation or an enterprise's class changes it at once.
    """
    area = area if area is not None else (enterprise.grid.unit if enterprise.grid is not None else None)
    if area is None:
        return get_root()
    ids = [int(part) for part in area.path.strip("/").split("/")]
    ancestors = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    for unit_id in reversed(ids):
        unit = ancestors[unit_id]
        if unit.parent_id is not None and enterprise.supervision_class in (unit.delegated_classes or ""):
            return unit
    return ancestors[ids[0]]

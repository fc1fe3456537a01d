"""Changing the unit tree: create, rename, move and delete units, attach grids and people.

Each function flushes and records its audit entry; the view or command commits. Every refusal names the
unit and what stands in the way, and changes nothing.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, literal, select, update

from safety.audit.operations import created, diff, record_audit
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError
from safety.extensions import db
from safety.units.models import Unit, unit_grids, user_units
from safety.units.tree import forget_units, get_root, get_unit, max_depth
from safety.units.vocabulary import DELEGABLE_CLASSES, UNIT_KINDS

# Unit codes travel in create-unit, create-user --unit and report addresses: plain, like grid codes.
UNIT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def create_unit(code: str, name: str, parent_code: str | None = None, kind: str | None = None,
                delegated_classes: str = "") -> Unit:
    """Add a unit under ``parent_code`` (the root when empty; the root itself when the tree is empty)."""
    code = _check_code(code)
    name = _check_name(name)
    if db.session.scalar(select(Unit.id).where(func.lower(Unit.code) == code.lower())):
        raise Conflict("unit_code_taken", _("The unit code %(code)s is taken.", code=code), field="code")
    root = get_root()
    parent = get_unit(parent_code) if (parent_code or "").strip() else root
    kind = _check_kind(kind or ("district" if parent is None else "town"))
    if parent is not None and parent.depth + 1 >= max_depth():
        raise DomainError("unit_too_deep", _("%(parent)s is at the deepest level of units this office has "
                                             "(%(levels)s); put grids under it instead.",
                                             parent=parent.label, levels=max_depth()), field="parent")
    unit = Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None, path="",
                delegated_classes=_check_classes(delegated_classes))
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    forget_units()
    record_audit(acting_user(), "unit.created", "unit", unit.code, unit.label,
                 created(_snapshot(unit)))
    return unit


def update_unit(unit: Unit, name: str, kind: str, delegated_classes: str, parent_code: str | None) -> Unit:
    """Rename a unit, change its kind and delegated powers, or move it (with its subtree) under another unit."""
    before = _snapshot(unit)
    unit.name = _check_name(name)
    unit.kind = _check_kind(kind)
    unit.delegated_classes = _check_classes(delegated_classes)
    parent_code = (parent_code or "").strip()
    if unit.parent_id is not None and parent_code and parent_code != unit.parent.code:
        move_unit(unit, get_unit(parent_code))
    elif unit.parent_id is None and parent_code:
        raise DomainError("root_cannot_move", _("The root unit %(unit)s has no parent.", unit=unit.label),
                          field="parent")
    forget_units()
    db.session.flush()
    changes = diff(before, _snapshot(unit))
    if changes:
        record_audit(acting_user(), "unit.changed", "unit", unit.code, unit.label, changes)
    return unit


def move_unit(unit: Unit, new_parent: Unit) -> None:
    """Put ``unit`` and its subtree under ``new_parent``; refused when that would make a cycle or go too deep.

    The paths of the whole subtree are rewritten in one statement.
    """
    if new_parent.path.startswith(unit.path):
        raise DomainError("unit_cycle", _("%(unit)s cannot move under %(parent)s: %(parent)s is %(unit)s itself or "
                                          "below it, which would make a cycle.",
                                          unit=unit.label, parent=new_parent.label), field="parent")
    deepest = db.session.scalar(select(func.max(func.length(Unit.path) - func.length(func.replace(Unit.path, "/", ""))))
                                .where(Unit.path.startswith(unit.path, autoescape=True)))
    subtree_height = deepest - unit.path.count("/")  # levels below the unit
    if new_parent.depth + 1 + subtree_height >= max_depth():
        raise DomainError("unit_too_deep", _("%(unit)s with the units below it would be deeper than this office's "
                                             "%(levels)s levels under %(parent)s.", unit=unit.label,
                                             levels=max_depth(), parent=new_parent.label), field="parent")
    old_path, new_path = unit.path, f"{new_parent.path}{unit.id}/"
    db.session.execute(update(Unit).where(Unit.path.startswith(old_path, autoescape=True))
                       .values(path=literal(new_path) + func.substr(Unit.path, len(old_path) + 1))
                       .execution_options(synchronize_session=False))
    unit.parent_id = new_parent.id
    db.session.flush()
    db.session.expire_all()


def delete_unit(unit: Unit) -> None:
    """Remove a unit with nothing under it. A unit with units, grids, people, enterprises or campaigns is refused,
    naming what is there: nothing is ever left without a place in the tree."""
    from safety.campaigns.models import Campaign
    from safety.enterprises.models import Enterprise

    if unit.parent_id is None:
        raise Conflict("root_unit", _("The root unit %(unit)s cannot be deleted.", unit=unit.label))
    children = db.session.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id == unit.id))
    grid_ids = select(unit_grids.c.grid_id).where(unit_grids.c.unit_id == unit.id)
    grids = db.session.scalar(select(func.count()).select_from(grid_ids.subquery()))
    enterprises = db.session.scalar(select(func.count()).select_from(Enterprise)
                                    .where(Enterprise.grid_id.in_(grid_ids)))
    people = db.session.scalar(select(func.count()).select_from(user_units).where(user_units.c.unit_id == unit.id))
    campaigns = db.session.scalar(select(func.count()).select_from(Campaign).where(Campaign.unit_id == unit.id))
    if children or grids or enterprises or people or campaigns:
        raise Conflict("unit_not_empty", _(
            "%(unit)s cannot be deleted: %(enterprises)s enterprises, %(grids)s grids, %(units)s units, "
            "%(people)s users and %(campaigns)s campaigns are under it. Move them to another unit first.",
            unit=unit.label, enterprises=enterprises, grids=grids, units=children, people=people,
            campaigns=campaigns))
    record_audit(acting_user(), "unit.deleted", "unit", unit.code, unit.label,
                 {key: [value, None] for key, value in _snapshot(unit).items()})
    forget_units()
    db.session.delete(unit)
    db.session.flush()


def place_grid(grid, unit_code: str | None) -> None:
    """Attach ``grid`` to the unit with ``unit_code`` (the root when empty)."""
    grid.unit = get_unit(unit_code) if (unit_code or "").strip() else get_root()
    db.session.flush()


def _snapshot(unit: Unit) -> dict:
    return {"code": unit.code, "name": unit.name, "unit_kind": unit.kind,
            "parent": unit.parent.code if unit.parent_id else None, "delegated_classes": unit.delegated_classes}


def _check_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError("unit_code_required", _("A unit code is required."), field="code")
    if not UNIT_CODE_PATTERN.match(code):
        raise DomainError("unit_code_format", _("A unit code has up to 32 letters, digits, hyphens or underscores, "
                                                "starting with a letter or digit."), field="code")
    return code


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("unit_name_required", _("A unit name is required."), field="name")
    if len(name) > 100:
        raise DomainError("unit_name_length", _("A unit name has at most 100 characters."), field="name")
    return name


def _check_kind(kind: str) -> str:
    if kind not in UNIT_KINDS:
        raise DomainError("unit_kind_unknown", _("Unknown kind of unit %(kind)s.", kind=kind), field="kind")
    return kind


def _check_classes(classes) -> str:
    letters = "".join(sorted(set((classes or "").upper().replace(",", "").replace(" ", ""))))
    wrong = [letter for letter in letters if letter not in DELEGABLE_CLASSES]
    if wrong:
        raise DomainError("delegated_classes", _("Delegated enforcement is by supervision class, A to D."),
                          field="delegated_classes")
    return letters

"""Creating and changing users and grids: the state changes behind admin pages and the CLI.

Each function changes the session's objects and flushes; the view or command
that called it commits. Each change adds its audit entry to the same session.
"""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from safety.audit.operations import PASSWORD_RESET, PASSWORD_SET, created, diff, record_audit
from safety.auth.operations import check_password_policy
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError, Forbidden, NotFound
from safety.common.revisions import touch
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.units.tree import get_unit
from safety.users.models import Grid, Role, User, user_grids

# Grid codes travel in create-user --grid, spreadsheets and the pull API: keep them plain.
GRID_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def get_grid_by_code(code: str) -> Grid:
    """The grid with ``code``, or NotFound at the ``grid`` field."""
    grid = db.session.scalar(select(Grid).where(Grid.code == code))
    if grid is None:
        raise NotFound("grid_not_found", _("No grid has the code %(code)s.", code=code), field="grid")
    return grid


def create_user(username: str, role: str, password: str, display_name: str | None = None,
                grid_codes: list[str] | tuple[str, ...] = (), enterprise_code: str | None = None,
                phone: str | None = None, enforce_policy: bool = True, unit_code: str | None = None,
                certificate_number: str | None = None) -> User:
    """Make a user; inspectors get grids, enterprise accounts their enterprise, staff their unit."""
    username = (username or "").strip()
    if not username:
        raise DomainError("username_required", _("A username is required."), field="username")
    role_value = _parse_role(role)
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise Conflict("username_taken", _("The username %(name)s is taken.", name=username), field="username")
    if enforce_policy:
        check_password_policy(password, username)
    user = User(username=username, display_name=(display_name or username).strip(), role=role_value.value,
                phone=(phone or "").strip() or None, certificate_number=(certificate_number or "").strip() or None)
    user.set_password(password)
    assign_scope(user, grid_codes, enterprise_code)
    assign_unit(user, unit_code)
    db.session.add(user)
    db.session.flush()  # the unique index on username decides a race, not the check above
    record_audit(acting_user(), "user.created", "user", user.id, user_label(user),
                 {"username": [None, user.username], **created(user_snapshot(user, with_active=False)),
                  "password": [None, PASSWORD_SET]})
    return user


def user_snapshot(user: User, with_active: bool = True) -> dict:
    """What the audit log compares of a user: everything an administrator edits, never the password."""
    snapshot = {"display_name": user.display_name, "phone": user.phone, "role": user.role,
                "certificate_number": user.certificate_number,
                "grids": sorted(grid.code for grid in user.grids),  # the order they were ticked in means nothing
                "enterprise": user.enterprise.code if user.enterprise else None,
                "unit": user.unit.code if user.unit else None}
    if with_active:
        snapshot["active"] = bool(user.active)
    return snapshot


def user_label(user: User) -> str:
    """How the audit log names a user: their name, and the username when it differs."""
    if user.display_name and user.display_name != user.username:
        return f"{user.display_name} ({user.username})"
    return user.username


def assign_scope(user: User, grid_codes, enterprise_code: str | None) -> None:
    """Set the grids and the enterprise a user works on, as their role requires.

    Administrators work everywhere, so grids given to them are dropped; an
    enterprise account has its enterprise and no grids.
    """
    role = Role(user.role)
    if role is Role.ENTERPRISE:
        enterprise_code = (enterprise_code or "").strip()
        if not enterprise_code:
            raise DomainError("enterprise_required", _("An enterprise account needs its enterprise."),
                              field="enterprise")
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.code == enterprise_code))
        if enterprise is None:
            raise NotFound("enterprise_not_found", _("No enterprise has the code %(code)s.", code=enterprise_code),
                           field="enterprise")
        user.enterprise = enterprise
        user.grids = []
        return
    user.enterprise = None
    if role is Role.ADMIN:
        user.grids = []
        return
    user.grids = [get_grid_by_code(code) for code in dict.fromkeys(grid_codes) if code]
    if role is Role.INSPECTOR and not user.grids:
        raise DomainError("grid_required", _("An inspector needs at least one grid."), field="grid")


def assign_unit(user: User, unit_code: str | None) -> None:
    """Put a staff member in the unit with ``unit_code``; without one, in the unit of their grids when they all
    lie in one (``create-user --grid`` lands a town's inspector in the town), else where they were (no unit:
    the root bureau).

    Their grids must lie in the unit's subtree: an inspector works where their unit is.
    """
    if Role(user.role) is Role.ENTERPRISE:
        user.unit = None
        return
    if (unit_code or "").strip():
        unit = get_unit(unit_code)
    else:
        homes = {grid.unit.id if grid.unit else None: grid.unit for grid in user.grids}
        unit = next(iter(homes.values())) if len(homes) == 1 and None not in homes else user.unit
    if unit is not None and unit.parent_id is None and user.unit is None:
        unit = None  # the root, as before: no change to record
    for grid in user.grids:
        if unit is not None and grid.unit is not None and not unit.contains(grid.unit):
            raise DomainError("grid_outside_unit", _("Grid %(grid)s belongs to %(area)s, which is not under "
                                                     "%(unit)s.", grid=grid.code, area=grid.unit.label,
                                                     unit=unit.label), field="grid")
    user.unit = unit


def update_user(user: User, actor: User, display_name: str, phone: str | None, role: str,
                grid_codes=(), enterprise_code: str | None = None, unit_code: str | None = None,
                certificate_number: str | None = None) -> User:
    """Change a user's name, phone, role and scope.

    An administrator may not take away their own administrator role (they would
    lose this page mid-task), and the last active administrator stays one.
    """
    display_name = (display_name or "").strip()
    if not display_name:
        raise DomainError("name_required", _("A name is required."), field="display_name")
    role_value = _parse_role(role)
    if user.role == Role.ADMIN.value and role_value is not Role.ADMIN:
        if user.id == actor.id:
            raise Forbidden("own_admin_role", _("You cannot take away your own administrator role. "
                                                "Ask another administrator."), field="role")
        _keep_an_active_admin(user)
    before = user_snapshot(user)
    user.display_name = display_name
    user.phone = (phone or "").strip() or None
    if certificate_number is not None:  # None keeps it; an empty text clears it
        user.certificate_number = certificate_number.strip() or None
    user.role = role_value.value
    assign_scope(user, grid_codes, enterprise_code)
    assign_unit(user, unit_code)
    db.session.flush()
    changes = diff(before, user_snapshot(user))
    if changes:
        action = "user.role_changed" if "role" in changes else "user.changed"
        record_audit(actor, action, "user", user.id, user_label(user), changes)
    return user


def deactivate_user(user: User, actor: User) -> None:
    """Stop ``user`` from signing in and end their sessions on every device."""
    if user.id == actor.id:
        raise Forbidden("deactivate_self", _("You cannot deactivate your own account."))
    if not user.active:
        return
    if user.role == Role.ADMIN.value:
        _keep_an_active_admin(user)
    user.active = False
    user.session_version += 1
    db.session.flush()
    record_audit(actor, "user.deactivated", "user", user.id, user_label(user), {"active": [True, False]})


def reactivate_user(user: User) -> None:
    """Let a deactivated user sign in again (with their old password)."""
    if user.active:
        return
    user.active = True
    db.session.flush()
    record_audit(acting_user(), "user.reactivated", "user", user.id, user_label(user), {"active": [False, True]})


def reset_password(user: User, actor: User, password: str) -> None:
    """Set a new password chosen by an administrator and end the user's sessions everywhere.

    Administrators change their own password on the password page, which asks
    for the current one.
    """
    if user.id == actor.id:
        raise Forbidden("reset_own_password", _("Change your own password on the Change password page."),
                        field="password")
    check_password_policy(password, user.username)
    user.set_password(password)
    user.session_version += 1
    db.session.flush()
    record_audit(actor, "user.password_reset", "user", user.id, user_label(user), {"password": [None, PASSWORD_RESET]})


def create_grid(code: str, name: str, unit_code: str | None = None) -> Grid:
    """Add a grid under the unit with ``unit_code`` (the root when empty); its code is what imports,
    create-user and phones refer to."""
    code = _check_grid_code(code)
    name = _check_grid_name(name)
    unit = get_unit(unit_code) if (unit_code or "").strip() else None  # no unit: the root bureau's own
    if db.session.scalar(select(Grid.id).where(func.lower(Grid.code) == code.lower())):
        raise Conflict("grid_code_taken", _("The grid code %(code)s is taken.", code=code), field="code")
    grid = Grid(code=code, name=name)
    grid.unit = unit
    db.session.add(grid)
    db.session.flush()  # the unique index on code decides a race
    record_audit(acting_user(), "grid.created", "grid", grid.id, grid.label, created(_grid_snapshot(grid)))
    return grid


def _grid_snapshot(grid: Grid) -> dict:
    return {"code": grid.code, "name": grid.name, "unit": grid.unit.code if grid.unit else None}


def update_grid(grid: Grid, name: str, code: str | None = None, unit_code: str | None = None) -> Grid:
    """Rename a grid or move it to another unit (``unit_code``; None keeps it where it is); its code may
    change only while no enterprise and no user refers to it.

    A grid moves with its enterprises and their history; its inspectors must belong under the new unit.
    """
    before = _grid_snapshot(grid)
    grid.name = _check_grid_name(name)
    if unit_code is not None and (unit_code or "").strip() != (grid.unit.code if grid.unit else ""):
        _move_grid(grid, get_unit(unit_code) if unit_code.strip() else None)
    code = (code or "").strip()
    if code and code != grid.code:
        if grid_in_use(grid):
            raise Conflict("grid_code_in_use", _("The code of a grid with enterprises or users cannot change: "
                                                 "spreadsheets and phones already refer to it."), field="code")
        code = _check_grid_code(code)
        if db.session.scalar(select(Grid.id).where(func.lower(Grid.code) == code.lower(), Grid.id != grid.id)):
            raise Conflict("grid_code_taken", _("The grid code %(code)s is taken.", code=code), field="code")
        grid.code = code
    if grid.name != before["name"] or _grid_snapshot(grid)["unit"] != before["unit"]:
        # Phones show the grid's name on their enterprise cards: its enterprises come in the next delta pull.
        for enterprise in db.session.scalars(select(Enterprise).where(Enterprise.grid_id == grid.id)):
            touch(enterprise)
    db.session.flush()
    changes = diff(before, _grid_snapshot(grid))
    if changes:
        record_audit(acting_user(), "grid.changed", "grid", grid.id, grid.label, changes)
    return grid


def _move_grid(grid: Grid, unit) -> None:
    staff = db.session.scalars(select(User).join(user_grids, user_grids.c.user_id == User.id)
                               .where(user_grids.c.grid_id == grid.id)).all()
    for member in staff:
        if unit is not None and member.unit is not None and not member.unit.contains(unit):
            raise DomainError("grid_staff_outside", _(
                "%(name)s works in grid %(grid)s but belongs to %(unit)s: move them first, or choose a unit under "
                "theirs.", name=member.display_name, grid=grid.code, unit=member.unit.label), field="unit")
    grid.unit = unit


def delete_grid(grid: Grid) -> None:
    """Remove a grid nobody refers to yet (one created by mistake)."""
    if grid_in_use(grid):
        raise Conflict("grid_in_use", _("A grid with enterprises or users cannot be deleted."))
    record_audit(acting_user(), "grid.deleted", "grid", grid.id, grid.label,
                 {"code": [grid.code, None], "name": [grid.name, None]})
    db.session.delete(grid)
    db.session.flush()


def grid_in_use(grid: Grid) -> bool:
    """Whether an enterprise or a user refers to ``grid``."""
    if grid.id is None:
        return False
    has_enterprise = select(Enterprise.id).where(Enterprise.grid_id == grid.id).exists()
    has_user = select(user_grids.c.user_id).where(user_grids.c.grid_id == grid.id).exists()
    return bool(db.session.scalar(select(has_enterprise | has_user)))


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise DomainError("unknown_role", _("Unknown role %(role)s.", role=role), field="role") from None


def _keep_an_active_admin(leaving: User) -> None:
    # FOR UPDATE on PostgreSQL: two administrators demoting each other at the
    # same moment are serialised, and the second one sees only one left.
    admins = db.session.scalars(
        select(User.id).where(User.role == Role.ADMIN.value, User.active.is_(True)).with_for_update()).all()
    if set(admins) <= {leaving.id}:
        raise Conflict("last_admin", _("%(name)s is the last active administrator; make someone else "
                                       "administrator first.", name=leaving.display_name), field="role")


def _check_grid_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError("grid_code_required", _("A grid code is required."), field="code")
    if not GRID_CODE_PATTERN.match(code):
        raise DomainError("grid_code_format", _("A grid code has up to 32 letters, digits, hyphens or underscores, "
                                                "starting with a letter or digit."), field="code")
    return code


def _check_grid_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("grid_name_required", _("A grid name is required."), field="name")
    if len(name) > 100:
        raise DomainError("grid_name_length", _("A grid name has at most 100 characters."), field="name")
    return name

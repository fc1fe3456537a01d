"""Changing the register: creating and editing enterprises, and the bulk import.

Uniqueness of code and unified social credit code is decided by the database's
unique constraints, not by the look-ups done first for a friendlier message: two
admins saving at the same moment both pass the look-up, and only the constraint
stops the second. Every insert therefore runs in a savepoint, so a refused row
leaves the session usable and the caller can report the field.
"""
from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from safety.audit.operations import created, diff, record_audit
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError
from safety.enterprises import queries
from safety.enterprises.models import Enterprise
from safety.enterprises.validation import (
    ADDRESS_MAX, CONTACT_MAX, InvalidFields, clean_code, clean_name, clean_phone, clean_sector, clean_status,
    clean_supervision_class, clean_text, clean_uscc,
)
from safety.extensions import db
from safety.measures.rules import refuse_status_against_measures
from safety.units.moves import record_move
from safety.units.tree import get_department
from safety.users.models import Grid

# A generated code can lose a race with another admin's; after this many tries something else is wrong.
CODE_ATTEMPTS = 5


def generated_code(number: int) -> str:
    """The code the register generates for the Nth enterprise: "E" and at least five digits."""
    return f"E{number:05d}"


def next_free_codes(count: int, taken: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """``count`` generated codes after the highest in use, skipping those in ``taken``."""
    codes, number = [], queries.highest_generated_code_number()
    while len(codes) < count:
        number += 1
        code = generated_code(number)
        if code not in taken:
            codes.append(code)
    return codes


def create_enterprise(data: Mapping) -> Enterprise:
    """Add an enterprise from form-like ``data``; the code is generated when ``data["code"]`` is empty.

    Keys: code, name, uscc, address, sector, supervision_class, grid (a grid
    code, may be empty), contact_person, contact_phone, status. Raises
    InvalidFields (a DomainError listing every invalid field) or Conflict (code or USCC taken), with ``field``.
    """
    values = _clean(data, with_code=True)
    code = values.pop("code")
    _refuse_taken(code=code, uscc=values["uscc"])
    enterprise = Enterprise(**values)
    tried: set[str] = set()
    for _attempt in range(CODE_ATTEMPTS):
        enterprise.code = code or next_free_codes(1, taken=tried)[0]
        try:
            _insert(enterprise)
        except IntegrityError as exc:
            field = _violated_field(exc)
            if field == "code" and not code:
                tried.add(enterprise.code)
                continue
            raise _taken_error(field, enterprise.code, values["uscc"]) from None
        record_audit(acting_user(), "enterprise.created", "enterprise", enterprise.code, enterprise.name,
                     created(enterprise_snapshot(enterprise)))
        return enterprise
    raise Conflict("code_generation_failed",
                   _("No free enterprise code could be generated; please try again."), field="code")


def update_enterprise(enterprise: Enterprise, data: Mapping) -> Enterprise:
    """Change an enterprise's fields from form-like ``data`` (same keys as :func:`create_enterprise`).

    The code never changes: it is printed on the QR labels. A ``code`` in
    ``data`` that differs from the enterprise's is refused.
    """
    if data.get("code") and clean_code(data["code"]) != enterprise.code:
        raise DomainError("code_immutable",
                          _("The enterprise code cannot be changed: it is printed on the QR labels."), field="code")
    values = _clean(data)
    if values["status"] != enterprise.status:
        refuse_status_against_measures(enterprise, values["status"])
    if values["uscc"] != enterprise.uscc:
        _refuse_taken(uscc=values["uscc"])
    before = enterprise_snapshot(enterprise)
    old_grid = enterprise.grid
    try:
        with db.session.begin_nested():
            for key, value in values.items():
                setattr(enterprise, key, value)
    except IntegrityError as exc:
        db.session.refresh(enterprise)
        raise _taken_error(_violated_field(exc), enterprise.code, values["uscc"]) from None
    record_move(enterprise, old_grid, enterprise.grid)  # its history goes along; past figures stay (units.moves)
    changes = diff(before, enterprise_snapshot(enterprise))
    if changes:
        closed = changes.get("status", [None, None])[1] == "closed"
        record_audit(acting_user(), "enterprise.closed" if closed else "enterprise.changed", "enterprise",
                     enterprise.code, enterprise.name, changes)
    return enterprise


def enterprise_snapshot(enterprise: Enterprise) -> dict:
    """What the audit log compares of an enterprise: every field an administrator edits."""
    return {"name": enterprise.name, "uscc": enterprise.uscc, "address": enterprise.address,
            "sector": enterprise.sector, "supervision_class": enterprise.supervision_class,
            "grid": enterprise.grid.code if enterprise.grid else None, "contact_person": enterprise.contact_person,
            "contact_phone": enterprise.contact_phone, "status": enterprise.status,
            "department": enterprise.department.key if enterprise.department else None}


def import_enterprises(rows, source: str = "") -> list[Enterprise]:
    """Add every row of a checked import (:class:`safety.enterprises.importing.ImportRow`), or none.

    The rows were checked against the database when the file was read; a row
    taken by someone else since then raises Conflict and nothing is added.
    ``source`` (the file's name) labels the import's one audit entry.
    """
    enterprises = [Enterprise(code=row.code, name=row.name, uscc=row.uscc, address=row.address, sector=row.sector,
                              supervision_class=row.supervision_class, grid_id=row.grid_id,
                              contact_person=row.contact_person, contact_phone=row.contact_phone,
                              status=row.status)
                   for row in rows]
    try:
        with db.session.begin_nested():
            db.session.add_all(enterprises)
    except IntegrityError:
        raise Conflict("import_conflict",
                       _("Some enterprises of this file were registered by someone else meanwhile. "
                         "Nothing was imported; please upload the file again.")) from None
    if enterprises:
        codes = [enterprise.code for enterprise in enterprises]
        record_audit(acting_user(), "enterprise.imported", "import", "", source,
                     {"count": [None, len(enterprises)], "codes": [None, f"{min(codes)} … {max(codes)}"]
                      if len(codes) > 1 else [None, codes[0]]})
    return enterprises


def _clean(data: Mapping, with_code: bool = False) -> dict:
    """The stored values of every editable field (and the code); InvalidFields listing every wrong one."""
    cleaners = {
        "code": lambda: clean_code(data.get("code")),
        "name": lambda: clean_name(data.get("name")),
        "uscc": lambda: clean_uscc(data.get("uscc")),
        "address": lambda: clean_text(data.get("address"), "address", ADDRESS_MAX),
        "sector": lambda: clean_sector(data.get("sector")),
        "supervision_class": lambda: clean_supervision_class(data.get("supervision_class")),
        "grid": lambda: _grid(data.get("grid")),
        "contact_person": lambda: clean_text(data.get("contact_person"), "contact_person", CONTACT_MAX),
        "contact_phone": lambda: clean_phone(data.get("contact_phone")),
        "status": lambda: clean_status(data.get("status"), default="active"),
    }
    if "department" in data:  # 行业主管部门: forms and imports that know of it
        cleaners["department"] = lambda: _department(data.get("department"))
    if not with_code:
        del cleaners["code"]
    values, errors = {}, []
    for key, clean in cleaners.items():
        try:
            values[key] = clean()
        except DomainError as exc:
            errors.append(exc)
    if errors:
        raise InvalidFields(errors)
    return values


def _grid(raw) -> Grid | None:
    code = (raw or "").strip()
    if not code:
        return None
    grid = queries.get_grid_by_code(code)
    if grid is None:
        raise DomainError("grid_unknown", _("No grid has the code %(code)s.", code=code), field="grid")
    return grid


def _department(raw):
    key = (raw or "").strip()
    return get_department(key) if key else None


def _refuse_taken(code: str = "", uscc: str = "") -> None:
    """The friendly early refusal; the unique constraint remains the real guard."""
    if code and queries.get_enterprise_by_code(code) is not None:
        raise _taken_error("code", code, uscc)
    if uscc and queries.get_enterprise_by_uscc(uscc) is not None:
        raise _taken_error("uscc", code, uscc)


def _taken_error(field: str, code: str, uscc: str) -> Conflict:
    if field == "uscc":
        holder = queries.get_enterprise_by_uscc(uscc)
        return Conflict("uscc_taken",
                        _("This unified social credit code is already registered for %(name)s (%(code)s).",
                          name=holder.name if holder else "?", code=holder.code if holder else "?"),
                        field="uscc")
    holder = queries.get_enterprise_by_code(code)
    return Conflict("code_taken",
                    _("The code %(code)s is already used by %(name)s.", code=code, name=holder.name if holder else "?"),
                    field="code")


def _insert(enterprise: Enterprise) -> None:
    # In a savepoint, so a taken code or USCC rolls back this row only and the caller can say which.
    with db.session.begin_nested():
        db.session.add(enterprise)


def _violated_field(exc: IntegrityError) -> str:
    """Which unique column refused the row; both SQLite and PostgreSQL name it in the message."""
    return "uscc" if "uscc" in str(exc.orig).lower() else "code"


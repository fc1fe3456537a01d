"""The industry departments (行业主管部门): the office's list, added to and switched off, never deleted."""
import re

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from safety.audit.operations import created, record_audit
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError
from safety.extensions import db
from safety.units.models import Department

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def add_department(key: str, name_zh: str, name_en: str) -> Department:
    key, name_zh, name_en = (key or "").strip(), (name_zh or "").strip(), (name_en or "").strip()
    if not KEY_PATTERN.match(key):
        raise DomainError("department_key", _("A department key has up to 32 lower-case letters, digits or "
                                              "underscores, starting with a letter."), field="key")
    if not name_zh or not name_en:
        raise DomainError("department_name", _("A department needs its Chinese and English names."), field="name_zh")
    if db.session.scalar(select(Department.id).where(or_(Department.key == key, Department.name_zh == name_zh))):
        raise Conflict("department_taken", _("A department with this key or name exists already."), field="key")
    position = (db.session.scalar(select(func.max(Department.position))) or 0) + 1
    department = Department(key=key, name_zh=name_zh, name_en=name_en, position=position, active=True)
    db.session.add(department)
    db.session.flush()
    record_audit(acting_user(), "department.created", "department", key, name_zh,
                 created({"key": key, "name_zh": name_zh, "name_en": name_en}))
    return department


def set_department_active(department: Department, active: bool) -> None:
    if department.active == active:
        return
    department.active = active
    db.session.flush()
    record_audit(acting_user(), "department.activated" if active else "department.deactivated", "department",
                 department.key, department.name_zh, {"active": [not active, active]})


def department_name(department: Department | None) -> str:
    """The department's name in the reader's language."""
    from flask_babel import get_locale
    if department is None:
        return ""
    locale = get_locale()
    return department.name_zh if locale is None or locale.language == "zh" else department.name_en

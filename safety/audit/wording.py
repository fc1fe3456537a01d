"""How the audit log reads: actions, target kinds, field names and values, in the reader's language."""
from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l

from safety.audit.operations import PASSWORD_RESET, PASSWORD_SET
from safety.common.words import labeller

ACTION_LABELS = {
    "user.created": _l("User created"),
    "user.changed": _l("User changed"),
    "user.role_changed": _l("Role changed"),
    "user.deactivated": _l("User deactivated"),
    "user.reactivated": _l("User reactivated"),
    "user.password_reset": _l("Password reset"),
    "grid.created": _l("Grid created"),
    "grid.changed": _l("Grid changed"),
    "grid.deleted": _l("Grid deleted"),
    "unit.created": _l("Unit created"),
    "unit.changed": _l("Unit changed"),
    "unit.deleted": _l("Unit deleted"),
    "department.created": _l("Department added"),
    "department.deactivated": _l("Department deactivated"),
    "department.activated": _l("Department reactivated"),
    "sector.created": _l("Sector added"),
    "sector.changed": _l("Sector renamed"),
    "sector.deactivated": _l("Sector deactivated"),
    "sector.activated": _l("Sector reactivated"),
    "enterprise.created": _l("Enterprise registered"),
    "enterprise.changed": _l("Enterprise changed"),
    "enterprise.closed": _l("Enterprise closed"),
    "enterprise.imported": _l("Enterprises imported"),
    "template.created": _l("Checklist created"),
    "template.edited": _l("Checklist edited"),
    "template.version_created": _l("New checklist version"),
    "template.activated": _l("Checklist reactivated"),
    "template.deactivated": _l("Checklist deactivated"),
    "office.changed": _l("Office identity changed"),
    "evidence.sealed": _l("Day's evidence sealed"),
}

TARGET_LABELS = {
    "user": _l("Users"),
    "grid": _l("Grids"),
    "unit": _l("Units"),
    "department": _l("Departments"),
    "sector": _l("Sectors"),
    "enterprise": _l("Enterprises"),
    "import": _l("Enterprise imports"),
    "template": _l("Checklists"),
    "office": _l("Issuing office"),
}

# One record of each kind, as a row names it.
TARGET_NAMES = {
    "user": _l("User account"),
    "grid": _l("Grid"),
    "unit": _l("Unit"),
    "department": _l("Department"),
    "sector": _l("Sector"),
    "enterprise": _l("Enterprise"),
    "import": _l("Import"),
    "template": _l("Checklist"),
    "office": _l("Issuing office"),
}

FIELD_LABELS = {
    "username": _l("Username"),
    "display_name": _l("Name"),
    "phone": _l("Phone"),
    "role": _l("Role"),
    "grids": _l("Grids"),
    "enterprise": _l("Enterprise"),
    "active": _l("Active"),
    "password": _l("Password"),
    "code": _l("Code"),
    "name": _l("Name"),
    "uscc": _l("Unified social credit code"),
    "address": _l("Address"),
    "sector": _l("Sector"),
    "supervision_class": _l("Supervision class"),
    "grid": _l("Grid"),
    "unit": _l("Unit"),
    "parent": _l("Parent unit"),
    "unit_kind": _l("Kind of unit"),
    "delegated_classes": _l("Delegated enforcement for classes"),
    "department": _l("Industry department"),
    "contact_person": _l("Contact person"),
    "contact_phone": _l("Contact phone"),
    "status": _l("Status"),
    "count": _l("Enterprises"),
    "codes": _l("Codes"),
    "topic": _l("Topic"),
    "description": _l("Description"),
    "version": _l("Version"),
    "section_added": _l("Section added"),
    "section_title": _l("Section title"),
    "section_position": _l("Section moved"),
    "section_deleted": _l("Section deleted"),
    "item_added": _l("Item added"),
    "item_position": _l("Item moved"),
    "item_deleted": _l("Item deleted"),
    "prompt": _l("What to check"),
    "guidance": _l("Guidance"),
    "basis": _l("Legal basis"),
    "kind": _l("Answer"),
    "photo_required_on_fail": _l("Photo required on fail"),
    "name_zh": _l("Chinese name"),
    "name_en": _l("English name"),
    "key": _l("Key"),
    "full_name": _l("Full name"),
    "short_name": _l("Short name"),
    "seal_text": _l("Seal text"),
    "prefixes": _l("Number prefixes"),
    "certificate_number": _l("Enforcement certificate number"),
    "day": _l("Day"),
    "digest": _l("Daily digest (SHA-256)"),
    "hazards": _l("Hazards"),
    "documents": _l("Documents"),
}

# A record's "name" is a person's name (姓名) for users only; the others name their own.
NAME_LABELS = {
    "enterprise": _l("Enterprise name"),
    "template": _l("Checklist name"),
    "grid": _l("Grid name"),
}

EMPTY = "—"


action_label = labeller(ACTION_LABELS)
target_kind_label = labeller(TARGET_LABELS)  # a kind of record in the plural, as the filter offers it
target_name = labeller(TARGET_NAMES)  # a kind of record in the singular, as an entry names its record


def field_label(field: str, target_kind: str = "") -> str:
    """A changed field's name; ``fire-03.prompt`` (an item's field) reads "fire-03 · What to check"."""
    key, dot, name = field.rpartition(".")
    if dot:
        return f"{key} · {FIELD_LABELS.get(name, name)}"
    if field == "name" and target_kind in NAME_LABELS:
        return str(NAME_LABELS[target_kind])
    return str(FIELD_LABELS.get(field, field))


def field_value(field: str, value) -> str:
    """One side of a change as the reader understands it: labels for stored keys, yes or no for flags."""
    from safety.checklists.forms import KIND_LABELS
    from safety.checklists.topics import topic_label
    from safety.enterprises.sectors import sector_label
    from safety.enterprises.statuses import status_label
    from safety.navigation import role_label

    name = field.rpartition(".")[2]
    if value is None or value == "" or value == []:
        return EMPTY
    if name == "password":
        return {PASSWORD_SET: _("set"), PASSWORD_RESET: _("reset by an administrator")}.get(value, EMPTY)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(str(part) for part in value)
    labels = {"role": role_label, "status": status_label, "sector": sector_label, "topic": topic_label,
              "kind": lambda key: str(KIND_LABELS.get(key, key))}
    if name in labels:
        return labels[name](value)
    return str(value)


def target_url(entry) -> str | None:
    """The page of an entry's target, where there is one."""
    key = entry.target_key
    if entry.target_kind == "user" and key.isdigit():
        return url_for("users.edit", user_id=int(key))
    if entry.target_kind == "grid":
        return None if entry.action == "grid.deleted" else url_for("users.grids")
    if entry.target_kind == "unit" and entry.action != "unit.deleted":
        return url_for("units.edit", unit_code=key)
    if entry.target_kind == "department":
        return url_for("units.index")
    if entry.target_kind == "sector":
        return url_for("sectors.index")
    if entry.target_kind == "enterprise" and key:
        return url_for("enterprises.detail", code=key)
    if entry.target_kind == "template" and key.isdigit():
        return url_for("checklists.show", template_id=int(key))
    if entry.target_kind == "import":
        return url_for("enterprises.index")
    if entry.target_kind == "office":
        return url_for("office.edit")
    return None


def action_badge(action: str) -> str:
    """The badge colour of an action: what takes access or records away stands out."""
    verb = action.rpartition(".")[2]
    if verb in ("deactivated", "closed", "deleted"):
        return "bad"
    if verb in ("role_changed", "password_reset"):
        return "warn"
    if verb in ("created", "imported", "reactivated", "activated"):
        return "ok"
    return "info"

"""The back office's main menu: each entry names its endpoint and the roles that see it."""
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from safety.auth.access import OFFICE
from safety.users.models import STAFF_ROLES, Role

ROLE_LABELS = {
    Role.INSPECTOR.value: _l("Inspector"),
    Role.ENTERPRISE.value: _l("Enterprise"),
    Role.SUPERVISOR.value: _l("Supervisor"),
    Role.ADMIN.value: _l("Administrator"),
}


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: object
    description: object
    roles: tuple[Role, ...]


EVERYONE = tuple(Role)
ADMINS = (Role.ADMIN,)
# The entries in the order of the menu; "who" is the roles that see the entry.
MENU = tuple(MenuEntry(endpoint, label, description, who) for endpoint, label, description, who in (
    ("field.app", _l("Field app"), _l("Scan, inspect and re-check, also offline"), EVERYONE),
    ("review.queue", _l("Review"), _l("Submitted inspections and their photo evidence"), OFFICE),
    ("hazards.ledger", _l("Hazard ledger"), _l("Every hazard until it is struck off"), STAFF_ROLES),
    ("reports.dashboard", _l("Dashboard"), _l("Figures by period, sector and grid"), OFFICE),
    ("campaigns.index", _l("Campaigns"), _l("Plans, special campaigns and random checks, with their tasks"),
     OFFICE),
    ("measures.index", _l("Enforcement measures"), _l("Enforcement measures, penalties and referrals, and their effect"),
     STAFF_ROLES),
    ("referrals.index", _l("Referrals"), _l("Referrals to departments and reports upward, with their replies"),
     OFFICE),
    ("documents.index", _l("Documents"), _l("Enforcement documents: issue, print, PDF, the ledger"), EVERYONE),
    ("enterprises.index", _l("Enterprises"), _l("The register, import, export and QR labels"), STAFF_ROLES),
    ("checklists.index", _l("Checklists"), _l("Checklist templates and their versions"), OFFICE),
    ("users.index", _l("Users"), _l("Accounts, roles and grids"), ADMINS),
    ("units.index", _l("Units and areas"), _l("The bureau, towns and parks, their grids and the industry departments"),
     ADMINS),
    ("users.grids", _l("Grids"), _l("The grids inspectors are responsible for"), ADMINS),
    ("sectors.index", _l("Sectors"), _l("The sectors enterprises are sorted into"), ADMINS),
    ("office.edit", _l("Issuing office"), _l("The office's name, seal text and document number prefixes"), ADMINS),
    ("audit.index", _l("Audit log"), _l("Who changed users, grids, enterprises and checklists"), ADMINS),
))


def main_navigation() -> list[dict]:
    """The entries the current user may open, for the features this server has."""
    if not current_user.is_authenticated:
        return []
    role = Role(current_user.role)
    entries = []
    for entry in MENU:
        if role in entry.roles and entry.endpoint in current_app.view_functions:
            url = url_for(entry.endpoint)
            entries.append({"url": url, "label": entry.label, "description": entry.description,
                            "active": request.path.startswith(url) and url != "/"})
    return entries


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def init_navigation(app: Flask) -> None:
    app.jinja_env.globals.update(main_navigation=main_navigation, role_label=role_label)

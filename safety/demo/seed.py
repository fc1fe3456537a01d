"""Building the demo district (the bureau, two towns and the park) step by step; each step is a small function
so later features add theirs.

Everything is drawn from one ``random.Random`` with a fixed seed, so the demo
(its codes, phone numbers and credit codes) is the same on every machine.
"""
import random
from dataclasses import dataclass

from sqlalchemy import select

from safety.checklists.library import install_library
from safety.checklists.models import ChecklistTemplate
from safety.common.office_time import office_today
from safety.demo import data
from safety.demo.documents import seed_documents
from safety.demo.follow_up import seed_follow_up
from safety.demo.history import seed_history
from safety.demo.measures import seed_measures
from safety.demo.year import seed_year
from safety.enterprises.models import Enterprise
from safety.enterprises.operations import next_free_codes
from safety.enterprises.uscc import make_uscc
from safety.extensions import db
from safety.units.operations import create_unit, update_unit
from safety.units.tree import get_department, get_root
from safety.users.models import Grid, User
from safety.users.operations import create_grid, create_user

SEED = 20261123


@dataclass
class DemoPark:
    """What seed_demo made, for the steps after it and for the summary printed at the end."""

    grids: dict[str, Grid]
    enterprises: list[Enterprise]
    users: list[User]
    templates: list[ChecklistTemplate]
    inspections: list


def seed_demo() -> DemoPark:
    """Create the whole demo park in the current transaction (the caller commits)."""
    rng = random.Random(SEED)
    units = seed_units()
    grids = seed_grids()
    enterprises = seed_enterprises(grids, rng)
    users = seed_users(enterprises)
    town_grids = seed_town_grids(units)
    grids.update(town_grids)
    enterprises += seed_town_enterprises(town_grids, random.Random(SEED + 1))  # the park's draws stay as they were
    users += seed_district_users()
    templates = seed_templates(created_by=users[0])
    inspections = seed_history(enterprises, users, templates, rng)
    inspections += seed_follow_up(users, templates, rng)
    inspections += seed_year(users, templates, rng)
    seed_measures(enterprises, users, office_today())
    seed_documents(users)
    return DemoPark(grids=grids, enterprises=enterprises, users=users, templates=templates,
                    inspections=inspections)


def seed_units() -> dict:
    """The district's tree: the bureau at the root (the root the migration made, renamed), two towns and the
    park, by code."""
    root = get_root() or create_unit("ROOT", data.BUREAU, kind="district")
    update_unit(root, data.BUREAU, "district", "", None)
    units = {"ROOT": root}
    for code, name, kind, delegated in data.UNITS:
        units[code] = create_unit(code, name, kind=kind, delegated_classes=delegated)
    return units


def seed_grids() -> dict[str, Grid]:
    """The park's four grids, by code."""
    return {code: create_grid(code, f"{data.PARK}{name}", data.PARK_UNIT) for code, name, _streets in data.GRIDS}


def seed_town_grids(units: dict) -> dict[str, Grid]:
    """The towns' grids, by code."""
    return {code: create_grid(code, name, unit) for code, name, unit, _streets in data.TOWN_GRIDS}


def seed_town_enterprises(grids: dict[str, Grid], rng: random.Random) -> list[Enterprise]:
    """The towns' shops, restaurants, workshops and sites, registered like the park's."""
    streets = {code: (unit, streets) for code, _name, unit, streets in data.TOWN_GRIDS}
    towns = {code: name for code, name, _kind, _delegated in data.UNITS}
    codes = next_free_codes(len(data.TOWN_ENTERPRISES), taken=set(db.session.scalars(select(Enterprise.code))))
    enterprises = []
    for number, (sector, name, supervision_class, grid_code) in enumerate(data.TOWN_ENTERPRISES):
        unit, names = streets[grid_code]
        enterprises.append(Enterprise(
            code=codes[number], name=name, uscc=make_uscc(rng), sector=sector, supervision_class=supervision_class,
            grid=grids[grid_code], address=f"滨江区{towns[unit]}{rng.choice(names)}{rng.randint(1, 299)}号",
            contact_person=data.TOWN_CONTACT_PEOPLE[number],
            contact_phone=rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}", status="active"))
    db.session.add_all(enterprises)
    db.session.flush()
    return enterprises


def seed_district_users() -> list[User]:
    """The towns' and the park's supervisors, the towns' inspectors and a department's account."""
    users = []
    for role, username, password, name, grid_codes, unit_code, department in data.DISTRICT_ACCOUNTS:
        user = create_user(username, role, password, display_name=name, grid_codes=grid_codes, unit_code=unit_code)
        if department:
            user.department = get_department(department)
        users.append(user)
    db.session.flush()
    return users


def seed_enterprises(grids: dict[str, Grid], rng: random.Random) -> list[Enterprise]:
    """About fifty enterprises across every sector, with valid credit codes and believable contacts."""
    streets = {code: streets for code, _name, streets in data.GRIDS}
    codes = next_free_codes(len(data.ENTERPRISES))  # E00001... on an empty register
    enterprises = []
    for number, (sector, name, supervision_class, grid_code) in enumerate(data.ENTERPRISES, start=1):
        street = rng.choice(streets[grid_code])
        enterprises.append(Enterprise(
            code=codes[number - 1], name=name, uscc=make_uscc(rng), sector=sector,
            supervision_class=supervision_class, grid=grids[grid_code],
            address=f"{data.PARK}{street}{rng.randint(1, 399)}号",
            contact_person=data.CONTACT_PEOPLE[number - 1],
            contact_phone=rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}",
            status="active"))
    db.session.add_all(enterprises)
    db.session.flush()
    return enterprises


def seed_users(enterprises: list[Enterprise]) -> list[User]:
    """One account of every role (two inspectors), with the demo passwords; the administrator first."""
    by_name = {enterprise.name: enterprise for enterprise in enterprises}
    users = []
    for role, username, password, name, grid_codes, enterprise_name in data.ACCOUNTS:
        enterprise = by_name[enterprise_name] if enterprise_name else None
        users.append(create_user(username, role, password, display_name=name or enterprise.contact_person,
                                 grid_codes=grid_codes, enterprise_code=enterprise.code if enterprise else None))
    return users


def seed_templates(created_by: User | None = None) -> list[ChecklistTemplate]:
    """The standard checklist library."""
    return install_library(created_by=created_by)


def demo_accounts() -> list[tuple[str, str, str]]:
    """(role, username, password) of every demo account, as printed for a newcomer."""
    return [(role, username, password) for role, username, password, *_rest in
            (*data.ACCOUNTS, *data.DISTRICT_ACCOUNTS)]

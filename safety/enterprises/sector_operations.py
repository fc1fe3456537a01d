"""Changing the office's sector list: add a sector, rename it, deactivate or reactivate it. Never delete one.

A sector's key is what records store, so it never changes. Deactivating a sector that active enterprises still
belong to is refused, naming them: they would keep a sector nobody can choose any more. Deactivated, a sector
is no longer offered for new records, while everything that names it keeps its name.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from safety.audit.operations import created, diff, record_audit
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError, NotFound
from safety.common.revisions import touch
from safety.enterprises.models import Enterprise, Sector
from safety.enterprises.sectors import forget_sectors
from safety.enterprises.statuses import CLOSED
from safety.extensions import db

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
NAME_MAX = 100
NAMED_IN_MESSAGE = 5  # enterprises named when a deactivation is refused; the rest are counted


def get_sector(sector_id: int) -> Sector:
    sector = db.session.get(Sector, sector_id)
    if sector is None:
        raise NotFound("sector_not_found", _("No sector has the number %(id)s.", id=sector_id))
    return sector


def _names(name_zh: str, name_en: str, sector: Sector | None = None) -> tuple[str, str]:
    name_zh, name_en = " ".join((name_zh or "").split()), " ".join((name_en or "").split())
    if not name_zh:
        raise DomainError("sector_name_required", _("The Chinese name is required."), field="name_zh")
    if not name_en:
        raise DomainError("sector_name_required", _("The English name is required."), field="name_en")
    for field, value in (("name_zh", name_zh), ("name_en", name_en)):
        if len(value) > NAME_MAX:
            raise DomainError("too_long", _("At most %(n)s characters.", n=NAME_MAX), field=field)
    others = select(Sector.key).where(func.lower(Sector.name_zh) == name_zh.lower())
    if sector is not None:
        others = others.where(Sector.id != sector.id)
    taken = db.session.scalar(others)
    if taken:
        raise Conflict("sector_name_taken", _("The sector %(key)s is already called %(name)s.", key=taken,
                                              name=name_zh), field="name_zh")
    return name_zh, name_en


def _snapshot(sector: Sector) -> dict:
    return {"key": sector.key, "name_zh": sector.name_zh, "name_en": sector.name_en, "active": sector.active}


def create_sector(key: str, name_zh: str, name_en: str) -> Sector:
    """Add a sector at the end of the list, active."""
    key = (key or "").strip().lower()
    if not KEY_PATTERN.match(key):
        raise DomainError("sector_key_invalid",
                          _("The key \"%(key)s\" must be 2 to 32 lower-case letters, digits or underscores, "
                            "starting with a letter.", key=key[:40]), field="key")
    if db.session.scalar(select(Sector.id).where(Sector.key == key)):
        raise Conflict("sector_key_taken", _("The sector key %(key)s is taken.", key=key), field="key")
    name_zh, name_en = _names(name_zh, name_en)
    position = (db.session.scalar(select(func.max(Sector.position))) or 0) + 1
    sector = Sector(key=key, name_zh=name_zh, name_en=name_en, position=position, active=True)
    db.session.add(sector)
    db.session.flush()  # the unique indexes on key and name decide a race
    record_audit(acting_user(), "sector.created", "sector", sector.id, sector.name_zh, created(_snapshot(sector)))
    forget_sectors()
    return sector


def rename_sector(sector: Sector, name_zh: str, name_en: str) -> Sector:
    """Give a sector new names; its key, and so every record naming it, stays."""
    before = _snapshot(sector)
    sector.name_zh, sector.name_en = _names(name_zh, name_en, sector)
    changes = diff(before, _snapshot(sector))
    if changes:
        # Phones show the sector's name on their enterprise cards: its enterprises come in the next delta pull.
        for enterprise in db.session.scalars(select(Enterprise).where(Enterprise.sector == sector.key)):
            touch(enterprise)
        db.session.flush()
        record_audit(acting_user(), "sector.changed", "sector", sector.id, sector.name_zh, changes)
    forget_sectors()
    return sector


def set_sector_active(sector: Sector, active: bool) -> Sector:
    """Deactivate or reactivate a sector. Refused (409, naming them) while enterprises not closed belong to it."""
    if sector.active == active:
        return sector
    if not active:
        users = db.session.execute(
            select(Enterprise.code, Enterprise.name)
            .where(Enterprise.sector == sector.key, Enterprise.status != CLOSED).order_by(Enterprise.code)).all()
        if users:
            named = "、".join(f"{name} ({code})" for code, name in users[:NAMED_IN_MESSAGE])
            raise Conflict("sector_in_use",
                           _("%(sector)s cannot be deactivated: %(count)s enterprises not closed belong to it "
                             "(%(named)s). Move them to another sector first; nothing has been changed.",
                             sector=sector.name_zh, count=len(users),
                             named=named + ("……" if len(users) > NAMED_IN_MESSAGE else "")), field="active")
    before = _snapshot(sector)
    sector.active = active
    record_audit(acting_user(), "sector.activated" if active else "sector.deactivated", "sector", sector.id,
                 sector.name_zh, diff(before, _snapshot(sector)))
    forget_sectors()
    return sector

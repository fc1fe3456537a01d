"""Sectors (行业领域) an enterprise belongs to: the office's list, kept in the ``sectors`` table.

The key is stored (enterprises, campaign scopes, phones); the name is shown and imported, Chinese or English.
Every list, form, import, filter and report reads the sectors from here. The table is read once per request
(:func:`list_sectors` caches it on ``g``), so a page that names the sector of every row still reads it once.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import get_locale
from sqlalchemy import select

from safety.enterprises.models import Sector
from safety.extensions import db


@dataclass(frozen=True)
class SectorEntry:
    """A sector as read for this request: plain values, so a commit in between never reloads them row by row."""

    id: int
    key: str
    name_zh: str
    name_en: str
    active: bool


def list_sectors() -> list[SectorEntry]:
    """Every sector, active or not, in the office's order: one statement per request."""
    sectors = g.get("_sectors")
    if sectors is None:
        sectors = g._sectors = [SectorEntry(*row) for row in db.session.execute(
            select(Sector.id, Sector.key, Sector.name_zh, Sector.name_en, Sector.active)
            .order_by(Sector.position, Sector.id))]
    return sectors


def forget_sectors() -> None:
    """Drop this request's copy of the list, after a sector was added or changed."""
    g.pop("_sectors", None)


def active_sectors() -> list[SectorEntry]:
    """The sectors offered for new records (forms, imports, campaign scopes)."""
    return [sector for sector in list_sectors() if sector.active]


def name_of(sector: SectorEntry) -> str:
    """The sector's name in the reader's language (Chinese for Chinese, English otherwise)."""
    locale = get_locale()
    if locale is not None and locale.language == "zh":
        return sector.name_zh
    return sector.name_en or sector.name_zh


def sector_labels() -> dict[str, str]:
    """Every sector's name in the reader's language, by key (deactivated ones too: records still name them)."""
    return {sector.key: name_of(sector) for sector in list_sectors()}


def sector_label(key: str) -> str:
    return sector_labels().get(key, key)


def sector_order() -> dict[str, int]:
    """Each key's place in the office's order, for report tables."""
    return {sector.key: n for n, sector in enumerate(list_sectors())}


def sector_choices(current: str | None = None) -> list[tuple[str, str]]:
    """(key, name) of the active sectors, and ``current`` too when it is deactivated (an enterprise keeps its
    sector until someone chooses another)."""
    return [(sector.key, name_of(sector)) for sector in list_sectors() if sector.active or sector.key == current]


def sector_lookup() -> dict[str, str]:
    """Every accepted spelling of every active sector (lower case): its key, Chinese and English names."""
    lookup = {}
    for sector in active_sectors():
        for spelling in (sector.key, sector.name_zh, sector.name_en):
            if spelling:
                lookup[spelling.strip().lower()] = sector.key
    return lookup

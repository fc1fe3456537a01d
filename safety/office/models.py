"""The office's identity, one row: what every document it issues prints at its head and foot."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

OFFICE_ROW = 1  # the table holds one row, this id


class OfficeSettings(db.Model):
    """The issuing office (发文机关): full name (某某区应急管理局), short name used in numbers (区应急),
    address, phone, the text of its seal, and a number prefix per document kind (区应急责改)."""

    __tablename__ = "office_settings"
    id: Mapped[int] = mapped_column(primary_key=True, default=OFFICE_ROW)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    short_name: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    seal_text: Mapped[str] = mapped_column(String(200), default="")
    prefixes: Mapped[dict] = mapped_column(JSON, default=dict)  # document kind -> number prefix
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

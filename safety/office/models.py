"""The office's identity, one row: what every document it issues prints at its head and foot."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

OFFICE_ROW = 1  # the table holds one row, this id


class OfficeSettings(db.Model):
    """The issuing office (发文机关): full name (某某区应急管理局), short name used in numbers (区应急),
    address, phone, the text of its seal, a number prefix per document kind (区应急责改), and its powers.

    A row without a full name was made only for the powers (the identity form requires the name): the office
    then prints ``OFFICE_NAME`` from the configuration, as with no row at all."""

    __tablename__ = "office_settings"
    id: Mapped[int] = mapped_column(primary_key=True, default=OFFICE_ROW)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    short_name: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    seal_text: Mapped[str] = mapped_column(String(200), default="")
    prefixes: Mapped[dict] = mapped_column(JSON, default=dict)  # document kind -> number prefix
    # An office without penalty powers (a park's 管委会) decides no seizure and no penalty: it refers. Read only
    # through safety.measures.rules.penalty_powers.
    penalty_powers: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

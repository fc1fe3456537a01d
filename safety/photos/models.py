"""Photo records. The bytes live in the photo store; the row is the evidence record."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.types import UTCDateTime, UUIDString, utcnow
from safety.extensions import db

# What a photo is evidence of. Signatures drawn on the phone are stored as photos too.
PURPOSES = ("answer", "hazard", "rectification", "recheck", "inspector_signature", "representative_signature",
            "document_signature", "refusal")  # the last two: a document issued on site (documents/field.py)


class Photo(db.Model):
    """One uploaded image. ``uuid`` is made on the phone, so a re-sent upload is recognised."""

    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(UUIDString, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str | None] = mapped_column(String(32))  # set when a record attaches it
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the phone's clock
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the server's clock
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # What it is evidence of: an answer, an inspection (signatures), or a hazard together with the
    # event it documents (found, rectification, re-check). A failed item's photo shown on the hazard
    # sheet is evidence of both its answer and the hazard.
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="SET NULL"), index=True)
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id", ondelete="SET NULL"), index=True)
    hazard_event_id: Mapped[int | None] = mapped_column(ForeignKey("hazard_events.id", ondelete="SET NULL"), index=True)
    # Before and after: the earlier photo of the same hazard this one was taken to match (the phone showed it
    # over the camera), as the phone recorded it.
    before_photo_id: Mapped[int | None] = mapped_column(ForeignKey("photos.id", ondelete="SET NULL"), index=True)

    @property
    def is_attached(self) -> bool:
        """Evidence of a record already: a photo is attached once, by the record that first names it."""
        return self.purpose is not None or any(value is not None for value in (
            self.answer_id, self.hazard_id, self.hazard_event_id, self.inspection_id))

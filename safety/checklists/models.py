"""Checklist templates and their versions.

A template is a lineage; each version is a frozen list of sections and items.
A version that an inspection used is never edited: editing it creates the next
version. Items carry a ``key`` that survives from version to version, so an
answer, a hazard and a recurring-hazard check can refer to "the same item"
across versions.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.revisions import Synced
from safety.common.types import UTCDateTime, utcnow
from safety.extensions import db

ANSWER_KINDS = ("pass_fail", "number", "text")  # pass / fail / not applicable, a number, free text


class ChecklistTemplate(db.Model):
    """A named checklist, e.g. 消防安全检查表; its content lives in its versions."""

    __tablename__ = "checklist_templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(32))  # fire, electrical, ... (see checklists.topics)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["TemplateVersion"]] = relationship(
        back_populates="template", order_by="TemplateVersion.version", cascade="all, delete-orphan")

    @property
    def latest(self) -> "TemplateVersion | None":
        return self.versions[-1] if self.versions else None


class TemplateVersion(Synced, db.Model):
    """One frozen version of a template; what phones pull and inspections refer to."""

    __tablename__ = "template_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    template: Mapped[ChecklistTemplate] = relationship(back_populates="versions")
    sections: Mapped[list["TemplateSection"]] = relationship(
        back_populates="version", order_by="TemplateSection.position", cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_template_versions_template_version"),)

    def items(self) -> list["TemplateItem"]:
        return [item for section in self.sections for item in section.items]


class TemplateSection(db.Model):
    __tablename__ = "template_sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))

    version: Mapped[TemplateVersion] = relationship(back_populates="sections")
    items: Mapped[list["TemplateItem"]] = relationship(
        back_populates="section", order_by="TemplateItem.position", cascade="all, delete-orphan")


class TemplateItem(db.Model):
    """One check: a prompt, guidance for the inspector, and the legal basis (依据)."""

    __tablename__ = "template_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("template_sections.id", ondelete="CASCADE"), index=True)
    # Also denormalised here so (version, key) can be a unique constraint.
    version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))  # stable across versions; the item "id" phones see
    position: Mapped[int] = mapped_column(Integer)
    prompt: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")  # 依据: the law or standard, with its article
    kind: Mapped[str] = mapped_column(String(16), default="pass_fail")
    photo_required_on_fail: Mapped[bool] = mapped_column(Boolean, default=True)
    # A number item's limits: a reading below ``min_value`` or above ``max_value`` fails (either may be absent).
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="", server_default="")  # shown beside the reading
    # What a failure of this item means, as a hazard's description reads (「危险化学品未储存在专用仓库」).
    finding: Mapped[str] = mapped_column(Text, default="", server_default="")

    section: Mapped[TemplateSection] = relationship(back_populates="items")
    version: Mapped[TemplateVersion] = relationship(overlaps="items")

    __table_args__ = (UniqueConstraint("version_id", "key", name="uq_template_items_version_key"),)

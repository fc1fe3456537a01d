"""Campaigns, their tasks, random draws and the verdict on each target enterprise.

A task's status is derived, never stored (see :mod:`safety.campaigns.rules`): only its
cancellation is a fact of its own. A closed campaign keeps the figures it had when it closed.
"""
from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.common.revisions import Synced
from safety.common.types import UTCDateTime, UUIDString, utcnow
from safety.extensions import db


class Campaign(Synced, db.Model):
    """A plan, special campaign, random check, holiday or joint check: what to inspect, when, and against what.

    ``scope`` is ``{"sectors", "grids", "classes", "enterprises"}`` (sector keys, grid codes, classes A–D,
    enterprise codes): the enterprises not closed that match every criterion given, plus those listed.
    Its sync revision tells phones that the tasks they hold of it changed (activated, renamed, closed).
    """

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. 2026-ZX-03, in URLs
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    basis_number: Mapped[str] = mapped_column(String(100), default="")  # 文号, e.g. 〔2026〕12号
    basis_title: Mapped[str] = mapped_column(String(300), default="")  # the document that ordered it
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[dict] = mapped_column(JSON)
    # 执法人员不少于两人: every task of an enforcement check has two inspectors or more.
    enforcement: Mapped[bool] = mapped_column(Boolean, default=False)
    # Draws: a team is never made only of inspectors of the enterprise's own grid.
    exclude_own_grid_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # The unit whose campaign it is (the bureau's, a town's, a park's): its supervisors manage it and its
    # reports roll the campaign up over its subtree. The creator's unit unless they name one below it.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written when the campaign closes; a closed campaign answers these rather than today's counts.
    frozen_figures: Mapped[dict | None] = mapped_column(JSON)

    template_links: Mapped[list["CampaignTemplate"]] = relationship(
        order_by="CampaignTemplate.position", cascade="all, delete-orphan")
    # Read with the campaign (one join): every page and answer that shows a campaign names its unit.
    unit: Mapped["Unit"] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period"),)

    @property
    def template_ids(self) -> list[int]:
        return [link.template_id for link in self.template_links]

    def __repr__(self) -> str:
        return f"<Campaign {self.code}>"


class CampaignTemplate(db.Model):
    """One checklist template of a campaign, in the order the campaign lists them."""

    __tablename__ = "campaign_templates"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id", ondelete="RESTRICT"),
                                             primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Draw(db.Model):
    """A random draw (双随机): everything needed to redo it by hand and get the same list.

    ``enterprise_pool`` is ``[{"code", "grid"}]`` and ``staff_pool`` ``[{"username", "grids"}]`` as they were at
    the draw, sorted by code and username; ``result`` is ``[{"enterprise", "hash", "team"}]`` in draw order.
    """

    __tablename__ = "draws"
    id: Mapped[int] = mapped_column(primary_key=True)
    # One draw per campaign: drawing again until the list pleases would defeat the point of a draw.
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"), unique=True)
    seed: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)  # how many were drawn (from the share when one was given)
    share: Mapped[str | None] = mapped_column(String(16))  # the share asked for, as decimal text ("0.1")
    team_size: Mapped[int] = mapped_column(Integer)
    exclude_own_grid_alone: Mapped[bool] = mapped_column(Boolean)
    enterprise_pool: Mapped[list] = mapped_column(JSON)
    staff_pool: Mapped[list] = mapped_column(JSON)
    result: Mapped[list] = mapped_column(JSON)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Task(Synced, db.Model):
    """An enterprise to inspect for a campaign, by whom and by when.

    Several tasks of one enterprise are allowed in a campaign (an A-class enterprise every month
    of the annual plan), never two on the same day.
    """

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the server. Also the insert sentinel: it tells the rows of one multi-row INSERT apart, so a draw or
    # a plan of hundreds of tasks is inserted in one statement on SQLite too (its row ids come back unordered).
    uuid: Mapped[str] = Column(UUIDString, unique=True, nullable=False, insert_sentinel=True,
                               default=lambda: str(uuid_module.uuid4()))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    draw_id: Mapped[int | None] = mapped_column(ForeignKey("draws.id", ondelete="RESTRICT"))
    # Why the plan proposed it: [{"code", "days"?}] (see vocabulary.PLAN_REASON_LABELS); None when picked by hand.
    reason: Mapped[list | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    members: Mapped[list["TaskMember"]] = relationship(order_by="TaskMember.position", cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("campaign_id", "enterprise_id", "due_on", name="uq_tasks_campaign_enterprise_due"),
        Index("ix_tasks_campaign_due", "campaign_id", "due_on"),
    )


class TaskMember(db.Model):
    """One inspector assigned to a task, in the team's order."""

    __tablename__ = "task_team"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)

    __table_args__ = (UniqueConstraint("task_id", "user_id", name="uq_task_team_task_user"),)


class CampaignOutcome(db.Model):
    """The verdict on one target enterprise of a 整治 campaign (整改中, 停产整顿, 淘汰关闭, …)."""

    __tablename__ = "campaign_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="RESTRICT"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("campaign_id", "enterprise_id", name="uq_campaign_outcomes_campaign_enterprise"),
    )

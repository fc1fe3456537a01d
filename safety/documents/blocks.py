"""Number blocks: document numbers a phone may give offline, reserved for one inspector at each pull.

A phone in a basement issues 现场检查记录, 责令限期整改指令书 and 现场处理措施决定书 with numbers of the
office's own series (per type and year, safety.common.numbering). It cannot ask for them there, so each pull
reserves a few of each type for that inspector on that phone (a *block*), and the phone consumes them offline.

The rules a block follows:

* One open block per inspector, phone (``device``, the phone's own random id) and type. A pull that finds it
  untouched sends it again: nothing was spent, nothing is released.
* A block is *touched* once a document with one of its numbers is stored, or the phone says it has given one
  (``pending``: a number on a document still in its drafts or outbox). At the next pull a touched block closes:
  its numbers neither used nor pending are released, shown as void (作废) in the ledger, and a fresh block is
  reserved. A pending number stays reserved until its document arrives, or is voided at the first pull that no
  longer names it.
* A number is never given twice: each is a row unique per (type, year, number), taken from the series by
  :func:`safety.common.numbering.take_numbers`; a document claims one only from its sender's block, in state
  ``reserved``, by a conditional update (:func:`claim_number`): a second claim, a released number or another
  inspector's number is a 409 with a message.
* A block of another phone of the same inspector left untouched for ``DOCUMENT_BLOCK_IDLE_DAYS`` is released
  at the inspector's next pull, and a block of a past office year at the first pull of the new one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from safety.common.errors import Conflict, DomainError
from safety.common.numbering import take_numbers
from safety.common.office_time import office_zone
from safety.common.types import UTCDateTime, utcnow
from safety.documents.models import document_series, format_reference
from safety.extensions import db
from safety.office.operations import get_office
from safety.users.models import INSPECTING_ROLES, User

# The types a phone issues on site (DESIGN.md, "Enforcement documents"); the others are issued in the office.
FIELD_TYPES = ("inspection_record", "rectification_order", "onsite_measures")
RESERVED, USED, VOID = "reserved", "used", "void"
DEVICE_LENGTH = 64
DEVICE_PATTERN = re.compile(r"[A-Za-z0-9-]{1,64}")
MAX_PENDING = 300  # numbers a phone may name as given but not yet sent


class NumberBlock(db.Model):
    """Numbers of one type reserved for one inspector's phone at one pull."""

    __tablename__ = "document_number_blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    device: Mapped[str] = mapped_column(String(DEVICE_LENGTH))
    kind: Mapped[str] = mapped_column(String(24))
    year: Mapped[int] = mapped_column(Integer)
    reserved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # Two pulls of the same phone at once reserve one block: the loser meets this index and takes the winner's.
        Index("uq_document_number_blocks_open", "user_id", "device", "kind", unique=True,
              sqlite_where=closed_at.is_(None), postgresql_where=closed_at.is_(None)),
    )


class ReservedNumber(db.Model):
    """One number of a block: reserved for the phone, used by a document, or void (released unused)."""

    __tablename__ = "document_reserved_numbers"
    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("document_number_blocks.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(8), default=RESERVED)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # Never doubled: a number of a series and year is reserved once, whatever the block.
        UniqueConstraint("kind", "year", "number", name="uq_document_reserved_numbers_number"),
        Index("ix_document_reserved_numbers_state", "kind", "year", "state"),
    )


@dataclass(frozen=True)
class PendingNumber:
    """A number the phone has put on a document that has not reached the server yet."""

    kind: str
    year: int
    number: int


def parse_device(raw: str | None) -> str | None:
    """The phone's id as sent (``device``), or None when absent; a 400 when it is not one of ours."""
    if raw is None or raw == "":
        return None
    if not DEVICE_PATTERN.fullmatch(raw):
        raise DomainError("invalid_device", _("The phone's id is not valid."), field="device")
    return raw


def parse_pending(raw: str | None) -> set[PendingNumber]:
    """``pending`` as sent: ``inspection_record:2026:12,onsite_measures:2026:3`` (a 400 naming the bad entry)."""
    pending = set()
    for entry in filter(None, (raw or "").split(",")):
        kind, _sep, rest = entry.partition(":")
        year, _sep, number = rest.partition(":")
        if kind not in FIELD_TYPES or not year.isdigit() or not number.isdigit():
            raise DomainError("invalid_pending", _("“%(entry)s” is not a document number of this phone.",
                                                   entry=entry[:60]), field="pending")
        pending.add(PendingNumber(kind, int(year), int(number)))
    if len(pending) > MAX_PENDING:
        raise DomainError("too_many", _("A phone cannot hold more than %(count)s unsent document numbers.",
                                        count=MAX_PENDING), field="pending")
    return pending


def block_size() -> int:
    return int(current_app.config.get("DOCUMENT_BLOCK_SIZE", 5))


def renew_number_blocks(user: User, device: str | None, pending: set[PendingNumber],
                        now: datetime | None = None) -> list[dict]:
    """Close the touched blocks of ``user`` on ``device``, void what they left unused, reserve fresh ones, and
    answer the open blocks as the pull sends them. Not for users who do not inspect, nor without a device.

    Flushes, never commits: the pull's view does, so the numbers are the phone's once it has the answer.
    """
    if device is None or user.role not in {role.value for role in INSPECTING_ROLES}:
        return []
    now = now or utcnow()
    year = now.astimezone(office_zone()).year
    idle_before = now - timedelta(days=int(current_app.config.get("DOCUMENT_BLOCK_IDLE_DAYS", 14)))
    blocks = list(db.session.scalars(select(NumberBlock).where(NumberBlock.user_id == user.id,
                                                               NumberBlock.closed_at.is_(None))))
    numbers = _reserved_or_used(user)
    held = {(n.kind, n.year, n.number) for n in pending}
    touched = {number.block_id for number, _device, _closed in numbers
               if number.state == USED or (number.kind, number.year, number.number) in held}
    open_blocks, closing = {}, set()
    for block in blocks:
        other_phone = block.device != device
        stale = block.year != year or (other_phone and block.reserved_at < idle_before)
        if other_phone and not stale:
            continue  # that phone's business, at its own pull
        if block.id in touched or stale:
            block.closed_at = now
            closing.add(block.id)
        else:
            open_blocks[block.kind] = block
    # Released: the unused numbers of the blocks closing now, and those of this phone's closed blocks it no
    # longer names as pending. Another phone's pending numbers are its own to name.
    _void([number.id for number, block_device, closed_at in numbers
           if number.state == RESERVED and (number.kind, number.year, number.number) not in held
           and (number.block_id in closing or (closed_at is not None and block_device == device))], now)
    db.session.flush()
    answer = []
    office = get_office()
    for kind in FIELD_TYPES:
        block = open_blocks.get(kind)
        if block is not None:
            unused = sorted(number.number for number, _device, _closed in numbers
                            if number.block_id == block.id and number.state == RESERVED)
        else:
            block, unused = _reserve(user, device, kind, year, now)
        answer.append({"id": block.id, "type": kind, "year": block.year, "numbers": unused,
                       "reserved_at": block.reserved_at.isoformat(), "prefix": office.prefix_for(kind),
                       "office": office.full_name})
    return answer


def _reserved_or_used(user: User) -> list[tuple[ReservedNumber, str, datetime | None]]:
    """The user's numbers still reserved (in any block) and the used ones of their open blocks, each with its
    block's phone and closing time: one statement."""
    return list(db.session.execute(
        select(ReservedNumber, NumberBlock.device, NumberBlock.closed_at)
        .join(NumberBlock, NumberBlock.id == ReservedNumber.block_id)
        .where(NumberBlock.user_id == user.id,
               (ReservedNumber.state == RESERVED) | ((ReservedNumber.state == USED) & NumberBlock.closed_at.is_(None)))))


def _void(number_ids: list[int], now: datetime) -> None:
    if number_ids:
        # Conditional: a document that claimed one of them meanwhile keeps it.
        db.session.execute(update(ReservedNumber).where(ReservedNumber.id.in_(number_ids),
                                                        ReservedNumber.state == RESERVED)
                           .values(state=VOID, released_at=now).execution_options(synchronize_session=False))


def _reserve(user: User, device: str, kind: str, year: int, now: datetime) -> tuple[NumberBlock, list[int]]:
    """A new block of ``kind`` and its numbers; when another pull of the same phone reserved one first, that one."""
    try:
        with db.session.begin_nested():
            block = NumberBlock(user_id=user.id, device=device, kind=kind, year=year, reserved_at=now)
            db.session.add(block)
            db.session.flush()
            numbers = list(take_numbers(document_series(kind), year, block_size()))
            db.session.add_all([ReservedNumber(block_id=block.id, kind=kind, year=year, number=number)
                                for number in numbers])
            db.session.flush()
        return block, numbers
    except IntegrityError:
        # The twin pull's block won (and the numbers this one took went back with the savepoint).
        block = db.session.scalars(select(NumberBlock).where(
            NumberBlock.user_id == user.id, NumberBlock.device == device, NumberBlock.kind == kind,
            NumberBlock.closed_at.is_(None))).one()
        return block, list(db.session.scalars(select(ReservedNumber.number).where(
            ReservedNumber.block_id == block.id, ReservedNumber.state == RESERVED).order_by(ReservedNumber.number)))


def claim_number(user: User, kind: str, year: int, number: int) -> ReservedNumber:
    """The reserved number ``number`` of ``kind`` and ``year``, now used by the document being stored.

    A 409 with a message when it is not in one of ``user``'s blocks, was released (void) or is taken; the caller
    sets ``document_id`` once the document has its id (:func:`record_use`).
    """
    reserved = db.session.scalar(select(ReservedNumber).join(NumberBlock, NumberBlock.id == ReservedNumber.block_id)
                                 .where(ReservedNumber.kind == kind, ReservedNumber.year == year,
                                        ReservedNumber.number == number, NumberBlock.user_id == user.id))
    if reserved is None:
        raise Conflict("number_not_reserved",
                       _("Number %(number)s of %(year)s was not reserved for you: a phone gives only the numbers of "
                         "its own block. The document was not stored.", number=number, year=year), field="number")
    taken = db.session.execute(update(ReservedNumber).where(ReservedNumber.id == reserved.id,
                                                            ReservedNumber.state == RESERVED)
                               .values(state=USED).execution_options(synchronize_session=False)).rowcount
    if not taken:
        db.session.refresh(reserved)
        if reserved.state == VOID:
            raise Conflict("number_released",
                           _("Number %(number)s of %(year)s was released as void at a sync before this document "
                             "arrived. The document was not stored.", number=number, year=year), field="number")
        raise Conflict("number_used", _("Number %(number)s of %(year)s is already on another document.",
                                        number=number, year=year), field="number")
    db.session.refresh(reserved)
    return reserved


def record_use(reserved: ReservedNumber, document_id: int) -> None:
    """Link a claimed number to the document that carries it."""
    reserved.document_id = document_id


def list_void_numbers(kind: str | None = None, year: int | None = None) -> list[tuple]:
    """Numbers released unused, for the ledger: (type, year, number, inspector's name, released at)."""
    query = (select(ReservedNumber.kind, ReservedNumber.year, ReservedNumber.number, User.display_name,
                    ReservedNumber.released_at)
             .join(NumberBlock, NumberBlock.id == ReservedNumber.block_id).join(User, User.id == NumberBlock.user_id)
             .where(ReservedNumber.state == VOID).order_by(ReservedNumber.kind, ReservedNumber.year,
                                                          ReservedNumber.number))
    if kind:
        query = query.where(ReservedNumber.kind == kind)
    if year:
        query = query.where(ReservedNumber.year == year)
    return list(db.session.execute(query))


def list_void_references(kind: str = "", limit: int = 200) -> list[dict]:
    """The latest numbers released unused, as the ledger shows them: the number as printed (the office's
    prefix), the type, whose block it was and when it was released."""
    office = get_office()
    query = (select(ReservedNumber.kind, ReservedNumber.year, ReservedNumber.number, User.display_name,
                    ReservedNumber.released_at)
             .join(NumberBlock, NumberBlock.id == ReservedNumber.block_id).join(User, User.id == NumberBlock.user_id)
             .where(ReservedNumber.state == VOID)
             .order_by(ReservedNumber.released_at.desc(), ReservedNumber.kind, ReservedNumber.number).limit(limit))
    if kind:
        query = query.where(ReservedNumber.kind == kind)
    return [{"reference": format_reference(year, number, office.prefix_for(row_kind)), "kind": row_kind,
             "inspector": name, "released_at": released_at}
            for row_kind, year, number, name, released_at in db.session.execute(query)]

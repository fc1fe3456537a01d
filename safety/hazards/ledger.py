"""Reading the hazard ledger (隐患台账): hazards in the user's scope, filtered, sorted and counted.

Every list reads a fixed number of statements whatever the number of rows:
the page of hazards, then one statement for their enterprises and finders.
Overdue and escalation are derived here from :mod:`safety.hazards.rules`, never stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from safety.auth.scope import enterprise_filter, sees_every_enterprise
from safety.checklists.models import TemplateItem
from safety.common.filters import ListFilters
from safety.common.numbering import format_number
from safety.common.office_time import start_of_office_day
from safety.common.pagination import Page, page_number, paginate
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.queries import get_hazard_context, get_hazard_for
from safety.hazards.rules import escalation_clause, is_overdue, needs_escalation, overdue_clause
from safety.hazards.serialize import reason_text
from safety.hazards.vocabulary import (
    FOUND, LEVELS, RECHECK_PASSED, RECTIFICATION_REPORTED, REOPENED, STATUSES, VERIFIED,
)
from safety.photos.models import Photo
from safety.users.models import Grid, User

# Sort keys of the ledger; "-key" sorts the other way. Each breaks ties by the newest hazard first.
SORT_KEYS = ("found", "deadline", "enterprise", "status", "level")
DEFAULT_SORT = "-found"
# The events that carry the second and third signatures of the closure chain (谁治理谁签名、谁验收谁签名).
RECTIFIED_EVENTS = (RECTIFICATION_REPORTED,)
ACCEPTED_EVENTS = (RECHECK_PASSED, VERIFIED)
CHAIN_EVENTS = RECTIFIED_EVENTS + ACCEPTED_EVENTS + (REOPENED,)


# A hazard's readable number as typed into the search (safety.hazards.operations.number_hazards makes them).
HAZARD_NUMBER_PATTERN = re.compile(r"([A-Za-z]+)-(\d{4})-(\d{1,6})")

@dataclass(frozen=True)
class LedgerFilters(ListFilters):
    """What the ledger and its export select; the defaults mean every hazard in scope, newest first."""

    q: str = ""  # enterprise name or code
    status: str = ""
    level: str = ""
    sector: str = ""
    grid: str = ""  # a grid code
    overdue: bool = False
    escalated: bool = False  # flagged by a supervisor, or due for escalation by the rule
    recurring: bool = False
    found_from: date | None = None
    found_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_values(cls, values: dict) -> "LedgerFilters":
        """As :meth:`ListFilters.from_values`, the search words' spaces collapsed and cut to 100 characters."""
        if values.get("q"):
            values = {**values, "q": " ".join(str(values["q"]).split())[:100]}
        return super().from_values(values)

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


@dataclass
class LedgerRow:
    """One line of the ledger: the hazard, where it is, who found it, and what is derived today."""

    hazard: Hazard
    enterprise: Enterprise
    found_by: str | None
    overdue_days: int | None  # days past the deadline of an overdue hazard
    needs_escalation: bool


@dataclass
class Ledger:
    page: Page  # of LedgerRow
    counts: dict[str, int]  # by status, under every filter but the status

    @property
    def total_all_statuses(self) -> int:
        return sum(self.counts.values())


def _sort_columns(filters: LedgerFilters) -> list:
    # Statuses in the order a hazard goes through them, levels from general to major.
    status_rank = case({status: rank for rank, status in enumerate(STATUSES)}, value=Hazard.status, else_=99)
    level_rank = case({level: rank for rank, level in enumerate(LEVELS)}, value=Hazard.level, else_=0)
    column = {"found": Hazard.found_at, "deadline": Hazard.deadline, "enterprise": Enterprise.name,
              "status": status_rank, "level": level_rank}[filters.sort_key]
    ordered = column.desc() if filters.descending else column.asc()
    # Hazards without a deadline (fixed on the spot) come last either way.
    if filters.sort_key == "deadline":
        ordered = ordered.nulls_last()
    return [ordered, Hazard.id.desc()]


# Up to this many rows before the page, the escalated ledger walks the hazards in the page's order and tests
# each one; deeper, it gathers them from the indexes of the rule's three parts and sorts them.
ESCALATED_WALK_ROWS = 500


def filtered_hazards(user: User, filters: LedgerFilters, today: date, walk: bool = False) -> Select:
    """A select of the hazards ``user`` may see that match ``filters``, unordered.

    ``walk``: the page is near the top of the order, so the escalation rule is written so that no index
    answers it (the database then reads the hazards in the page's order and stops after the page) rather
    than as the OR of three indexed parts, which suits counting and deep pages (one in thirteen hazards
    is escalated at district scale: the first page is some three hundred rows down the order).

    What is about the enterprise (the scope, the text, the sector, the grid) is one list of
    enterprise ids rather than a join: the database reaches the hazards of those enterprises
    through (enterprise_id, status), and when nothing narrows the enterprises (an administrator's
    whole ledger) it reads the hazards alone. Join :class:`Enterprise` to it for its columns.
    """
    statement = select(Hazard)
    number = hazard_number_searched(filters.q) if filters.q else None
    if number is not None:  # one hazard by the number people read off a notice or the export
        statement = statement.where(Hazard.number == number)
    enterprises = _enterprise_clauses(user, filters)
    if enterprises:
        statement = statement.where(Hazard.enterprise_id.in_(select(Enterprise.id).where(*enterprises)))
    if filters.status:
        statement = statement.where(Hazard.status == filters.status)
    if filters.level:
        statement = statement.where(Hazard.level == filters.level)
    if filters.overdue:
        statement = statement.where(overdue_clause(today))
    if filters.escalated:
        rule = escalation_clause(today)
        statement = statement.where(case((rule, 1), else_=0) == 1 if walk else rule)
    if filters.recurring:
        statement = statement.where(Hazard.recurring.is_(True))
    if filters.found_from:
        statement = statement.where(Hazard.found_at >= start_of_office_day(filters.found_from))
    if filters.found_to:
        statement = statement.where(Hazard.found_at < start_of_office_day(filters.found_to + timedelta(days=1)))
    if filters.deadline_from:
        statement = statement.where(Hazard.deadline >= filters.deadline_from)
    if filters.deadline_to:
        statement = statement.where(Hazard.deadline <= filters.deadline_to)
    return statement


def hazard_number_searched(q: str) -> str | None:
    """The hazard number ``q`` asks for (YH-2026-000123, also typed as yh-2026-123), or None for a text search."""
    match = HAZARD_NUMBER_PATTERN.fullmatch(q.strip())
    if match is None:
        return None
    prefix, year, number = match.groups()
    return format_number(prefix.upper(), int(year), int(number))


def _enterprise_clauses(user: User, filters: LedgerFilters) -> list:
    """The WHERE clauses on :class:`Enterprise` of the user's scope and the filters; none for everything."""
    clauses = [] if sees_every_enterprise(user) else [enterprise_filter(user)]
    if filters.q and hazard_number_searched(filters.q) is None:
        term = filters.q.lower()
        clauses.append(or_(func.lower(Enterprise.name).contains(term, autoescape=True),
                           func.lower(Enterprise.code).contains(term, autoescape=True)))
    if filters.sector:
        clauses.append(Enterprise.sector == filters.sector)
    if filters.grid:
        clauses.append(Enterprise.grid_id.in_(select(Grid.id).where(Grid.code == filters.grid)))
    return clauses


def list_ledger(user: User, filters: LedgerFilters, today: date) -> Ledger:
    """One page (``?page=``) of the filtered, sorted ledger, with the counts by status.

    The counts by status give the page's total too (all of them, or the filtered status's),
    so the selection is counted once.
    """
    counts = count_by_status(user, filters, today)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    walk = (page_number() - 1) * current_app.config["PAGE_SIZE"] < ESCALATED_WALK_ROWS or bool(
        _enterprise_clauses(user, filters))
    # The page's ids first, then their rows: a deep page skips thousands of index entries, not of hazards.
    statement = filtered_hazards(user, filters, today, walk=walk).with_only_columns(Hazard.id)
    if filters.sort_key == "enterprise":
        statement = statement.join(Enterprise, Enterprise.id == Hazard.enterprise_id)
    page = paginate(statement.order_by(*_sort_columns(filters)), total=total)
    page.items = _rows(page.items, today)
    return Ledger(page=page, counts=counts)


def count_by_status(user: User, filters: LedgerFilters, today: date) -> dict[str, int]:
    """How many hazards of each status match every filter but the status itself, in one statement."""
    # Within a scope or a search the enterprises' hazards are fewer than the district's escalated ones: test
    # each of those rather than gather the escalated ones from their indexes.
    narrowed = bool(_enterprise_clauses(user, filters))
    statement = (filtered_hazards(user, replace(filters, status=""), today, walk=narrowed)
                 .with_only_columns(Hazard.status, func.count(Hazard.id)).group_by(Hazard.status))
    counts = {status: 0 for status in STATUSES}
    counts.update({status: number for status, number in db.session.execute(statement)})
    return counts


def _rows(hazard_ids: list[int], today: date) -> list[LedgerRow]:
    """The ledger rows of ``hazard_ids`` in that order, with their enterprises (with grid) and finders, read in
    one statement."""
    finder = aliased(User)
    details = db.session.execute(
        select(Hazard, Enterprise, finder.display_name)
        .join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .outerjoin(finder, finder.id == Hazard.found_by_id)
        .options(joinedload(Enterprise.grid))
        .where(Hazard.id.in_(hazard_ids))).unique().all()
    by_id = {hazard.id: (hazard, enterprise, name) for hazard, enterprise, name in details}
    return [LedgerRow(hazard, enterprise, name, overdue_days(hazard, today), needs_escalation(hazard, today))
            for hazard, enterprise, name in (by_id[hazard_id] for hazard_id in hazard_ids)]


def overdue_days(hazard: Hazard, today: date) -> int | None:
    """How many days an overdue hazard is past its deadline; None when it is not overdue."""
    return (today - hazard.deadline).days if is_overdue(hazard, today) else None


@dataclass
class ExportRow:
    """A ledger row with the people and times of the closure chain, for the Excel export."""

    row: LedgerRow
    grid_name: str
    rectified: tuple[str, datetime] | None  # (who, phone time) of the applied rectification report
    accepted: tuple[str, datetime] | None  # (who, phone time) of the applied acceptance


def list_ledger_for_export(user: User, filters: LedgerFilters, today: date) -> list[ExportRow]:
    """The whole filtered selection, sorted as on screen, in two statements whatever its size."""
    finder = aliased(User)
    selection = filtered_hazards(user, filters, today)
    rows = db.session.execute(
        selection.add_columns(Enterprise, finder.display_name)
        .join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .outerjoin(finder, finder.id == Hazard.found_by_id)
        .options(joinedload(Enterprise.grid))
        .order_by(*_sort_columns(filters))).all()
    signers = _closure_signers(selection.with_only_columns(Hazard.id))
    result = []
    for hazard, enterprise, found_by in rows:
        rectified, accepted = signers.get(hazard.id, (None, None))
        row = LedgerRow(hazard, enterprise, found_by, overdue_days(hazard, today), needs_escalation(hazard, today))
        result.append(ExportRow(row, enterprise.grid.name if enterprise.grid else "", rectified, accepted))
    return result


def _closure_signers(hazard_ids: Select) -> dict[int, tuple]:
    """For each hazard, (who, phone time) of its rectification and of its acceptance, from the applied events."""
    actor = aliased(User)
    events = db.session.execute(
        select(HazardEvent.hazard_id, HazardEvent.type, HazardEvent.at, HazardEvent.signed_by, actor.display_name)
        .outerjoin(actor, actor.id == HazardEvent.actor_id)
        .where(HazardEvent.hazard_id.in_(hazard_ids), HazardEvent.applied.is_(True),
               HazardEvent.type.in_(CHAIN_EVENTS))
        .order_by(HazardEvent.id))
    by_hazard: dict[int, list] = {}
    for hazard_id, event_type, at, signed_by, actor_name in events:
        # The name the signer wrote (an enterprise account's worker, say) before the account's own name.
        by_hazard.setdefault(hazard_id, []).append((event_type, True, (signed_by or actor_name or "", at)))
    return {hazard_id: closure_chain(chain) for hazard_id, chain in by_hazard.items()}


def closure_chain(events) -> tuple:
    """The rectification and the acceptance of the hazard as it stands, from ``(type, applied, value)``
    in log order: the latest applied of each since the last applied reopening, since a reopened
    hazard must be rectified and accepted again. While a major hazard awaits verification, its
    acceptance is the passed re-check; once verified, the verification."""
    rectified = accepted = None
    for event_type, applied, value in events:
        if not applied:
            continue
        if event_type == REOPENED:
            rectified = accepted = None
        elif event_type in RECTIFIED_EVENTS:
            rectified = value
        elif event_type in ACCEPTED_EVENTS:
            accepted = value
    return rectified, accepted


@dataclass
class EventEntry:
    """One event of a hazard's timeline with who recorded it, the photos it documents and, when it was
    not applied, why, in the reader's language."""

    event: HazardEvent
    actor: str | None
    photos: list[Photo]
    signature: Photo | None  # drawn on the phone by whoever signed this step
    reason: str | None


@dataclass
class HazardRecord:
    """Everything the hazard page shows, read in a fixed few statements."""

    hazard: Hazard
    enterprise: Enterprise
    item: TemplateItem | None
    found_by: str | None
    events: list[EventEntry]  # oldest first, applied or not
    photos: list[tuple[Photo, EventEntry | None]]  # the evidence photos, each with the event it documents
    overdue_days: int | None
    needs_escalation: bool

    @property
    def found(self) -> EventEntry | None:
        """The first signature: who inspected (谁检查谁签名)."""
        return next((entry for entry in self.events if entry.event.type == FOUND and entry.event.applied), None)

    @property
    def rectified_and_accepted(self) -> tuple[EventEntry | None, EventEntry | None]:
        """The second and third signatures: who rectified, who accepted (谁治理、谁验收)."""
        return closure_chain((entry.event.type, entry.event.applied, entry) for entry in self.events)


def get_hazard_record(user: User, hazard_uuid: str, today: date) -> HazardRecord:
    """The hazard with its enterprise, timeline and photos if ``user`` may see it.

    404 for a malformed or unknown UUID, 403 for a hazard outside the user's scope.
    """
    hazard = get_hazard_for(user, hazard_uuid)
    context = get_hazard_context(hazard)
    entries = {event.id: EventEntry(event, context.names.get(event.actor_id), context.event_photos.get(event.id, []),
                                    context.signatures.get(event.id), reason_text(event))
               for event in hazard.events}
    evidence = [(photo, entries.get(photo.hazard_event_id)) for photo in context.hazard_photos]
    item = db.session.get(TemplateItem, hazard.item_id) if hazard.item_id else None
    return HazardRecord(hazard, context.enterprise, item, context.names.get(hazard.found_by_id),
                        list(entries.values()), evidence, overdue_days(hazard, today), needs_escalation(hazard, today))

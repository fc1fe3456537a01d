"""Reading the review queue: inspections in the reviewer's scope, filtered, newest first, one page at a time.

A page reads a fixed number of statements whatever the number of rows: the
count, the page of inspections, then one statement for their enterprises,
inspectors and hazard counts. Only the latest revision of an inspection is
listed unless the earlier ones are asked for (state ``superseded``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from safety.auth.scope import enterprise_filter, sees_every_enterprise
from safety.inspections.teams import inspection_member_clause
from safety.common.filters import ListFilters
from safety.common.office_time import start_of_office_day
from safety.common.pagination import Page, paginate
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.vocabulary import MAJOR
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.inspections.vocabulary import APPROVED, RETURNED, SUBMITTED, SUPERSEDED
from safety.users.models import Grid, User

# The review states a reviewer filters by, in the order the filter offers them; "all" is every latest
# revision, whatever its state.
FILTER_STATES = (SUBMITTED, RETURNED, APPROVED, SUPERSEDED)
DEFAULT_STATE = SUBMITTED
ALL_STATES = "all"


@dataclass(frozen=True)
class QueueFilters(ListFilters):
    """What the queue selects; the defaults mean the inspections awaiting review in scope."""

    grid: str = ""  # a grid code
    sector: str = ""
    inspector: str = ""  # a username
    kind: str = ""
    major: bool = False  # found at least one major hazard
    state: str = DEFAULT_STATE
    finished_from: date | None = None
    finished_to: date | None = None



@dataclass
class QueueRow:
    inspection: Inspection
    enterprise: Enterprise
    inspector_name: str
    hazards: int  # found by this inspection and the revisions before it
    major_hazards: int


def _chain_hazards(inspection=Inspection):
    """A WHERE clause on Hazard: found by ``inspection`` or one of its earlier revisions."""
    other = aliased(Inspection)
    first = func.coalesce(inspection.original_id, inspection.id)
    # The first document itself (no original), or a revision of it: each side found through an index,
    # where comparing coalesce() with coalesce() read every inspection for every listed one.
    earlier = (select(other.id).where(or_(other.id == first, other.original_id == first),
                                      other.revision <= inspection.revision)
               .correlate(inspection))  # to the listed inspection, however deep the subquery sits
    return Hazard.inspection_id.in_(earlier)


def filtered_inspections(user: User, filters: QueueFilters) -> Select:
    """A select of the inspections ``user`` may review that match ``filters``."""
    statement = select(Inspection)
    # What is about the enterprise is one list of enterprise ids rather than a join, left out when
    # nothing narrows the enterprises: counting a reviewer's whole queue then reads inspections only.
    enterprises = [] if sees_every_enterprise(user) else [enterprise_filter(user)]
    if filters.grid:
        enterprises.append(Enterprise.grid_id.in_(select(Grid.id).where(Grid.code == filters.grid)))
    if filters.sector:
        enterprises.append(Enterprise.sector == filters.sector)
    if enterprises:
        statement = statement.where(Inspection.enterprise_id.in_(select(Enterprise.id).where(*enterprises)))
    if filters.state == ALL_STATES:
        statement = statement.where(Inspection.review_state != SUPERSEDED)
    else:
        statement = statement.where(Inspection.review_state == filters.state)
    if filters.inspector:
        # An inspector's workload: what they made and what they were on the team of.
        statement = statement.where(inspection_member_clause(select(User.id).where(User.username == filters.inspector)))
    if filters.kind:
        statement = statement.where(Inspection.kind == filters.kind)
    if filters.major:
        statement = statement.where(exists().where(_chain_hazards(), Hazard.level == MAJOR))
    if filters.finished_from:
        statement = statement.where(Inspection.finished_at >= start_of_office_day(filters.finished_from))
    if filters.finished_to:
        statement = statement.where(
            Inspection.finished_at < start_of_office_day(filters.finished_to + timedelta(days=1)))
    return statement


# The queue's order: the newest first.
QUEUE_ORDER = (Inspection.finished_at.desc(), Inspection.id.desc())


def list_queue(user: User, filters: QueueFilters) -> Page:
    """One page (``?page=``) of the queue, newest first, as :class:`QueueRow`."""
    page = paginate(filtered_inspections(user, filters).order_by(*QUEUE_ORDER))
    page.items = _rows(page.items)
    return page


def get_next_pending(user: User) -> Inspection | None:
    """The first inspection of ``user``'s queue still awaiting review, or None when none is left."""
    return db.session.scalars(filtered_inspections(user, QueueFilters()).order_by(*QUEUE_ORDER).limit(1)).first()


def _rows(inspections: list[Inspection]) -> list[QueueRow]:
    """Rows of ``inspections`` with their enterprise (and grid), inspector and hazard counts, in one statement."""
    if not inspections:
        return []
    hazard_count = (select(func.count(Hazard.id)).where(_chain_hazards()).correlate(Inspection).scalar_subquery())
    major_count = (select(func.count(Hazard.id)).where(and_(_chain_hazards(), Hazard.level == MAJOR))
                   .correlate(Inspection).scalar_subquery())
    details = db.session.execute(
        select(Inspection.id, Enterprise, User.display_name, hazard_count, major_count)
        .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
        .join(User, User.id == Inspection.inspector_id)
        .options(joinedload(Enterprise.grid))
        .where(Inspection.id.in_([inspection.id for inspection in inspections]))).all()
    by_id = {row[0]: row[1:] for row in details}
    return [QueueRow(inspection, *by_id[inspection.id]) for inspection in inspections]


def list_inspectors_for(user: User) -> list[tuple[str, str]]:
    """(username, name) of the people who made inspections in ``user``'s scope or were on their teams, for the
    inspector filter."""
    if sees_every_enterprise(user):
        # Asked per user (a few dozen), each answered from the inspector index, rather than listing every inspection.
        on_a_team = select(InspectionTeamMember.inspection_id).where(InspectionTeamMember.user_id == User.id)
        made = or_(select(Inspection.id).where(Inspection.inspector_id == User.id).exists(), on_a_team.exists())
    else:
        # The inspections at the enterprises in scope, reached through the enterprise index.
        in_scope = Inspection.enterprise_id.in_(select(Enterprise.id).where(enterprise_filter(user)))
        made = or_(User.id.in_(select(Inspection.inspector_id).where(in_scope)),
                   User.id.in_(select(InspectionTeamMember.user_id)
                               .join(Inspection, Inspection.id == InspectionTeamMember.inspection_id).where(in_scope)))
    statement = select(User.username, User.display_name).where(made).order_by(User.display_name, User.username)
    return [tuple(row) for row in db.session.execute(statement)]

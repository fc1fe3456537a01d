"""An enterprise's file (一企一档): its record over time, in one place, as the user may read it.

Its inspections (with their kind as the office reports it and their campaign), its hazards (the ones not yet
struck off first, with their numbers), its campaign tasks, the enforcement documents issued to it, the
measures against it and the referrals about it. Each part is a fixed number of statements however long the
enterprise's history: the page lists the latest of each and counts them all.

What each reader sees follows the rules of the pages each part comes from: an inspector reads the tasks of
the campaigns they have a task in (as the campaign list shows them), and the referrals are the office's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from safety.auth.access import OFFICE
from safety.campaigns.models import Campaign, Task, TaskMember
from safety.campaigns.rules import counted_inspection_clause, task_status_case
from safety.campaigns.vocabulary import CANCELLED, DONE, OVERDUE, PENDING, report_category
from safety.common.pagination import Page, paginate
from safety.documents.models import Document
from safety.documents.queries import DocumentFilters, filtered_documents
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.rules import overdue_clause
from safety.hazards.vocabulary import CLOSED, MAJOR
from safety.inspections.models import Inspection
from safety.inspections.teams import TeamRow, list_teams
from safety.measures.models import Measure
from safety.measures.rules import in_force_clause
from safety.referrals.models import RoutedReferral
from safety.referrals.queries import visible_clause as referral_visible_clause
from safety.users.models import Role, User

SHOWN = 20  # the latest of each part on the page; the inspections page on by ``?page=``


@dataclass(frozen=True)
class FileCounts:
    """The whole record in numbers, every part counted (not only the rows listed)."""

    inspections: int
    hazards: int
    hazards_not_struck_off: int
    hazards_overdue: int
    major_hazards: int
    hazards_struck_off: int
    tasks: int  # not cancelled
    tasks_done: int
    tasks_overdue: int
    documents: int
    measures: int
    measures_in_force: int
    referrals: int


@dataclass(frozen=True)
class InspectionLine:
    uuid: str
    finished_at: datetime
    category: str  # campaigns.vocabulary.REPORT_CATEGORIES: 日常, 专项, 双随机 …
    inspector: str  # display name
    team: tuple[TeamRow, ...]  # as stored; empty: the inspector alone
    campaign_code: str | None
    campaign_name: str | None
    review_state: str
    hazards: int
    major_hazards: int


@dataclass(frozen=True)
class TaskLine:
    uuid: str
    campaign_code: str
    campaign_name: str
    campaign_kind: str
    due_on: date
    status: str
    team: tuple[str, ...]  # display names, in order


@dataclass(frozen=True)
class DocumentLine:
    id: int
    reference: str
    kind: str
    issued_at: datetime
    superseded_by: str | None  # the number of the correction that replaced it


@dataclass(frozen=True)
class EnterpriseFile:
    counts: FileCounts
    inspections: Page  # of InspectionLine
    hazards: list[Hazard]
    tasks: list[TaskLine]
    documents: list[DocumentLine]
    measures: list[Measure]
    referrals: list[RoutedReferral] | None  # None: not the reader's to see


def reads_referrals(user: User) -> bool:
    """Referrals are the office's (their pages are): an inspector's file leaves them out."""
    return user.has_role(*OFFICE)


def _task_clause(user: User, enterprise: Enterprise):
    """SQL on :class:`Task`: the enterprise's tasks ``user`` may read. A supervisor or administrator who sees the
    enterprise reads every campaign with a task at it; an inspector, the campaigns they have a task in."""
    clause = Task.enterprise_id == enterprise.id
    if Role(user.role) is Role.INSPECTOR:
        mine = (select(Task.campaign_id).join(TaskMember, TaskMember.task_id == Task.id)
                .where(TaskMember.user_id == user.id))
        clause = and_(clause, Task.campaign_id.in_(mine))
    return clause


def _document_statement(user: User, enterprise: Enterprise):
    """The documents to the enterprise and the circulars naming it, as the documents list filters them."""
    return filtered_documents(user, DocumentFilters(enterprise=enterprise.code))


def get_file_counts(user: User, enterprise: Enterprise, today: date) -> FileCounts:
    """Every count of the file: one statement of scalar subqueries."""
    def count(table, *where):
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    hazard = Hazard.enterprise_id == enterprise.id
    tasks = select(task_status_case(today).label("status")).where(_task_clause(user, enterprise)).subquery()
    documents = _document_statement(user, enterprise).order_by(None).subquery()
    row = db.session.execute(select(
        count(Inspection, Inspection.enterprise_id == enterprise.id, counted_inspection_clause()),
        count(Hazard, hazard),
        count(Hazard, hazard, Hazard.status != CLOSED),
        count(Hazard, hazard, overdue_clause(today)),
        count(Hazard, hazard, Hazard.level == MAJOR),
        count(Hazard, hazard, Hazard.status == CLOSED),
        count(tasks, tasks.c.status != CANCELLED),
        count(tasks, tasks.c.status == DONE),
        count(tasks, tasks.c.status == OVERDUE),
        count(documents),
        count(Measure, Measure.enterprise_id == enterprise.id),
        count(Measure, Measure.enterprise_id == enterprise.id, in_force_clause()),
        count(RoutedReferral, _referral_clause(user, enterprise)),
    )).one()
    counts = FileCounts(*(int(value or 0) for value in row))
    return counts if reads_referrals(user) else replace(counts, referrals=0)


def list_file_inspections(enterprise: Enterprise, total: int) -> Page:
    """One page (``?page=``) of the enterprise's counted inspections, the latest first, each with its campaign,
    inspector, team and the hazards it found: three statements (the page, its teams; ``total`` counted
    already)."""
    found = (select(func.count()).select_from(Hazard).where(Hazard.inspection_id == Inspection.id)
             .correlate(Inspection).scalar_subquery())
    major = (select(func.count()).select_from(Hazard).where(Hazard.inspection_id == Inspection.id,
                                                             Hazard.level == MAJOR)
             .correlate(Inspection).scalar_subquery())
    statement = (select(Inspection.id).where(Inspection.enterprise_id == enterprise.id, counted_inspection_clause())
                 .order_by(Inspection.finished_at.desc(), Inspection.id.desc()))
    page = paginate(statement, per_page=SHOWN, total=total)
    if not page.items:
        return page
    rows = db.session.execute(
        select(Inspection.id, Inspection.uuid, Inspection.finished_at, Inspection.kind, User.display_name,
               Campaign.code, Campaign.name, Campaign.kind, Inspection.review_state, found, major)
        .join(User, User.id == Inspection.inspector_id)
        .outerjoin(Task, Task.id == Inspection.task_id).outerjoin(Campaign, Campaign.id == Task.campaign_id)
        .where(Inspection.id.in_(page.items))).all()
    teams = list_teams(page.items)
    lines = {row[0]: InspectionLine(row[1], row[2], report_category(row[3], row[7]), row[4] or "",
                                    tuple(teams.get(row[0], ())), row[5], row[6], row[8], int(row[9] or 0),
                                    int(row[10] or 0))
             for row in rows}
    page.items = [lines[inspection_id] for inspection_id in page.items]
    return page


def list_file_hazards(enterprise: Enterprise, limit: int = SHOWN) -> list[Hazard]:
    """The enterprise's hazards, those not yet struck off first, then the latest found: one statement."""
    return list(db.session.scalars(
        select(Hazard).where(Hazard.enterprise_id == enterprise.id)
        .order_by(case((Hazard.status == CLOSED, 1), else_=0), Hazard.found_at.desc(), Hazard.id.desc())
        .limit(limit)))


def list_file_tasks(user: User, enterprise: Enterprise, today: date, limit: int = SHOWN) -> list[TaskLine]:
    """The enterprise's campaign tasks ``user`` may read, each with its campaign, status and team: those still to
    do first, the next due first (an annual plan's visits of next year come after this month's), then those done
    or cancelled, the latest first. Three statements."""
    status = task_status_case(today)
    columns = select(Task.id, Task.uuid, Campaign.code, Campaign.name, Campaign.kind, Task.due_on, status) \
        .join(Campaign, Campaign.id == Task.campaign_id).where(_task_clause(user, enterprise))
    to_do = status.in_((PENDING, OVERDUE))
    rows = db.session.execute(columns.where(to_do).order_by(Task.due_on, Task.id).limit(limit)).all()
    room = limit - len(rows)
    # Asked even when there is no room left (for one row, then dropped): the page's statements stay the same.
    finished = db.session.execute(columns.where(~to_do).order_by(Task.due_on.desc(), Task.id.desc())
                                  .limit(max(room, 1))).all()
    rows += finished[:room]
    teams: dict[int, list[str]] = {}
    for task_id, name in db.session.execute(
            select(TaskMember.task_id, User.display_name).join(User, User.id == TaskMember.user_id)
            .where(TaskMember.task_id.in_([row[0] for row in rows]))
            .order_by(TaskMember.task_id, TaskMember.position)):
        teams.setdefault(task_id, []).append(name or "")
    return [TaskLine(uuid, code, name, kind, due_on, status, tuple(teams.get(task_id, ())))
            for task_id, uuid, code, name, kind, due_on, status in rows]


def list_file_documents(user: User, enterprise: Enterprise, limit: int = SHOWN) -> list[DocumentLine]:
    """The documents issued to the enterprise and the circulars naming it, the latest first, each with the
    correction that replaced it: one statement."""
    later = aliased(Document)
    statement = (_document_statement(user, enterprise)
                 .with_only_columns(Document.id, Document.reference, Document.kind, Document.issued_at,
                                    later.reference)
                 .outerjoin(later, later.supersedes_id == Document.id).limit(limit))
    return [DocumentLine(*row) for row in db.session.execute(statement)]


def list_file_measures(enterprise: Enterprise, limit: int = SHOWN) -> list[Measure]:
    """The measures against the enterprise, the latest decision first, with their referral: two statements."""
    return list(db.session.scalars(
        select(Measure).options(selectinload(Measure.referral)).where(Measure.enterprise_id == enterprise.id)
        .order_by(Measure.decided_on.desc(), Measure.id.desc()).limit(limit)))


def _referral_clause(user: User, enterprise: Enterprise):
    """SQL on :class:`RoutedReferral`: those about the enterprise that ``user`` may read (a department's user:
    those sent to their department)."""
    visible = referral_visible_clause(user)
    about = RoutedReferral.enterprise_id == enterprise.id
    return about if visible is None else and_(about, visible)


def list_file_referrals(user: User, enterprise: Enterprise, limit: int = SHOWN) -> list[RoutedReferral]:
    """The referrals about the enterprise that ``user`` may read, the latest first, each with its receiver: one
    statement."""
    return list(db.session.scalars(
        select(RoutedReferral).options(joinedload(RoutedReferral.to_unit), joinedload(RoutedReferral.to_department))
        .where(_referral_clause(user, enterprise))
        .order_by(RoutedReferral.sent_at.desc(), RoutedReferral.id.desc()).limit(limit)))


def get_enterprise_file(user: User, enterprise: Enterprise, today: date) -> EnterpriseFile:
    """The enterprise's file as ``user`` may read it (the caller checked that they see the enterprise)."""
    counts = get_file_counts(user, enterprise, today)
    return EnterpriseFile(
        counts=counts,
        inspections=list_file_inspections(enterprise, counts.inspections),
        hazards=list_file_hazards(enterprise),
        tasks=list_file_tasks(user, enterprise, today),
        documents=list_file_documents(user, enterprise),
        measures=list_file_measures(enterprise),
        referrals=list_file_referrals(user, enterprise) if reads_referrals(user) else None)

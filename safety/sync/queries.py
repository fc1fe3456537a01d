"""What a pull reads: each function is one statement (or a fixed few), whatever the number of rows.

``since`` is the revision of the phone's cursor, or None for a full snapshot.
Every selection is limited to the user's scope through ``safety.auth.scope``.
"""
from datetime import timedelta

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import aliased

from safety.auth.scope import enterprise_filter, hazard_filter
from safety.campaigns.models import Campaign, Task
from safety.checklists.models import ChecklistTemplate, TemplateVersion
from safety.common.types import utcnow
from safety.enterprises.models import Enterprise
from safety.enterprises import statuses as enterprise_statuses
from safety.extensions import db
from safety.hazards import vocabulary as hazard_vocabulary
from safety.hazards.models import Hazard
from safety.inspections import vocabulary as inspection_vocabulary
from safety.inspections.models import Inspection, InspectionTeamMember
from safety.photos.models import Photo
from safety.users.models import Grid, Role, User

# A full snapshot carries the review results of this many days of the user's
# own inspections: enough for what a phone still shows, without a year of history.
REVIEW_WINDOW = timedelta(days=90)


# The columns of an enterprise the pull sends, in the order ``enterprises_json`` reads them.
PULLED_ENTERPRISE_COLUMNS = (Enterprise.code, Enterprise.name, Enterprise.sector, Enterprise.supervision_class,
                             Grid.code, Grid.name, Enterprise.address, Enterprise.contact_person,
                             Enterprise.contact_phone, Enterprise.status, Enterprise.uscc)


def list_enterprises(user: User, since: int | None) -> list[tuple]:
    """Enterprises in scope that are not closed (changed after ``since``), as rows of
    :data:`PULLED_ENTERPRISE_COLUMNS` (their grid's code and name included), by code."""
    statement = (select(*PULLED_ENTERPRISE_COLUMNS).outerjoin(Grid, Grid.id == Enterprise.grid_id)
                 .where(enterprise_filter(user), Enterprise.status != enterprise_statuses.CLOSED)
                 .order_by(Enterprise.code))
    if since is not None:
        statement = statement.where(Enterprise.sync_rev > since)
    return db.session.execute(statement).all()


def list_removed_enterprise_codes(user: User, since: int) -> list[str]:
    """Codes of enterprises changed after ``since`` that the phone must drop: closed, or no longer in scope.

    A row that moved out of a user's grids is no longer selected by the scope,
    so it is found here instead: changed since the cursor and not in scope now.
    A phone may receive a code it never held; it simply has nothing to drop.
    An enterprise account can only ever have held its own enterprise, so it
    is told about nothing else.
    """
    in_scope = select(Enterprise.id).where(enterprise_filter(user))
    statement = (select(Enterprise.code)
                 .where(Enterprise.sync_rev > since,
                        or_(Enterprise.id.not_in(in_scope), Enterprise.status == enterprise_statuses.CLOSED))
                 .order_by(Enterprise.code))
    if Role(user.role) is Role.ENTERPRISE:
        statement = statement.where(Enterprise.id == user.enterprise_id)
    return list(db.session.scalars(statement))


def list_latest_versions(since: int | None) -> list[tuple[int, int, bool, int]]:
    """(version id, template id, template active, sync_rev) of each template's latest version.

    Only the ids: the content of the versions a phone needs is loaded
    afterwards by the checklist serializer.
    """
    latest = (select(TemplateVersion.template_id, func.max(TemplateVersion.version).label("number"))
              .group_by(TemplateVersion.template_id).subquery())
    statement = (select(TemplateVersion.id, TemplateVersion.template_id, ChecklistTemplate.active,
                        TemplateVersion.sync_rev)
                 .join(latest, and_(latest.c.template_id == TemplateVersion.template_id,
                                    latest.c.number == TemplateVersion.version))
                 .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
                 .order_by(TemplateVersion.template_id))
    if since is not None:
        statement = statement.where(TemplateVersion.sync_rev > since)
    else:
        statement = statement.where(ChecklistTemplate.active.is_(True))
    return [tuple(row) for row in db.session.execute(statement)]


def _hazards_in_pull(statement, user: User, since: int | None):
    """Restrict ``statement`` (on Hazard) to the unclosed hazards at the enterprises in scope.

    In a delta, a hazard is sent when it changed, and also when its enterprise
    changed: an enterprise that just came into the user's scope (moved into
    their grid, reopened) arrives with its open hazards though they did not
    change themselves.
    """
    # The scope as a list of enterprise ids, so the database starts from the enterprises in scope and
    # reaches their unclosed hazards through (enterprise_id, status); joined, SQLite would rather read
    # every unclosed hazard of the district through the status index and drop those outside the grids.
    in_scope = select(Enterprise.id).where(enterprise_filter(user), Enterprise.status != enterprise_statuses.CLOSED)
    statement = (statement.join(Enterprise, Enterprise.id == Hazard.enterprise_id)
                 .where(Hazard.enterprise_id.in_(in_scope), Hazard.status.in_(hazard_vocabulary.OPEN_STATUSES)))
    if since is not None:
        statement = statement.where(or_(Hazard.sync_rev > since, Enterprise.sync_rev > since))
    return statement


def list_hazards(user: User, since: int | None) -> list[tuple]:
    """Unclosed hazards in scope (changed after ``since``) with their evidence photos, one row per photo (one with
    no photo for a hazard without any), as rows of the columns the pull sends, in the order
    ``safety.hazards.serialize.pulled_hazards_json`` reads them: the hazard's id, its fields, its enterprise's code
    and name, its finder's name, its latest event's type, note, applied flag and actor's name (kept on the hazard
    as its events are appended), and the photo's uuid and purpose. By enterprise, then by hazard, then the photos
    oldest first: an enterprise's hazards side by side repeat its name and often their wording, which gzip then
    sends once (3 KB less at 1,600 hazards).

    One statement: the photos read in a second one evaluated the scope and found the hazards all over again
    (10 ms of PostgreSQL's 15 for that statement), and looking each hazard's latest event up in its log was 9 of
    this one's 26 ms. Rows, not mapped objects: a pull serialises thousands of
    hazards and changes none, and mapping each one cost more than the query.
    """
    finder, actor = aliased(User), aliased(User)
    statement = _hazards_in_pull(
        select(Hazard.id, Hazard.uuid, Hazard.number, Enterprise.code, Enterprise.name, Hazard.status, Hazard.level,
               Hazard.description, Hazard.deadline, Hazard.responsible_person, Hazard.measures, Hazard.found_at,
               finder.display_name, Hazard.escalated, Hazard.recurring, Hazard.failed_recheck_count,
               Hazard.last_event_type, Hazard.last_event_note, Hazard.last_event_applied, actor.display_name,
               Photo.uuid, Photo.purpose), user, since)
    evidence = and_(Photo.hazard_id == Hazard.id, Photo.purpose.is_distinct_from("signature"))
    statement = (statement.outerjoin(finder, finder.id == Hazard.found_by_id)
                 .outerjoin(actor, actor.id == Hazard.last_event_actor_id)
                 .outerjoin(Photo, evidence)
                 .order_by(Hazard.enterprise_id, Hazard.id, Photo.taken_at.is_(None), Photo.taken_at, Photo.id))
    return db.session.execute(statement).all()


def list_closed_hazard_uuids(user: User, since: int) -> list[str]:
    """UUIDs of hazards in scope closed (struck off) after ``since``: the phone drops them."""
    statement = (select(Hazard.uuid)
                 .where(hazard_filter(user), Hazard.sync_rev > since, Hazard.status == hazard_vocabulary.CLOSED)
                 .order_by(Hazard.id))
    return list(db.session.scalars(statement))


def list_returned_inspections(user: User, since: int | None) -> list[tuple[int, tuple]]:
    """The user's own inspections returned for amendment (changed after ``since``), by id: each one's id and the
    version of what its document shows, in one statement.

    Only the inspector who made an inspection may revise it (``safety.inspections.revisions``), so a returned
    inspection goes to its author's phones, whichever phone sent it: a replaced or reset phone gets it too.

    The version changes whenever the document would (``safety.sync.returned`` keeps the documents by it): the
    inspection's own row (its review, its comment), its enterprise (code, name), its checklist version (the
    template's name), its task's campaign (whether it is an enforcement check) and the hazards of every revision
    it holds (their status, and the photos of their events: every event touches its hazard). Its own photos
    change with none of these, and need not: a document names only photos already uploaded, which it takes as
    it is stored. Read as a list first: given as a subquery to the statement that joins each inspection to its
    enterprise, checklist, inspector and task, PostgreSQL joined all the district's inspections before keeping
    the user's few (50 ms at 34,000 inspections).
    """
    member = aliased(Inspection)
    first = func.coalesce(Inspection.original_id, Inspection.id)
    chain = (select(member.id).where(or_(member.id == first, member.original_id == first),
                                     member.revision <= Inspection.revision).correlate(Inspection))
    hazards = (select(func.max(Hazard.sync_rev)).where(Hazard.inspection_id.in_(chain))
               .correlate(Inspection).scalar_subquery())
    statement = (select(Inspection.id, Inspection.sync_rev, Enterprise.sync_rev, TemplateVersion.sync_rev,
                        Campaign.sync_rev, hazards)
                 .join(Enterprise, Enterprise.id == Inspection.enterprise_id)
                 .join(TemplateVersion, TemplateVersion.id == Inspection.template_version_id)
                 .outerjoin(Task, Task.id == Inspection.task_id).outerjoin(Campaign, Campaign.id == Task.campaign_id)
                 .where(Inspection.inspector_id == user.id,
                        Inspection.review_state == inspection_vocabulary.RETURNED))
    if since is not None:
        statement = statement.where(Inspection.sync_rev > since)
    return [(inspection_id, tuple(version)) for inspection_id, *version in
            db.session.execute(statement.order_by(Inspection.id))]


def list_no_longer_returned_uuids(user: User, since: int) -> list[str]:
    """UUIDs of the user's own inspections changed after ``since`` that are not returned (any more): amended and
    sent again (superseded), or approved after all. The phone drops them from its returned list; it may be told
    of one it never held."""
    statement = (select(Inspection.uuid)
                 .where(Inspection.inspector_id == user.id, Inspection.sync_rev > since,
                        Inspection.review_state != inspection_vocabulary.RETURNED)
                 .order_by(Inspection.id))
    return list(db.session.scalars(statement))


def list_review_results(user: User, since: int | None) -> list[tuple[str, str, str]]:
    """(uuid, review state, review comment) of the user's own inspections changed after ``since``, and of
    those whose team they were on.

    The two kinds are read by two selects in one statement, each answered by its index (the inspector's, the
    team member's): one WHERE with "made it OR on its team" made PostgreSQL read all 34,000 inspections."""
    columns = (Inspection.id, Inspection.uuid, Inspection.review_state, Inspection.review_comment)
    made = select(*columns).where(Inspection.inspector_id == user.id)
    with_team = (select(*columns).join(InspectionTeamMember, InspectionTeamMember.inspection_id == Inspection.id)
                 .where(InspectionTeamMember.user_id == user.id, Inspection.inspector_id != user.id))
    if since is not None:
        made, with_team = (part.where(Inspection.sync_rev > since) for part in (made, with_team))
    else:
        after = utcnow() - REVIEW_WINDOW
        made, with_team = (part.where(Inspection.received_at >= after) for part in (made, with_team))
    both = union(made, with_team).subquery()  # one row each, were someone on the team of their own inspection
    return [tuple(row) for row in db.session.execute(
        select(both.c.uuid, both.c.review_state, both.c.review_comment).order_by(both.c.id))]

"""The reviewer's verdicts on a submitted inspection: approve it, or return it to its inspector with a comment.

Only a ``submitted`` inspection takes a verdict: an approved, returned or superseded
one is refused (409), so two reviewers deciding at once cannot overwrite each other.
The change bumps the inspection's sync revision (it is a synced row), which is how
the inspector's phone receives the verdict through ``pull``.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from safety.common.errors import Conflict
from safety.common.text import required_text
from safety.common.types import utcnow
from safety.extensions import db
from safety.inspections.models import Inspection
from safety.inspections.vocabulary import APPROVED, RETURNED, SUBMITTED, SUPERSEDED
from safety.measures.operations import lift_shutdowns_by_restart
from safety.users.models import User

COMMENT_MAX = 2000


def _lock_submitted(inspection: Inspection) -> Inspection:
    """The inspection re-read under a row lock (PostgreSQL), refused unless it still awaits review."""
    locked = db.session.scalar(select(Inspection).where(Inspection.id == inspection.id)
                               .with_for_update().execution_options(populate_existing=True))
    if locked.review_state == SUPERSEDED:
        raise Conflict("inspection_superseded",
                       _("This inspection has been revised; review its latest revision."))
    if locked.review_state != SUBMITTED:
        raise Conflict("review_already_decided", _("This inspection has already been reviewed."))
    return locked


def approve_inspection(reviewer: User, inspection: Inspection, now: datetime | None = None) -> Inspection:
    """Approve a submitted inspection; a restart inspection (复产验收) that passed lifts the shutdown order."""
    inspection = _lock_submitted(inspection)
    inspection.review_state, inspection.review_comment = APPROVED, ""
    inspection.reviewed_by_id, inspection.reviewed_at = reviewer.id, now or utcnow()
    db.session.flush()
    lift_shutdowns_by_restart(inspection)
    return inspection


def return_inspection(reviewer: User, inspection: Inspection, comment: str,
                      now: datetime | None = None) -> Inspection:
    """Return a submitted inspection to its inspector; the comment says what to amend and is required."""
    comment = required_text(comment, field="comment", max_length=COMMENT_MAX,
                            missing=_("Say what the inspector should amend."),
                            too_long=_("The comment is longer than %(max)s characters.", max=COMMENT_MAX))
    inspection = _lock_submitted(inspection)
    inspection.review_state, inspection.review_comment = RETURNED, comment
    inspection.reviewed_by_id, inspection.reviewed_at = reviewer.id, now or utcnow()
    db.session.flush()
    return inspection

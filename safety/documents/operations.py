"""Issuing documents: the content read from the records, and a number of its own.

Numbers run per kind and calendar year (〔2026〕第001号, 第002号, …). The next number is
the highest so far plus one, inserted under the unique constraint (kind, year, number):
when two supervisors issue at the same moment, the database lets one insert win and the
other's insert fails; that one reads the highest number again and takes the next. The
insert runs in a savepoint, so a lost race costs a retry, never the request.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from safety.common.errors import Conflict
from safety.common.office_time import office_day, office_zone
from safety.common.types import utcnow
from safety.documents.content import notice_content, opinion_content
from safety.documents.models import NOTICE, OPINION, Document
from safety.documents.queries import get_issued_document, get_visit_opinion
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Inspection
from safety.users.models import User

NUMBER_ATTEMPTS = 8


def next_document_number(kind: str, year: int) -> int:
    """One more than the highest number of ``kind`` in ``year`` (1 for the first)."""
    highest = db.session.scalar(select(func.max(Document.number)).where(Document.kind == kind, Document.year == year))
    return (highest or 0) + 1


def _issue(user: User, kind: str, enterprise_id: int, content: dict, inspection_id: int | None = None,
           hazard_event_id: int | None = None, now: datetime | None = None) -> tuple[Document, bool]:
    """The new document and True, or the one a colleague issued for the same record first and False."""
    now = now or utcnow()
    year = now.astimezone(office_zone()).year
    for _attempt in range(NUMBER_ATTEMPTS):
        issued = get_issued_document(kind, inspection_id, hazard_event_id)
        if issued is not None:
            return issued, False
        document = Document(kind=kind, year=year, number=next_document_number(kind, year),
                            enterprise_id=enterprise_id, inspection_id=inspection_id,
                            hazard_event_id=hazard_event_id, issued_by_id=user.id, issued_at=now, content=content)
        try:
            with db.session.begin_nested():
                db.session.add(document)
        except IntegrityError:
            continue  # the number (or this very document) was taken meanwhile: read again
        return document, True
    raise Conflict("document_number_taken",
                   _("Many documents were being issued at the same moment; please issue this one again."))


def issue_rectification_notice(user: User, inspection: Inspection, now: datetime | None = None
                               ) -> tuple[Document, bool]:
    """整改通知书 for ``inspection`` (which must have found hazards with a deadline)."""
    issued = get_issued_document(NOTICE, inspection.id, None)
    if issued is not None:
        return issued, False
    return _issue(user, NOTICE, inspection.enterprise_id, notice_content(inspection), inspection_id=inspection.id,
                  now=now)


def issue_recheck_opinion(user: User, *, inspection: Inspection | None = None, event: HazardEvent | None = None,
                          now: datetime | None = None) -> tuple[Document, bool]:
    """复查意见书 for a look-back ``inspection`` or a re-check ``event``: the re-checks of that visit (same
    enterprise, same office day). A visit that has its opinion already answers that one."""
    if inspection is not None:
        enterprise_id, day = inspection.enterprise_id, office_day(inspection.finished_at)
    else:
        enterprise_id, day = db.session.get(Hazard, event.hazard_id).enterprise_id, office_day(event.at)
    issued = get_visit_opinion(enterprise_id, day)
    if issued is not None:
        return issued, False
    content = opinion_content(db.session.get(Enterprise, enterprise_id), day, inspection)
    return _issue(user, OPINION, enterprise_id, content, inspection_id=inspection.id if inspection else None,
                  hazard_event_id=event.id if event is not None and inspection is None else None, now=now)

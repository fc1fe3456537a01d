"""Recording hazards: the state changes behind the hazard ledger.

Every status change goes through :func:`safety.hazards.lifecycle.apply_event`.
Events the server derives from a synced document get UUIDs derived from the
hazard's UUID, so the same document sent again can never make other events.
"""
from __future__ import annotations

from datetime import date, datetime

from safety.extensions import db
from safety.hazards.lifecycle import FOUND, apply_event, derived_event_uuid
from safety.hazards.models import Hazard, HazardEvent
from safety.users.models import User


def record_found_hazard(*, hazard_uuid: str, enterprise_id: int, inspection_id: int | None, item_id: int | None,
                        item_key: str | None, description: str, level: str, mode: str, responsible_person: str, measures: str,
                        deadline: date | None, actor: User, role: str, found_at: datetime,
                        ) -> tuple[Hazard, HazardEvent]:
    """A new hazard with its `found` event (the first signature of the closure chain: who inspected).

    The hazard is added to the session, not flushed: a document's hazards are inserted
    together at the caller's flush. Answers ``(hazard, found_event)``.
    """
    hazard = Hazard(uuid=hazard_uuid, enterprise_id=enterprise_id, inspection_id=inspection_id,
                    item_id=item_id, item_key=item_key,
                    description=description, level=level, mode=mode, responsible_person=responsible_person,
                    measures=measures, deadline=deadline, found_at=found_at, found_by_id=actor.id)
    db.session.add(hazard)
    found = apply_event(hazard, FOUND, actor, role, found_at, uuid=derived_event_uuid(hazard_uuid, FOUND))
    return hazard, found


def record_rectified_on_the_spot(hazard: Hazard, actor: User, role: str, at: datetime,
                                 ) -> tuple[HazardEvent, HazardEvent]:
    """The on-the-spot fix (立即整改) seen by the inspector who found it: `rectification_reported`
    then `recheck_passed`, which closes a general hazard and leaves a major one pending verification."""
    reported = apply_event(hazard, "rectification_reported", actor, role, at,
                           uuid=derived_event_uuid(hazard.uuid, "rectification_reported"))
    accepted = apply_event(hazard, "recheck_passed", actor, role, at,
                           uuid=derived_event_uuid(hazard.uuid, "recheck_passed"))
    return reported, accepted

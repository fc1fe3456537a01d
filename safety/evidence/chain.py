"""The hash chain over a hazard's events: what of an event is hashed, and how.

Each event stores ``record_hash``, the SHA-256 of its canonical content together with
``previous_hash``, the record hash of the event before it in the same hazard's log
(:data:`GENESIS` for the first). Changing, removing, inserting or reordering an event
then changes a hash that ``flask verify-evidence`` recomputes.

The canonical content is JSON with sorted keys and no whitespace, times in UTC with
microseconds, dates as ``YYYY-MM-DD``: the hazard's UUID and the event's UUID, type,
actor (user id), role, the phone's time and the server's, note, new deadline, signer,
plan, whether it applied and why not, the statuses it moved between, the SHA-256 of
each evidence photo (sorted: photos are a set) and of the signature drawing, and, for photos taken over an
earlier one (before and after), the pairs of their SHA-256.

This form is stored in every row: changing it turns every stored event into a break.
It takes a plain mapping as well as an event row, so a bulk insert of rows can seal
them without ORM objects (:func:`record_hash`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Mapping

GENESIS = "0" * 64
VERSION = 1

# The event's own columns that are content, as stored.
EVENT_FIELDS = ("uuid", "type", "actor_id", "role", "at", "received_at", "note", "new_deadline", "signed_by", "plan",
                "applied", "reason", "from_status", "to_status")


@dataclass(frozen=True)
class EventEvidence:
    """The SHA-256 of the photos an event is evidence by, and of its signature drawing (None: not signed)."""

    photos: tuple[str, ...] = ()
    signature: str | None = None
    # Before and after: (SHA-256 of a photo of this event, SHA-256 of the earlier photo it was taken to match).
    pairs: tuple[tuple[str, str], ...] = ()


NO_EVIDENCE = EventEvidence()


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a hazard event")
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_value(item) for item in value]
    return value


def canonical_content(hazard_uuid: str, event: Mapping[str, Any] | Any, evidence: EventEvidence) -> str:
    """The canonical JSON of one event of the hazard ``hazard_uuid``: a row or a mapping of its columns."""
    read = event.get if isinstance(event, Mapping) else lambda name: getattr(event, name)
    content = {name: _value(read(name)) for name in EVENT_FIELDS}
    content["applied"] = bool(content["applied"])
    content["note"] = content["note"] or ""
    content["signed_by"] = content["signed_by"] or ""
    content.update(v=VERSION, hazard=hazard_uuid, photos=sorted(evidence.photos), signature=evidence.signature)
    if evidence.pairs:  # only when there are: the events sealed before pairs existed keep their hashes
        content["pairs"] = sorted([after, before] for after, before in evidence.pairs)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(hazard_uuid: str, event: Mapping[str, Any] | Any, evidence: EventEvidence,
                previous_hash: str | None) -> str:
    """The SHA-256 hex of the event's content chained to ``previous_hash`` (None: the first of the log)."""
    text = (previous_hash or GENESIS) + "\n" + canonical_content(hazard_uuid, event, evidence)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(event, hazard_uuid: str, previous, evidence: EventEvidence = NO_EVIDENCE) -> None:
    """Set ``previous_hash`` and ``record_hash`` of a new event row, ``previous`` being the event before it in its
    hazard's log (None for the first). Called where events are made, before they are inserted."""
    event.previous_hash = previous.record_hash if previous is not None else GENESIS
    event.record_hash = record_hash(hazard_uuid, event, evidence, event.previous_hash)

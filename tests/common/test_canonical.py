"""The content hash of a sync document: what counts as the same content, written out by hand.

The hash is stored with every inspection and hazard event. Changing the canonical form would turn every resend
of a document stored before the change into a conflict, so these tests pin it.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from safety.common.canonical import content_hash, json_value_hash, value_hash
from safety.hazards.validation import parse_hazard_event
from safety.inspections.validation import parse_inspection

NOW = datetime(2026, 5, 2, tzinfo=timezone.utc)
PHOTO = "5c2f7a9e-1b3d-4e6f-8a0b-2c4d6e8f0a1b"
SIGNATURE = "0e1d2c3b-4a59-4687-b6a5-f4e3d2c1b0a9"
HAZARD = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


INSPECTION = {
    "uuid": "3F2B8C1D-7E6A-4B5C-9D8E-0F1A2B3C4D5E",
    "enterprise_code": "E0001", "template_id": 7, "template_version": 2, "kind": "routine",
    "started_at": "2026-05-01T09:00:00+08:00", "finished_at": "2026-05-01T09:40:00.250+08:00",
    "identified_by": "qr", "location": {"lat": 31.5, "lng": 121, "accuracy_m": 12.0},
    "answers": [{"item_id": "fire-02", "result": "fail", "value": None, "note": " 过期 ", "photos": [PHOTO.upper()]},
                {"item_id": "fire-01", "result": "pass"},
                {"item_id": "fire-05", "value": 12.0}],
    "hazards": [{"uuid": HAZARD, "item_id": "fire-02", "description": "灭火器过期", "level": "general",
                 "mode": "deadline", "responsible_person": "王经理", "measures": "更换", "deadline": "2026-05-08"}],
    "notes": "", "signatures": {"inspector": SIGNATURE},
}

# Keys sorted, no spaces, UTF-8; times in UTC; text stripped; 12.0 written 12; answers and hazards in the
# document's order; the UUID, the photo references derived from the rest and revision_of (at its default) left out.
INSPECTION_CANONICAL = (
    '{"accuracy_m":12,'
    '"answers":[{"item_id":"fire-02","note":"过期","photos":["' + PHOTO + '"],"result":"fail","value":null},'
    '{"item_id":"fire-01","note":"","photos":[],"result":"pass","value":null},'
    '{"item_id":"fire-05","note":"","photos":[],"result":null,"value":12}],'
    '"enterprise_code":"E0001","finished_at":"2026-05-01T01:40:00.250000+00:00",'
    '"hazards":[{"deadline":"2026-05-08","description":"灭火器过期","item_id":"fire-02","level":"general",'
    '"measures":"更换","mode":"deadline","photos":[],"rectification_photos":[],"responsible_person":"王经理",'
    '"uuid":"' + HAZARD + '"}],'
    '"identified_by":"qr","inspector_signature":"' + SIGNATURE + '","kind":"routine","latitude":31.5,'
    '"longitude":121,"notes":"","representative_name":"","representative_signature":null,'
    '"started_at":"2026-05-01T01:00:00+00:00","template_id":7,"template_version":2}'
)


def test_an_inspection_hashes_its_canonical_json():
    assert parse_inspection(INSPECTION, now=NOW).content_hash == _sha256(INSPECTION_CANONICAL)


def test_a_revision_hashes_what_it_revises():
    revision = dict(INSPECTION, revision_of="11111111-2222-4333-8444-555555555555")
    assert parse_inspection(revision, now=NOW).content_hash == _sha256(INSPECTION_CANONICAL.replace(
        '"representative_signature":null,',
        '"representative_signature":null,"revision_of":"11111111-2222-4333-8444-555555555555",'))


def test_the_same_instant_at_another_offset_is_the_same_content():
    in_utc = dict(INSPECTION, started_at="2026-05-01T01:00:00Z", finished_at="2026-05-01T01:40:00.25Z")
    in_tokyo = dict(INSPECTION, started_at="2026-05-01T10:00:00+09:00")
    hashes = {parse_inspection(document, now=NOW).content_hash for document in (INSPECTION, in_utc, in_tokyo)}
    assert len(hashes) == 1


def test_answers_in_another_order_are_another_document():
    swapped = dict(INSPECTION, answers=INSPECTION["answers"][::-1])
    assert parse_inspection(swapped, now=NOW).content_hash != parse_inspection(INSPECTION, now=NOW).content_hash


EVENT = {"uuid": "7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8", "type": "plan_set", "at": "2026-05-01T10:00:00+08:00",
         "note": " ", "responsible_person": "钱经理", "deadline": "2026-05-10"}
EVENT_CANONICAL = ('{"at":"2026-05-01T02:00:00+00:00","new_deadline":null,"note":"","photos":[],'
                   '"plan":{"deadline":"2026-05-10","responsible_person":"钱经理"},"signature":null,"signed_by":"",'
                   '"type":"plan_set"}')


def test_a_hazard_event_hashes_its_canonical_json():
    assert parse_hazard_event(EVENT, now=NOW).content_hash == _sha256(EVENT_CANONICAL)


@dataclass(frozen=True)
class _Before:
    name: str
    at: datetime


@dataclass(frozen=True)
class _After:
    """The same document once a field was added to the contract, optional as every later field must be."""

    name: str
    at: datetime
    team: tuple = ()


def test_a_field_added_later_leaves_documents_without_it_as_they_were():
    at = datetime(2026, 5, 1, 9, tzinfo=timezone(timedelta(hours=8)))
    assert content_hash(_Before("检查", at)) == content_hash(_After("检查", at))
    assert content_hash(_After("检查", at, ("li",))) != content_hash(_After("检查", at))
    assert content_hash(_Before("检查", at)) == _sha256('{"at":"2026-05-01T01:00:00+00:00","name":"检查"}')


def test_a_value_of_json_types_hashes_the_same_without_the_conversion_pass():
    value = {"kind": "routine", "template_version": 2, "notes": "", "flag": True, "none": None,
             "answers": [{"item_id": "fire-02", "value": "12", "photos": [PHOTO, SIGNATURE]}],
             "hazards": [{"description": "灭火器过期 \u2028", "deadline": "2026-05-08"}]}
    assert json_value_hash(value) == value_hash(value)
    assert json_value_hash(value) == _sha256(
        '{"answers":[{"item_id":"fire-02","photos":["' + PHOTO + '","' + SIGNATURE + '"],"value":"12"}],'
        '"flag":true,"hazards":[{"deadline":"2026-05-08","description":"灭火器过期 \u2028"}],"kind":"routine",'
        '"none":null,"notes":"","template_version":2}')

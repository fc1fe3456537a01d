"""Every rule of the inspection document: the error's status, code and field path, and nothing stored."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from tests.factories import make_photo

PHOTO = "photo"  # replaced by a photo the inspector uploaded


def _hazard(**overrides) -> dict:
    hazard = {"uuid": str(uuid.uuid4()), "item_id": "fire-02", "description": "配电箱无警示标识",
              "level": "general", "mode": "deadline", "responsible_person": "王经理", "measures": "张贴警示标识",
              "deadline": (date.today() + timedelta(days=7)).isoformat(), "photos": [], "rectification_photos": []}
    hazard.update(overrides)
    return hazard


def _set(path: str, value):
    """A change of the document: set the value at a dotted path like ``answers.0.result``."""
    def change(document):
        *parents, last = path.split(".")
        target = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return change


def _drop(path: str):
    def change(document):
        *parents, last = path.split(".")
        target = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[int(last) if last.isdigit() else last]
    return change


def _future(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).isoformat()


def _minute_after(iso: str) -> str:
    return (datetime.fromisoformat(iso) + timedelta(minutes=1)).isoformat()


def _with_hazard(**overrides):
    return _set("hazards", [_hazard(**overrides)])


def _answer_twice(document):
    document["answers"].append(dict(document["answers"][0]))


def _two_hazards_one_uuid(document):
    first = _hazard()
    document["hazards"] = [first, _hazard(uuid=first["uuid"])]


def _photo_in_two_answers(document):
    document["answers"][0]["photos"] = [PHOTO]
    document["answers"][1]["photos"] = [PHOTO]


CASES = [
    ("uuid missing", _drop("uuid"), "required", "uuid"),
    ("uuid malformed", _set("uuid", "not-a-uuid"), "invalid_uuid", "uuid"),
    ("enterprise code missing", _set("enterprise_code", ""), "required", "enterprise_code"),
    ("template id as text", _set("template_id", "1"), "invalid_type", "template_id"),
    ("template version missing", _drop("template_version"), "required", "template_version"),
    ("unknown kind", _set("kind", "daily"), "invalid_choice", "kind"),
    ("unknown identified_by", _set("identified_by", "nfc"), "invalid_choice", "identified_by"),
    ("time without offset", _set("started_at", "2026-05-01T09:00:00"), "invalid_datetime", "started_at"),
    ("time not a time", _set("finished_at", "today"), "invalid_datetime", "finished_at"),
    # Made from the document's own finish time when the case runs: a time taken when the cases are collected
    # falls behind a document made twenty minutes later in a slow full run.
    ("finished before started", lambda d: _set("started_at", _minute_after(d["finished_at"]))(d), "time_order",
     "finished_at"),
    ("finished days ahead", lambda d: (_set("started_at", _future(2))(d), _set("finished_at", _future(3))(d)),
     "time_in_future", "finished_at"),
    ("latitude out of range", _set("location.lat", 91), "invalid_location", "location.lat"),
    ("longitude missing", _drop("location.lng"), "required", "location.lng"),
    ("latitude as text", _set("location.lat", "31.2"), "invalid_type", "location.lat"),
    ("location not an object", _set("location", [31.2, 121.4]), "invalid_type", "location"),
    ("answers not a list", _set("answers", {"fire-01": "pass"}), "invalid_type", "answers"),
    ("answer not an object", _set("answers.0", "pass"), "invalid_type", "answers[0]"),
    ("unknown item", _set("answers.1.item_id", "fire-77"), "unknown_item", "answers[1].item_id"),
    ("item answered twice", _answer_twice, "duplicate_answer", "answers[6].item_id"),
    ("unknown result", _set("answers.0.result", "ok"), "invalid_choice", "answers[0].result"),
    ("pass/fail item without result", _set("answers.0.result", None), "required", "answers[0].result"),
    ("pass/fail item with a value", _set("answers.0.value", 3), "not_for_kind", "answers[0].value"),
    ("required item unanswered", lambda d: d["answers"].pop(2), "missing_answers", "answers"),
    ("failed without photo", _set("answers.1.result", "fail"), "photo_required", "answers[1].photos"),
    ("number item not a number", _set("answers.4.value", "twelve"), "invalid_number", "answers[4].value"),
    ("text item passed", _set("answers.5.result", "pass"), "not_for_kind", "answers[5].result"),
    ("text item given a number", _set("answers.5.value", 5), "invalid_type", "answers[5].value"),
    ("value an object", _set("answers.5.value", {"a": 1}), "invalid_type", "answers[5].value"),
    ("photo id malformed", _set("answers.0.photos", ["x"]), "invalid_uuid", "answers[0].photos[0]"),
    ("photos not a list", _set("answers.0.photos", "x"), "invalid_type", "answers[0].photos"),
    ("photo used twice", _photo_in_two_answers, "photo_reused", "answers[1].photos[0]"),
    ("hazard uuid malformed", _with_hazard(uuid="123"), "invalid_uuid", "hazards[0].uuid"),
    ("hazard without description", _with_hazard(description="  "), "required", "hazards[0].description"),
    ("hazard level unknown", _with_hazard(level="minor"), "invalid_choice", "hazards[0].level"),
    ("hazard mode unknown", _with_hazard(mode="later"), "invalid_choice", "hazards[0].mode"),
    ("deadline mode without responsible person", _with_hazard(responsible_person=""), "required",
     "hazards[0].responsible_person"),
    ("deadline mode without measures", _with_hazard(measures=None), "required", "hazards[0].measures"),
    ("deadline mode without deadline", _with_hazard(deadline=None), "required", "hazards[0].deadline"),
    ("deadline badly written", _with_hazard(deadline="2026/05/01"), "invalid_date", "hazards[0].deadline"),
    ("deadline a week date", _with_hazard(deadline="2026-W20-1"), "invalid_date", "hazards[0].deadline"),
    ("deadline before the inspection", _with_hazard(deadline=(date.today() - timedelta(days=3)).isoformat()),
     "deadline_before_inspection", "hazards[0].deadline"),
    ("on the spot without rectification photo", _with_hazard(mode="on_the_spot"),
     "rectification_photo_required", "hazards[0].rectification_photos"),
    ("deadline mode with rectification photos", _with_hazard(rectification_photos=[PHOTO]), "not_for_mode",
     "hazards[0].rectification_photos"),
    ("hazard of an unknown item", _with_hazard(item_id="fire-77"), "unknown_item", "hazards[0].item_id"),
    ("hazard uuid twice", _two_hazards_one_uuid, "duplicate_hazard", "hazards[1].uuid"),
    ("responsible person too long", _with_hazard(responsible_person="张" * 101), "too_long",
     "hazards[0].responsible_person"),
    ("signature malformed", _set("signatures", {"inspector": "sig"}), "invalid_uuid", "signatures.inspector"),
    ("signatures not an object", _set("signatures", "sig"), "invalid_type", "signatures"),
    ("notes not text", _set("notes", ["a"]), "invalid_type", "notes"),
]


@pytest.mark.parametrize("change,code,field", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_broken_rule_is_400_with_its_code_and_field(send, document, inspector, change, code, field):
    photo = make_photo(inspector)
    change(document)
    entries = [entry for name in ("answers", "hazards") if isinstance(document.get(name), list)
               for entry in document[name]]
    for entry in entries:
        for key in ("photos", "rectification_photos"):
            if isinstance(entry, dict) and isinstance(entry.get(key), list):
                entry[key] = [photo.uuid if value == PHOTO else value for value in entry[key]]
    response = send(document)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field), error
    assert error["message"]
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 0
    assert db.session.scalar(select(func.count()).select_from(Hazard)) == 0


def test_missing_answers_are_listed_by_item(send, document):
    document["answers"] = [answer for answer in document["answers"] if answer["item_id"] not in ("fire-01", "fire-03")]
    error = send(document).get_json()["error"]
    assert "fire-01" in error["message"] and "fire-03" in error["message"]
    assert "fire-02" not in error["message"]


def test_a_failed_item_that_needs_no_photo_is_accepted_without_one(send, document):
    document["answers"][3]["result"] = "fail"
    assert send(document).status_code == 201


def test_number_and_text_items_may_be_left_unanswered_or_not_applicable(send, document):
    document["answers"][4].update(result="na", value=None)
    del document["answers"][5]
    assert send(document).status_code == 201


def test_a_body_that_is_not_an_object_is_400(send):
    response = send([])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_a_deadline_on_the_inspection_day_in_the_phones_time_zone_is_accepted(send, document):
    # The deadline is a date where the phone is: 22:00 at UTC-5 is already the next day in UTC.
    finished = datetime.now(timezone(timedelta(hours=-5))).replace(hour=22, minute=0, second=0, microsecond=0)
    finished -= timedelta(days=2)
    document.update(started_at=(finished - timedelta(hours=1)).isoformat(), finished_at=finished.isoformat())
    document["hazards"] = [_hazard(deadline=finished.date().isoformat())]
    assert send(document).status_code == 201

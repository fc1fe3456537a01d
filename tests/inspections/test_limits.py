"""A number item with limits: a reading outside them fails, on the server as on the phone."""
import pytest
from sqlalchemy import select

from safety.checklists.models import TemplateItem
from safety.extensions import db
from safety.inspections.models import Answer, Inspection
from tests.factories import make_photo


@pytest.fixture
def limited(version):
    """fire-05 becomes the oxygen reading of a confined space: passes at 19.5–23.5 %VOL, a photo on failure."""
    item = next(item for item in version.items() if item.key == "fire-05")
    item.min_value, item.max_value, item.unit, item.photo_required_on_fail = 19.5, 23.5, "%VOL", True
    db.session.flush()
    return item


def _reading(document, value, result=None, photos=()):
    answer = next(answer for answer in document["answers"] if answer["item_id"] == "fire-05")
    answer.update(value=value, result=result, photos=list(photos))
    return document["answers"].index(answer)


def _stored_result(document) -> tuple:
    return db.session.execute(
        select(Answer.result, Answer.value).join(Inspection).join(TemplateItem, TemplateItem.id == Answer.item_id)
        .where(Inspection.uuid == document["uuid"], TemplateItem.key == "fire-05")).one()


def test_a_reading_outside_the_limits_sent_as_passed_is_refused_naming_reading_and_limits(send, document, limited):
    n = _reading(document, 17.2, "pass")
    response = send(document)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("outside_limits", f"answers[{n}].result")
    assert error["message"] == "检查项 fire-05：读数 17.2 %VOL 超出限值（19.5–23.5 %VOL），不能判为合格。"
    assert db.session.scalar(select(Inspection.id)) is None


def test_a_reading_outside_the_limits_fails_with_its_photo(send, document, limited, inspector):
    _reading(document, "24", "fail", [make_photo(inspector).uuid])
    assert send(document).status_code == 201
    assert _stored_result(document) == ("fail", "24")


def test_a_failed_reading_needs_its_photo(send, document, limited):
    n = _reading(document, 24, "fail")
    error = send(document).get_json()["error"]
    assert (error["code"], error["field"]) == ("photo_required", f"answers[{n}].photos")


def test_a_reading_within_the_limits_may_still_fail_by_eye(send, document, limited, inspector):
    _reading(document, 20.9, "fail", [make_photo(inspector).uuid])
    assert send(document).status_code == 201
    assert _stored_result(document) == ("fail", "20.9")


def test_a_reading_on_a_limit_passes(send, document, limited):
    _reading(document, 23.5, "pass")
    assert send(document).status_code == 201
    assert _stored_result(document) == ("pass", "23.5")


def test_a_reading_outside_the_limits_sent_without_a_result_is_stored_as_failed(send, document, limited):
    # A phone from before limits existed sends no result and could not know to take a photo.
    _reading(document, 25)
    assert send(document).status_code == 201
    assert _stored_result(document) == ("fail", "25")
    assert send(document).get_json()["duplicate"] is True


def test_a_number_item_passes_only_on_a_reading(send, document, limited):
    n = _reading(document, None, "pass")
    error = send(document).get_json()["error"]
    assert (error["code"], error["field"]) == ("required", f"answers[{n}].value")


def test_a_number_item_without_limits_takes_any_reading_as_before(send, document):
    _reading(document, 1e6)
    assert send(document).status_code == 201
    assert _stored_result(document) == (None, "1000000")


def test_the_pulled_template_carries_the_limits(client, auth, inspector, limited):
    auth.login("inspector")
    templates = client.get("/api/v1/sync/pull").get_json()["templates"]
    item = next(item for section in templates[0]["sections"] for item in section["items"] if item["id"] == "fire-05")
    assert (item["min"], item["max"], item["unit"], item["finding"]) == (19.5, 23.5, "%VOL", "")

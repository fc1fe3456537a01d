"""The review queue: scope, filters, order, only the latest revision, a constant number of statements;
the inspection page's gallery and its evidence check."""
import os
import re
from datetime import UTC, datetime, timedelta

import pytest

from safety.photos.storage import get_photo_store
from tests.factories import make_hazard, make_inspection, make_photo, make_user
from tests.statements import counting_statements


def listed(response) -> list[str]:
    return re.findall(r'data-inspection="([0-9a-f-]{36})"', response.get_data(as_text=True))


def _at(days_ago: int) -> datetime:
    return datetime.now(UTC).replace(hour=4, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)


@pytest.fixture
def queue(park):
    steel, chem = park["enterprises"]["steel"], park["enterprises"]["chem"]
    north, south = park["users"]["north"], park["users"]["south"]
    version = park["version"]
    made = {
        "old": make_inspection(steel, north, version, finished_at=_at(20), started_at=_at(20)),
        "new": make_inspection(steel, north, version, finished_at=_at(1), started_at=_at(1), kind="campaign"),
        "chem": make_inspection(chem, south, version, finished_at=_at(3), started_at=_at(3)),
        "approved": make_inspection(steel, north, version, finished_at=_at(2), started_at=_at(2),
                                    review_state="approved"),
    }
    make_hazard(chem, inspection_id=made["chem"].id, level="major")
    return made


def names(queue, response) -> list[str]:
    by_uuid = {inspection.uuid: name for name, inspection in queue.items()}
    return [by_uuid[uuid] for uuid in listed(response)]


def test_submitted_inspections_newest_first(client, auth, queue):
    auth.login("chief")
    assert names(queue, client.get("/review/")) == ["new", "chem", "old"]


def test_a_supervisor_with_grids_sees_only_their_jurisdiction(client, auth, queue):
    auth.login("north_chief")
    assert names(queue, client.get("/review/")) == ["new", "old"]


@pytest.mark.parametrize("args,expected", [
    ({"grid": "S1"}, ["chem"]),
    ({"sector": "metallurgy"}, ["new", "old"]),
    ({"inspector": "south"}, ["chem"]),
    ({"kind": "campaign"}, ["new"]),
    ({"major": "1"}, ["chem"]),
    ({"state": "approved"}, ["approved"]),
    ({"state": "all"}, ["new", "approved", "chem", "old"]),
])
def test_filters(client, auth, queue, args, expected):
    auth.login("chief")
    response = client.get("/review/", query_string=args)
    assert response.status_code == 200
    assert names(queue, response) == expected


def test_the_period_is_in_office_days(client, auth, queue):
    auth.login("chief")
    day = (_at(3) + timedelta(hours=8)).date().isoformat()
    response = client.get("/review/", query_string={"finished_from": day, "finished_to": day})
    assert names(queue, response) == ["chem"]


def test_a_period_that_ends_before_it_starts_is_400_and_says_why(client, auth, queue):
    auth.login("chief")
    response = client.get("/review/", query_string={"finished_from": "2026-03-01", "finished_to": "2026-01-01"})
    assert response.status_code == 400
    assert "The end of the range is before its start." in response.get_data(as_text=True)


def test_a_malformed_date_is_400(client, auth, queue):
    auth.login("chief")
    response = client.get("/review/", query_string={"finished_from": "yesterday"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_only_the_latest_revision_is_listed(client, auth, park, queue):
    earlier = queue["old"]
    earlier.review_state = "superseded"
    revision = make_inspection(park["enterprises"]["steel"], park["users"]["north"], park["version"],
                               finished_at=_at(0), started_at=_at(0), revision_of_id=earlier.id,
                               original_id=earlier.id, revision=2)
    auth.login("chief")
    listing = names({**queue, "revision": revision}, client.get("/review/", query_string={"state": "all"}))
    assert "old" not in listing and listing[0] == "revision"
    assert names({**queue, "revision": revision},
                 client.get("/review/", query_string={"state": "superseded"})) == ["old"]


def test_the_number_of_statements_does_not_grow_with_the_page(client, auth, park):
    steel = park["enterprises"]["steel"]

    def grow(count):
        for n in range(count):
            inspector = make_user("inspector", grids=[park["grids"]["north"]])
            inspection = make_inspection(steel, inspector, park["version"], finished_at=_at(n % 30))
            make_hazard(steel, inspection_id=inspection.id, level="major" if n % 3 else "general",
                        item_key=f"fire-{n:03d}")

    grow(5)
    auth.login("chief")
    client.get("/review/")
    with counting_statements() as small:
        assert client.get("/review/", query_string={"major": "1"}).status_code == 200
    grow(45)
    with counting_statements() as large:
        assert client.get("/review/", query_string={"major": "1"}).status_code == 200
    assert len(large) == len(small), "\n".join(large)


def test_the_queue_is_a_card_list_with_links_to_each_inspection(client, auth, queue):
    auth.login("chief")
    page = client.get("/review/").get_data(as_text=True)
    assert f'href="/review/{queue["new"].uuid}"' in page
    assert 'class="review-row' in page


def _with_photo(park, queue):
    photo = make_photo(park["users"]["north"], inspection_id=None, latitude=31.23, longitude=121.47,
                       taken_at=_at(1))
    from safety.extensions import db
    from safety.inspections.models import Answer
    answer = Answer(inspection_id=queue["new"].id, item_id=park["version"].sections[0].items[0].id, result="fail")
    db.session.add(answer)
    db.session.flush()
    photo.answer_id, photo.purpose = answer.id, "answer"
    db.session.commit()
    return photo


def test_the_gallery_loads_thumbnails_lazily_and_shows_times_location_and_a_matching_hash(client, auth, park, queue):
    photo = _with_photo(park, queue)
    auth.login("chief")
    page = client.get(f"/review/{queue['new'].uuid}").get_data(as_text=True)
    item = re.search(rf'<li class="gallery-item" data-photo="{photo.uuid}" data-check="(\w+)">(.*?)</li>', page, re.S)
    assert item and item.group(1) == "match"
    assert 'loading="lazy"' in item.group(2)
    assert f"/photos/{photo.uuid}/display.jpg" in item.group(2)
    assert "31.23000, 121.47000" in item.group(2)
    assert "✓" in item.group(2)
    assert '<script src="/static/js/gallery.js"' in page


def test_a_tampered_original_shows_a_mismatch(client, auth, park, queue):
    photo = _with_photo(park, queue)
    path = get_photo_store()._path(photo.sha256, "original")
    with open(path, "r+b") as original:
        original.seek(10)
        original.write(b"tampered")
    auth.login("chief")
    page = client.get(f"/review/{queue['new'].uuid}").get_data(as_text=True)
    assert f'data-photo="{photo.uuid}" data-check="mismatch"' in page
    assert "Evidence damaged: the original does not match its SHA-256" in page
    # No copy of it is asked for: the server would serve none.
    assert f"/photos/{photo.uuid}/thumb.jpg" not in page and 'gallery-thumb evidence-damaged' in page


def test_a_missing_original_is_shown_as_missing(client, auth, park, queue):
    photo = _with_photo(park, queue)
    os.remove(get_photo_store()._path(photo.sha256, "original"))
    auth.login("chief")
    page = client.get(f"/review/{queue['new'].uuid}").get_data(as_text=True)
    assert f'data-photo="{photo.uuid}" data-check="missing"' in page


def test_failed_answers_come_first(client, auth, park, queue):
    from safety.extensions import db
    from safety.inspections.models import Answer
    items = park["version"].sections[0].items
    for item, result in zip(items, ("pass", "pass", "fail")):
        db.session.add(Answer(inspection_id=queue["new"].id, item_id=item.id, result=result))
    db.session.commit()
    auth.login("chief")
    page = client.get(f"/review/{queue['new'].uuid}").get_data(as_text=True)
    order = re.findall(r'data-item="([\w-]+)"', page)
    assert order[0] == items[2].key and sorted(order[1:]) == sorted([items[0].key, items[1].key])

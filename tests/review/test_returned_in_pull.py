"""Returned inspections reach their inspector through pull, whichever phone sent them: the document, and where
to fetch each of its photos and signatures, so a replaced or reset phone can amend it offline."""
import uuid

import pytest
from sqlalchemy import select

from safety.extensions import db
from safety.inspections.models import Inspection, InspectionTeamMember
from tests.factories import inspection_document, make_photo, make_user
from tests.review.conftest import deadline_hazard

PULL = "/api/v1/sync/pull"


def _return(document: dict, comment: str = "请补拍灭火器照片") -> Inspection:
    stored = db.session.scalar(select(Inspection).where(Inspection.uuid == document["uuid"]))
    stored.review_state, stored.review_comment = "returned", comment
    db.session.commit()
    return stored


def _with_evidence(park, document: dict) -> dict:
    """``document`` with a failed item's photo, a hazard with its photo, and both signatures."""
    inspector = park["users"]["north"]
    answer_photo, hazard_photo, mine, theirs = (make_photo(inspector).uuid for _n in range(4))
    document["answers"][0].update(result="fail", photos=[answer_photo], note="压力不足")
    document["hazards"] = [deadline_hazard(document["answers"][0]["item_id"], photos=[hazard_photo])]
    document["signatures"] = {"inspector": mine, "representative": theirs, "representative_name": "赵厂长"}
    return document


def _pull(client, auth, username: str, since: str | None = None) -> dict:
    auth.login(username)
    response = client.get(PULL, query_string={"since": since} if since else None)
    assert response.status_code == 200
    return response.get_json()


def test_a_returned_inspection_reaches_a_fresh_sign_in_with_its_photos_and_signatures(client, auth, park, send,
                                                                                       document):
    _with_evidence(park, document)
    assert send(document).status_code == 201
    _return(document)
    read = client.get(f"/api/v1/inspections/{document['uuid']}").get_json()

    # Another phone: nothing of the first one's session, no cursor.
    client.delete("/api/v1/session", headers=auth.headers())
    [returned] = _pull(client, auth, "north")["returned"]

    assert {key: value for key, value in returned.items()
            if key not in ("enterprise_name", "template_name", "photos")} == read
    assert (returned["review_comment"], returned["enterprise_name"], returned["template_name"]) == (
        "请补拍灭火器照片", "华东钢铁有限公司", "消防安全检查表")
    named = {*document["answers"][0]["photos"], *document["hazards"][0]["photos"],
             document["signatures"]["inspector"], document["signatures"]["representative"]}
    assert {photo["uuid"] for photo in returned["photos"]} == named
    for photo in returned["photos"]:
        assert photo["thumb_url"] == f"/photos/{photo['uuid']}/thumb.jpg"
        assert photo["display_url"] == f"/photos/{photo['uuid']}/display.jpg"
        assert client.get(photo["thumb_url"]).status_code == 200  # the phone may fetch what it is told of


def test_only_the_author_gets_it_not_a_colleague_nor_a_team_member(client, auth, park, send, document):
    colleague = make_user("inspector", username="colleague", grids=[park["grids"]["north"]])
    assert send(document).status_code == 201
    stored = _return(document)
    # A team member went along, but only the inspector who made an inspection may revise it.
    db.session.add(InspectionTeamMember(inspection_id=stored.id, position=0, user_id=colleague.id,
                                        username="colleague", role="staff"))
    db.session.commit()
    assert [row["uuid"] for row in _pull(client, auth, "north")["returned"]] == [document["uuid"]]
    assert _pull(client, auth, "colleague")["returned"] == []
    assert _pull(client, auth, "chief")["returned"] == []  # the reviewer's phone amends nothing


def test_inspections_not_returned_are_not_in_it(client, auth, park, send, document):
    assert send(document).status_code == 201  # awaiting review
    approved = inspection_document(park["enterprises"]["steel"], park["version"])
    assert send(approved).status_code == 201
    db.session.scalar(select(Inspection).where(Inspection.uuid == approved["uuid"])).review_state = "approved"
    db.session.commit()
    assert _pull(client, auth, "north")["returned"] == []


def test_it_arrives_in_a_delta_and_leaves_once_the_revision_is_received(client, auth, park, send, document):
    assert send(document).status_code == 201
    cursor = _pull(client, auth, "north")["cursor"]
    _return(document)
    delta = _pull(client, auth, "north", cursor)
    assert [row["uuid"] for row in delta["returned"]] == [document["uuid"]]
    assert delta["removed"]["returned"] == []

    revision = {**document, "uuid": str(uuid.uuid4()), "revision_of": document["uuid"]}
    assert send(revision).status_code == 201
    delta = _pull(client, auth, "north", delta["cursor"])
    assert delta["returned"] == []
    assert document["uuid"] in delta["removed"]["returned"]
    assert _pull(client, auth, "north")["returned"] == []  # nor in a full pull


def test_a_returned_revision_carries_the_hazards_of_the_earlier_one(client, auth, park, send, document):
    _with_evidence(park, document)
    assert send(document).status_code == 201
    _return(document)
    revision = {**document, "uuid": str(uuid.uuid4()), "revision_of": document["uuid"]}
    assert send(revision).status_code == 201
    _return(revision, "签字不清楚")
    [returned] = _pull(client, auth, "north")["returned"]
    assert (returned["uuid"], returned["revision"], returned["revision_of"]) == (revision["uuid"], 2,
                                                                                 document["uuid"])
    assert [hazard["uuid"] for hazard in returned["hazards"]] == [document["hazards"][0]["uuid"]]
    assert returned["hazards"][0]["photos"] == document["hazards"][0]["photos"]
    assert len(returned["photos"]) == 4


def test_statements_do_not_grow_with_the_returned_inspections(client, auth, park, send, count_statements):
    def returned(count: int) -> None:
        for _n in range(count):
            document = _with_evidence(park, inspection_document(park["enterprises"]["steel"], park["version"]))
            assert send(document).status_code == 201
            _return(document)

    auth.login("north")
    client.get(PULL)  # the first pull also reads the checklists, which later pulls find kept
    returned(1)
    with count_statements() as one_built:
        assert len(client.get(PULL).get_json()["returned"]) == 1
    with count_statements() as one_kept:
        assert len(client.get(PULL).get_json()["returned"]) == 1
    returned(6)
    with count_statements() as six_built:
        assert len(client.get(PULL).get_json()["returned"]) == 7
    with count_statements() as seven_kept:
        assert len(client.get(PULL).get_json()["returned"]) == 7
    assert len(six_built) == len(one_built)
    assert len(seven_kept) == len(one_kept) < len(one_built)  # kept documents are not read again


def _as_pulled(client, auth) -> dict:
    [returned] = _pull(client, auth, "north")["returned"]
    return returned


def _as_read(client, uuid_: str, photos: list) -> dict:
    """The inspection as its author reads it now, with the names and ``photos`` a pull adds: what a pull must
    answer."""
    from safety.checklists.models import TemplateVersion
    from safety.enterprises.models import Enterprise
    read = client.get(f"/api/v1/inspections/{uuid_}").get_json()
    stored = db.session.scalar(select(Inspection).where(Inspection.uuid == uuid_))
    return {**read, "enterprise_name": db.session.get(Enterprise, stored.enterprise_id).name,
            "template_name": db.session.get(TemplateVersion, stored.template_version_id).template.name,
            "photos": photos}


def _mark_its_hazard_rectified(park, stored):
    from safety.hazards.models import Hazard
    db.session.scalar(select(Hazard).where(Hazard.inspection_id == stored.id)).status = "rectified"


def _rename_the_enterprise(park, stored):
    park["enterprises"]["steel"].name = "华东特钢有限公司"


def _rename_the_checklist(park, stored):
    from safety.checklists.operations import update_template_details
    template = park["version"].template
    update_template_details(template, "消防安全检查表（2027版）", template.topic, "")


def _comment_again(park, stored):
    stored.review_comment = "请补拍灭火器照片和签字"


def _make_its_campaign_an_enforcement_check(park, stored):
    from safety.campaigns.models import Campaign, Task
    # One inspector on an enforcement check: the document now flags it understaffed.
    db.session.get(Campaign, db.session.get(Task, stored.task_id).campaign_id).enforcement = True


@pytest.mark.parametrize("change", [_mark_its_hazard_rectified, _rename_the_enterprise, _rename_the_checklist,
                                    _comment_again, _make_its_campaign_an_enforcement_check])
def test_a_kept_document_is_built_again_when_what_it_shows_changes(client, auth, park, send, document, change):
    from tests.factories import make_campaign, make_task
    _with_evidence(park, document)
    assert send(document).status_code == 201
    stored = _return(document)
    stored.task_id = make_task(make_campaign(), park["enterprises"]["steel"], [park["users"]["north"]]).id
    db.session.commit()
    first = _as_pulled(client, auth)
    assert first == _as_read(client, document["uuid"], first["photos"])
    assert _as_pulled(client, auth) == first  # kept

    change(park, db.session.get(Inspection, stored.id))
    db.session.commit()
    db.session.expire_all()
    again = _as_pulled(client, auth)
    assert again != first
    assert again == _as_read(client, document["uuid"], first["photos"])


def test_a_kept_document_is_written_in_the_language_of_whoever_pulls_it(client, auth, park, send, document):
    from tests.factories import make_campaign, make_task
    assert send(document).status_code == 201
    stored = _return(document)
    stored.task_id = make_task(make_campaign(enforcement=True), park["enterprises"]["steel"],
                               [park["users"]["north"]]).id
    db.session.commit()
    auth.login("north")
    pulls = {}
    for locale in ("zh_CN", "en"):  # chosen on the device, as the language switch does
        with client.session_transaction() as session:
            session["locale"] = locale
        [pulls[locale]] = client.get(PULL).get_json()["returned"][0]["flags"]
    chinese, english = pulls["zh_CN"], pulls["en"]
    assert chinese["code"] == english["code"] == "understaffed"
    assert "执法人员不少于两人" in english["message"] and english["message"].startswith("An enforcement check")
    assert chinese["message"] != english["message"]


def test_a_worker_that_starts_keeps_every_returned_document_in_its_inspectors_language(app, client, auth, park, send,
                                                                                       document, count_statements):
    from safety.sync.returned import keep_returned_documents_at_start
    assert send(document).status_code == 201
    _return(document)
    auth.login("north")
    client.get(PULL)  # builds it, and reads the checklists once
    with count_statements() as kept:
        [pulled] = client.get(PULL).get_json()["returned"]

    app.extensions.pop("pulled_returned_inspections")  # the worker restarts
    keep_returned_documents_at_start(app)
    assert list(app.extensions["pulled_returned_inspections"]) == [pulled_id(document)]
    with count_statements() as after_start:
        assert client.get(PULL).get_json()["returned"] == [pulled]
    assert len(after_start) == len(kept)  # nothing built


def pulled_id(document: dict) -> int:
    return db.session.scalar(select(Inspection.id).where(Inspection.uuid == document["uuid"]))

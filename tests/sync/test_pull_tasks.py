"""The office's year in GET /api/v1/sync/pull: the user's tasks, their campaigns, the staff list, and the
enterprises outside their grids that an open task lets an inspector see."""
from datetime import date, datetime, timedelta, timezone

import pytest

from safety.campaigns.operations import activate_campaign, cancel_task, close_campaign, reassign_task
from safety.extensions import db
from tests.factories import (make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_task,
                             make_template, make_user)

PULL = "/api/v1/sync/pull"
TASK_FIELDS = {"uuid", "campaign", "enterprise_code", "enterprise_name", "due_on", "template_ids", "team", "status",
               "status_label", "inspection_kind", "reasons", "cancel_reason"}
CAMPAIGN_FIELDS = {"code", "name", "kind", "kind_label", "basis", "starts_on", "ends_on", "template_ids",
                   "enforcement", "inspection_kind"}


@pytest.fixture
def year(app):
    """Grids N and S; inspectors ann and bob in N, cat in S; the office; an active fire campaign."""
    north, south = make_grid(code="N"), make_grid(code="S")
    users = {
        "ann": make_user("inspector", username="ann", grids=[north], display_name="安"),
        "bob": make_user("inspector", username="bob", grids=[north], display_name="博"),
        "cat": make_user("inspector", username="cat", grids=[south], display_name="凯"),
        "chief": make_user("supervisor", username="chief", display_name="王主任"),
        "root": make_user("admin", username="root"),
        "gone": make_user("inspector", username="gone", grids=[north], active=False),
    }
    enterprises = {"N1": make_enterprise(grid=north, code="N1"), "N2": make_enterprise(grid=north, code="N2"),
                   "S1": make_enterprise(grid=south, code="S1", name="南区化工")}
    users["contact"] = make_user("enterprise", username="contact", enterprise=enterprises["N1"])
    template = make_template()
    campaign = make_campaign(code="2026-ZX-01", templates=[template], starts_on=date(2026, 1, 1),
                             ends_on=date(2026, 12, 31))
    db.session.commit()
    return {"users": users, "enterprises": enterprises, "campaign": campaign, "template": template,
            "grids": {"N": north, "S": south}}


def pull(client, since=None):
    response = client.get(PULL, query_string={"since": since} if since is not None else None)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def task_for(year, code: str, *usernames, **overrides):
    task = make_task(year["campaign"], year["enterprises"][code], [year["users"][u] for u in usernames], **overrides)
    db.session.commit()
    return task


def uuids(body) -> list[str]:
    return [task["uuid"] for task in body["tasks"]]


# --- full pulls ----------------------------------------------------------------------------------

def test_inspector_gets_own_tasks_with_the_contract_fields(client, auth, year):
    mine = task_for(year, "N1", "ann", "bob", due_on=date(2026, 3, 1))
    task_for(year, "N2", "bob")
    auth.login("ann")
    body = pull(client)
    assert uuids(body) == [mine.uuid]
    task = body["tasks"][0]
    assert set(task) == TASK_FIELDS
    assert task["campaign"] == {"code": "2026-ZX-01", "name": "消防安全专项整治", "kind": "campaign"}
    assert task["enterprise_code"] == "N1" and task["due_on"] == "2026-03-01"
    assert task["template_ids"] == [year["template"].id]
    assert task["team"] == ["ann", "bob"]
    assert task["inspection_kind"] == "campaign"


def test_campaigns_are_those_the_user_has_a_task_in(client, auth, year):
    task_for(year, "N1", "ann")
    other = make_campaign(code="2026-ZX-02")
    make_task(other, year["enterprises"]["N2"], [year["users"]["bob"]])
    db.session.commit()
    auth.login("ann")
    campaigns = pull(client)["campaigns"]
    assert [c["code"] for c in campaigns] == ["2026-ZX-01"]
    assert set(campaigns[0]) == CAMPAIGN_FIELDS
    assert campaigns[0]["basis"] == {"number": "〔2026〕12号", "title": "关于开展消防安全专项整治的通知"}
    assert campaigns[0]["template_ids"] == [year["template"].id] and campaigns[0]["enforcement"] is False


def test_tasks_of_draft_and_closed_campaigns_and_cancelled_tasks_are_not_sent(client, auth, year):
    draft = make_campaign(code="2026-ZX-02", status="draft")
    closed = make_campaign(code="2026-ZX-03", status="closed")
    make_task(draft, year["enterprises"]["N1"], [year["users"]["ann"]])
    make_task(closed, year["enterprises"]["N1"], [year["users"]["ann"]])
    task_for(year, "N2", "ann", cancelled_at=datetime(2026, 2, 1, tzinfo=timezone.utc), cancel_reason="企业已停产")
    auth.login("ann")
    body = pull(client)
    assert body["tasks"] == [] and body["campaigns"] == []


def test_a_done_task_is_sent_as_done(client, auth, year):
    task = task_for(year, "N1", "ann")
    make_inspection(year["enterprises"]["N1"], year["users"]["ann"], year["template"].versions[0], task_id=task.id)
    db.session.commit()
    auth.login("ann")
    assert [t["status"] for t in pull(client)["tasks"]] == ["done"]


def test_staff_are_the_active_inspectors_and_supervisors_with_their_grids(client, auth, year):
    auth.login("ann")
    assert pull(client)["staff"] == [
        {"username": "ann", "display_name": "安", "grids": ["N"]},
        {"username": "bob", "display_name": "博", "grids": ["N"]},
        {"username": "cat", "display_name": "凯", "grids": ["S"]},
        {"username": "chief", "display_name": "王主任", "grids": []},
    ]


@pytest.mark.parametrize("username", ["contact", "root"])
def test_who_records_no_inspections_gets_no_tasks_campaigns_or_staff(client, auth, year, username):
    auth.login(username)
    body = pull(client)
    assert body["tasks"] == body["campaigns"] == body["staff"] == []


# --- deltas ----------------------------------------------------------------------------------------

def test_a_new_task_arrives_in_the_delta_and_the_lists_stay_complete(client, auth, year):
    task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    added = task_for(year, "N2", "ann", "bob")
    body = pull(client, first["cursor"])
    assert body["full"] is False
    assert uuids(body) == [added.uuid]
    assert [c["code"] for c in body["campaigns"]] == ["2026-ZX-01"]
    assert [s["username"] for s in body["staff"]] == ["ann", "bob", "cat", "chief"]


def test_nothing_changed_sends_no_task(client, auth, year):
    task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    body = pull(client, first["cursor"])
    assert body["tasks"] == [] and body["removed"]["tasks"] == []


def test_a_task_given_to_others_is_removed(client, auth, year):
    task = task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    reassign_task(year["users"]["chief"], task.uuid, ["bob"])
    db.session.commit()
    body = pull(client, first["cursor"])
    assert body["tasks"] == [] and body["removed"]["tasks"] == [task.uuid]
    auth.login("bob")
    assert uuids(pull(client)) == [task.uuid]


def test_a_task_given_to_the_user_arrives(client, auth, year):
    task = task_for(year, "N1", "bob")
    auth.login("ann")
    first = pull(client)
    reassign_task(year["users"]["chief"], task.uuid, ["bob", "ann"])
    db.session.commit()
    body = pull(client, first["cursor"])
    assert uuids(body) == [task.uuid] and body["tasks"][0]["team"] == ["bob", "ann"]
    assert body["removed"]["tasks"] == []


def test_a_cancelled_task_is_removed(client, auth, year):
    task = task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    cancel_task(year["users"]["chief"], task.uuid, "企业已停产")
    db.session.commit()
    body = pull(client, first["cursor"])
    assert body["tasks"] == [] and body["removed"]["tasks"] == [task.uuid]
    assert body["campaigns"] == []


def test_the_tasks_of_a_closed_campaign_are_removed(client, auth, year):
    task = task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    close_campaign(year["campaign"])
    db.session.commit()
    body = pull(client, first["cursor"])
    assert body["tasks"] == [] and body["removed"]["tasks"] == [task.uuid] and body["campaigns"] == []


def test_the_tasks_of_an_activated_campaign_arrive(client, auth, year):
    draft = make_campaign(code="2026-ZX-02", status="draft")
    task = make_task(draft, year["enterprises"]["N1"], [year["users"]["ann"]])
    db.session.commit()
    auth.login("ann")
    first = pull(client)
    assert first["tasks"] == []
    activate_campaign(draft)
    db.session.commit()
    body = pull(client, first["cursor"])
    assert uuids(body) == [task.uuid] and [c["code"] for c in body["campaigns"]] == ["2026-ZX-02"]


def test_a_renamed_campaign_sends_its_tasks_again(client, auth, year):
    task = task_for(year, "N1", "ann")
    task_for(year, "N2", "bob")
    auth.login("ann")
    first = pull(client)
    year["campaign"].name = "消防安全百日攻坚"
    db.session.commit()
    body = pull(client, first["cursor"])
    assert uuids(body) == [task.uuid] and body["tasks"][0]["campaign"]["name"] == "消防安全百日攻坚"
    assert body["removed"]["tasks"] == []  # bob's task of the campaign is nothing to ann


def test_a_task_being_done_is_sent_again_as_done(client, auth, year):
    from safety.common.revisions import touch
    task = task_for(year, "N1", "ann")
    auth.login("ann")
    first = pull(client)
    make_inspection(year["enterprises"]["N1"], year["users"]["ann"], year["template"].versions[0], task_id=task.id)
    touch(task)  # as recording an inspection for a task does
    db.session.commit()
    body = pull(client, first["cursor"])
    assert [t["status"] for t in body["tasks"]] == ["done"]


# --- an enterprise outside the inspector's grids, seen through an open task -------------------------

def test_an_open_task_outside_the_grids_brings_its_enterprise_and_hazards(client, auth, year):
    hazard = make_hazard(year["enterprises"]["S1"])
    task_for(year, "S1", "ann", "cat")
    auth.login("ann")
    body = pull(client)
    assert {e["code"] for e in body["enterprises"]} == {"N1", "N2", "S1"}
    assert hazard.uuid in {h["uuid"] for h in body["hazards"]}


def test_a_task_outside_the_grids_given_later_makes_the_next_pull_full(client, auth, year):
    auth.login("ann")
    first = pull(client)
    task_for(year, "S1", "ann", "cat")
    body = pull(client, first["cursor"])
    assert body["full"] is True and "S1" in {e["code"] for e in body["enterprises"]}


@pytest.mark.parametrize("end", ["cancelled", "done", "campaign closed"])
def test_the_enterprise_goes_when_the_task_is_no_longer_open(client, auth, year, end):
    task = task_for(year, "S1", "ann", "cat")
    auth.login("ann")
    first = pull(client)
    if end == "cancelled":
        cancel_task(year["users"]["chief"], task.uuid, "改期")
    elif end == "done":
        make_inspection(year["enterprises"]["S1"], year["users"]["cat"], year["template"].versions[0],
                        task_id=task.id)
    else:
        close_campaign(year["campaign"])
    db.session.commit()
    body = pull(client, first["cursor"])
    assert body["full"] is True and {e["code"] for e in body["enterprises"]} == {"N1", "N2"}


def test_a_task_in_the_own_grid_keeps_the_cursor(client, auth, year):
    auth.login("ann")
    first = pull(client)
    task_for(year, "N1", "ann")
    assert pull(client, first["cursor"])["full"] is False


def test_a_supervisor_with_grids_is_not_widened_by_a_task(client, auth, year):
    north_chief = make_user("supervisor", username="northchief", grids=[year["grids"]["N"]])
    make_task(year["campaign"], year["enterprises"]["S1"], [north_chief])
    db.session.commit()
    auth.login("northchief")
    body = pull(client)
    assert {e["code"] for e in body["enterprises"]} == {"N1", "N2"}
    assert [t["enterprise_code"] for t in body["tasks"]] == ["S1"]


# --- cost --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delta", [False, True], ids=["full", "delta"])
def test_statement_count_does_not_grow_with_the_tasks(client, auth, count_statements, year, delta):
    ann = year["users"]["ann"]

    def add_tasks(count: int, start: int) -> None:
        campaign = make_campaign(code=f"2026-ZX-{start:02d}")
        for n in range(count):
            # Half outside ann's grids in a full pull; a delta stays one only while that part does not change.
            outside = n % 2 and not delta
            make_task(campaign, make_enterprise(grid=year["grids"]["S" if outside else "N"]),
                      [ann, year["users"]["cat"]], due_on=date(2026, 1, 1) + timedelta(days=n))
        db.session.commit()

    auth.login("ann")
    add_tasks(3, 10)
    first = pull(client)  # it also reads the checklists, which later pulls find kept (safety.checklists.serialize)
    cursor = first["cursor"] if delta else None
    add_tasks(3, 11)
    with count_statements() as few:
        small = pull(client, cursor)
    cursor = pull(client)["cursor"] if delta else None
    add_tasks(40, 12)
    with count_statements() as many:
        large = pull(client, cursor)
    assert (len(small["tasks"]), len(large["tasks"])) == ((3, 40) if delta else (6, 46))
    assert len(many) == len(few)

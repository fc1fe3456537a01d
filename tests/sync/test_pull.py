"""GET /api/v1/sync/pull: scope, cursors, deltas and removals, and a constant number of queries."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from safety.checklists.models import TemplateItem, TemplateSection, TemplateVersion
from safety.checklists.operations import set_template_active
from safety.common.revisions import touch
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_template, make_user

PULL = "/api/v1/sync/pull"
ENTERPRISE_FIELDS = {"code", "name", "sector", "sector_label", "supervision_class", "grid", "grid_name", "address",
                     "contact_person", "contact_phone", "status", "uscc"}
# What the phone reads of a hazard (the contract's fields first); the major-hazard plan, mode, item and the derived
# flags are the hazard API's (GET /api/v1/hazards/<uuid>).
HAZARD_FIELDS = {"uuid", "enterprise_code", "status", "level", "description", "deadline", "number",
                 "responsible_person", "measures", "found_at", "found_by", "enterprise_name", "escalated",
                 "recurring", "failed_recheck_count", "photos", "last_event"}
TEMPLATE_FIELDS = {"id", "version", "name", "sections"}
ITEM_FIELDS = {"id", "prompt", "guidance", "basis", "kind", "photo_required_on_fail"}


@pytest.fixture
def park(app):
    """Two grids with two enterprises each, plus one enterprise in no grid and a closed one."""
    east, west = make_grid(code="EAST"), make_grid(code="WEST")
    return {
        "east": east, "west": west,
        "e1": make_enterprise(grid=east, code="E1"), "e2": make_enterprise(grid=east, code="E2"),
        "w1": make_enterprise(grid=west, code="W1"), "w2": make_enterprise(grid=west, code="W2"),
        "loose": make_enterprise(grid=None, code="N1"),
        "closed": make_enterprise(grid=east, code="X1", status="closed"),
    }


def pull(client, since=None):
    response = client.get(PULL, query_string={"since": since} if since is not None else None)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def codes(body) -> set[str]:
    return {e["code"] for e in body["enterprises"]}


# --- full snapshots by role ----------------------------------------------------------------

def test_inspector_gets_only_the_enterprises_of_their_grids(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    body = pull(client)
    assert body["full"] is True
    assert codes(body) == {"E1", "E2"}  # not the closed X1, nothing from WEST


def test_inspector_with_two_grids_gets_both(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"], park["west"]])
    auth.login("li")
    assert codes(pull(client)) == {"E1", "E2", "W1", "W2"}


def test_enterprise_account_gets_only_its_enterprise(client, auth, park):
    make_user("enterprise", username="qiye", enterprise=park["w1"])
    auth.login("qiye")
    assert codes(pull(client)) == {"W1"}


def test_supervisor_without_grids_gets_everything_open(client, auth, park):
    make_user("supervisor", username="chen")
    auth.login("chen")
    assert codes(pull(client)) == {"E1", "E2", "W1", "W2", "N1"}


def test_supervisor_with_grids_gets_only_those(client, auth, park):
    make_user("supervisor", username="chen", grids=[park["west"]])
    auth.login("chen")
    assert codes(pull(client)) == {"W1", "W2"}


def test_admin_gets_everything_open(client, auth, park):
    make_user("admin", username="boss")
    auth.login("boss")
    assert codes(pull(client)) == {"E1", "E2", "W1", "W2", "N1"}


def test_enterprise_has_exactly_the_contract_fields(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    enterprise = next(e for e in pull(client)["enterprises"] if e["code"] == "E1")
    assert set(enterprise) == ENTERPRISE_FIELDS
    assert enterprise["grid"] == "EAST" and enterprise["grid_name"] == park["east"].name
    assert enterprise["uscc"] == park["e1"].uscc
    assert enterprise["sector"] == "machinery" and enterprise["sector_label"] == "机械制造"


def test_enterprise_in_no_grid_has_null_grid(client, auth, park):
    make_user("admin", username="boss")
    auth.login("boss")
    loose = next(e for e in pull(client)["enterprises"] if e["code"] == "N1")
    assert loose["grid"] is None


def test_templates_are_the_latest_version_of_active_ones(client, auth, park):
    fire = make_template(name="消防安全检查表", topic="fire", items=2)
    gas = make_template(name="燃气安全检查表", topic="gas")
    set_template_active(gas, False)
    second = make_template(name="用电安全检查表", topic="elec", items=1)
    second.versions.append(TemplateVersion(version=2))
    db.session.flush()
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    templates = {t["id"]: t for t in pull(client)["templates"]}
    assert set(templates) == {fire.id, second.id}
    assert templates[second.id]["version"] == 2
    fire_json = templates[fire.id]
    assert TEMPLATE_FIELDS <= set(fire_json)
    assert set(fire_json["sections"][0]) >= {"title", "items"}
    assert [set(item) >= ITEM_FIELDS for item in fire_json["sections"][0]["items"]] == [True, True]
    assert fire_json["sections"][0]["items"][0]["id"] == "fire-01"


def test_hazards_are_the_unclosed_ones_in_scope_with_contract_fields(client, auth, park):
    found = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    open_one = make_hazard(park["e1"], found_at=found)
    rectified = make_hazard(park["e1"], status="rectified")
    pending = make_hazard(park["e2"], status="pending_verification", level="major")
    make_hazard(park["e1"], status="closed")
    make_hazard(park["w1"])
    make_hazard(park["closed"])
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    hazards = {h["uuid"]: h for h in pull(client)["hazards"]}
    assert set(hazards) == {open_one.uuid, rectified.uuid, pending.uuid}
    one = hazards[open_one.uuid]
    assert set(one) == HAZARD_FIELDS
    assert one["enterprise_code"] == "E1" and one["enterprise_name"] == park["e1"].name
    assert one["deadline"] == open_one.deadline.isoformat()
    assert datetime.fromisoformat(one["found_at"]) == found


def test_enterprise_account_sees_only_hazards_at_its_enterprise(client, auth, park):
    mine = make_hazard(park["w1"])
    make_hazard(park["w2"])
    make_user("enterprise", username="qiye", enterprise=park["w1"])
    auth.login("qiye")
    assert [h["uuid"] for h in pull(client)["hazards"]] == [mine.uuid]


def test_inspections_carry_review_results_of_own_inspections_only(client, auth, park):
    li = make_user("inspector", username="li", grids=[park["east"]])
    other = make_user("inspector", grids=[park["east"]])
    version = make_template().versions[0]
    mine = make_inspection(park["e1"], li, version, review_state="returned", review_comment="照片不清晰")
    make_inspection(park["e1"], other, version)
    auth.login("li")
    assert pull(client)["inspections"] == [{"uuid": mine.uuid, "review_state": "returned",
                                            "review_comment": "照片不清晰"}]


def test_full_snapshot_leaves_out_review_results_older_than_the_window(client, auth, park):
    li = make_user("inspector", username="li", grids=[park["east"]])
    version = make_template().versions[0]
    recent = make_inspection(park["e1"], li, version)
    make_inspection(park["e1"], li, version, received_at=datetime.now(timezone.utc) - timedelta(days=120))
    auth.login("li")
    assert [i["uuid"] for i in pull(client)["inspections"]] == [recent.uuid]


# --- deltas --------------------------------------------------------------------------------

def test_delta_returns_only_what_changed(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    template = make_template()
    hazard = make_hazard(park["e1"])
    make_hazard(park["e2"])
    auth.login("li")
    first = pull(client)
    park["e2"].contact_phone = "13999999999"
    hazard.deadline = hazard.deadline + timedelta(days=3)
    body = pull(client, first["cursor"])
    assert body["full"] is False
    assert [e["code"] for e in body["enterprises"]] == ["E2"]
    assert body["enterprises"][0]["contact_phone"] == "13999999999"
    # e2's open hazard comes along with its changed enterprise; e1's hazard changed itself
    assert {h["enterprise_code"] for h in body["hazards"]} == {"E1", "E2"}
    assert body["templates"] == [] and template.id not in body["removed"]["templates"]
    assert body["removed"] == {"enterprises": [], "templates": [], "hazards": [], "tasks": [], "returned": []}


def test_delta_with_nothing_changed_is_empty_and_keeps_the_cursor(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    make_hazard(park["e1"])
    auth.login("li")
    first = pull(client)
    body = pull(client, first["cursor"])
    assert body["full"] is False and body["cursor"] == first["cursor"]
    assert body["enterprises"] == body["hazards"] == body["templates"] == body["inspections"] == []


def test_new_enterprise_in_grid_arrives_in_the_delta(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    make_enterprise(grid=park["east"], code="E3")
    make_enterprise(grid=park["west"], code="W3")
    assert codes(pull(client, cursor)) == {"E3"}


def test_review_result_arrives_in_the_delta(client, auth, park):
    li = make_user("inspector", username="li", grids=[park["east"]])
    version = make_template().versions[0]
    inspection = make_inspection(park["e1"], li, version)
    make_inspection(park["e2"], li, version)
    auth.login("li")
    cursor = pull(client)["cursor"]
    inspection.review_state = "approved"
    body = pull(client, cursor)
    assert [(i["uuid"], i["review_state"]) for i in body["inspections"]] == [(inspection.uuid, "approved")]


def test_enterprise_moved_out_of_the_grid_is_removed(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    park["e1"].grid = park["west"]
    body = pull(client, cursor)
    assert body["removed"]["enterprises"] == ["E1"]
    assert "E1" not in codes(body)


def test_enterprise_moved_to_no_grid_is_removed(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    park["e1"].grid = None
    assert pull(client, cursor)["removed"]["enterprises"] == ["E1"]


def test_closed_enterprise_is_removed(client, auth, park):
    make_user("admin", username="boss")
    auth.login("boss")
    cursor = pull(client)["cursor"]
    park["w2"].status = "closed"
    body = pull(client, cursor)
    assert body["removed"]["enterprises"] == ["W2"] and body["enterprises"] == []


def test_enterprise_moved_into_the_grid_arrives_with_its_open_hazards(client, auth, park):
    hazard = make_hazard(park["w1"])
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    park["w1"].grid = park["east"]
    body = pull(client, cursor)
    assert codes(body) == {"W1"}
    assert [h["uuid"] for h in body["hazards"]] == [hazard.uuid]


def test_closed_hazard_is_removed(client, auth, park):
    hazard = make_hazard(park["e1"])
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    hazard.status = "closed"
    body = pull(client, cursor)
    assert body["removed"]["hazards"] == [hazard.uuid] and body["hazards"] == []


def test_enterprise_account_is_not_told_about_other_enterprises(client, auth, park):
    make_user("enterprise", username="qiye", enterprise=park["w1"])
    auth.login("qiye")
    cursor = pull(client)["cursor"]
    park["w2"].status = "closed"
    park["e1"].grid = park["west"]
    body = pull(client, cursor)
    assert body["removed"]["enterprises"] == [] and body["enterprises"] == []


def test_edited_template_appears_in_the_delta(client, auth, park):
    template = make_template()
    make_template(name="其他检查表", topic="other")
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    version = template.versions[0]
    item = version.sections[0].items[0]
    item.prompt = "安全出口是否畅通"
    touch(version)
    body = pull(client, cursor)
    assert [t["id"] for t in body["templates"]] == [template.id]
    assert body["templates"][0]["sections"][0]["items"][0]["prompt"] == "安全出口是否畅通"


def test_new_template_version_appears_in_the_delta(client, auth, park):
    template = make_template()
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    version = TemplateVersion(version=2)
    template.versions.append(version)
    section = TemplateSection(position=0, title="第一部分")
    version.sections.append(section)
    section.items.append(TemplateItem(key="fire-01", position=0, prompt="新检查项", version=version))
    body = pull(client, cursor)
    assert [(t["id"], t["version"]) for t in body["templates"]] == [(template.id, 2)]


def test_deactivated_template_is_removed(client, auth, park):
    template = make_template()
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    set_template_active(template, False)
    body = pull(client, cursor)
    assert body["removed"]["templates"] == [template.id] and body["templates"] == []


# --- cursors -------------------------------------------------------------------------------

def test_cursor_from_before_a_scope_change_gives_a_full_snapshot(client, auth, park):
    li = make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    li.grids = [park["east"], park["west"]]
    body = pull(client, cursor)
    assert body["full"] is True
    assert codes(body) == {"E1", "E2", "W1", "W2"}
    assert body["cursor"] != cursor


def test_cursor_from_before_a_role_change_gives_a_full_snapshot(client, auth, park):
    chen = make_user("supervisor", username="chen", grids=[park["east"]])
    auth.login("chen")
    cursor = pull(client)["cursor"]
    chen.role = "admin"
    chen.grids = []
    assert pull(client, cursor)["full"] is True


def test_another_users_cursor_gives_a_full_snapshot(app, client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    make_user("inspector", username="wang", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    other = app.test_client()
    other.post("/api/v1/session", json={"username": "wang", "password": "Test-password-1"})
    assert pull(other, cursor)["full"] is True


@pytest.mark.parametrize("garbage", ["", "nonsense", "v1", "v1.x.abc", "v1.-1.abc", "v2.1.abc", "v1.1.abc.d",
                                     "v1.１２.abc", "v1." + "9" * 400 + ".abc", "../../etc/passwd"])
def test_garbage_cursor_gives_a_full_snapshot(client, auth, park, garbage):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    body = pull(client, garbage)
    assert body["full"] is True and codes(body) == {"E1", "E2"}


def test_cursor_ahead_of_the_server_gives_a_full_snapshot(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    version, revision, fingerprint = pull(client)["cursor"].split(".")
    assert pull(client, f"{version}.{int(revision) + 100}.{fingerprint}")["full"] is True


def test_cursor_is_read_before_the_rows(client, auth, park):
    """A row changed while a delta is served is sent again next time rather than skipped."""
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    first = pull(client)
    park["e1"].name = "改名后的企业"
    second = pull(client, first["cursor"])
    assert codes(second) == {"E1"}
    assert pull(client, second["cursor"])["enterprises"] == []


# --- transport -----------------------------------------------------------------------------

def test_not_signed_in_is_401_json(client):
    response = client.get(PULL)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"


def test_response_is_compact_uncacheable_json(client, auth, park):
    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    response = client.get(PULL)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert set(response.get_json()) >= {"cursor", "full", "enterprises", "templates", "hazards",
                                        "inspections", "tasks", "campaigns", "staff", "removed"}


def _populate(user, count: int) -> None:
    """``count`` enterprises, each in its own grid, with a hazard and an inspection by ``user``."""
    version = make_template(name=f"检查表{count}", topic=f"t{count}").versions[0]
    for _ in range(count):
        enterprise = make_enterprise(grid=make_grid())
        make_hazard(enterprise)
        make_inspection(enterprise, user, version)
    db.session.commit()  # stamped with their revision now, so a count around a pull holds the pull's statements only


@pytest.mark.parametrize("delta", [False, True], ids=["full", "delta"])
def test_statement_count_does_not_grow_with_the_data(client, auth, count_statements, delta):
    boss = make_user("admin", username="boss")
    auth.login("boss")
    _populate(boss, 5)
    cursor = pull(client)["cursor"] if delta else None
    _populate(boss, 5)
    with count_statements() as few:
        small = pull(client, cursor)
    cursor = pull(client)["cursor"] if delta else None
    _populate(boss, 50)
    with count_statements() as many:
        large = pull(client, cursor)
    assert len(large["enterprises"]) == (50 if delta else 60)
    assert len(small["enterprises"]) == (5 if delta else 10)
    assert len(large["hazards"]) > len(small["hazards"]) and len(large["inspections"]) > len(small["inspections"])
    assert len(many) == len(few)


def test_a_renamed_grid_reaches_the_phone_in_the_next_delta(client, auth, park):
    """The phone shows the grid's name on its enterprise cards, so a new name must come down."""
    from safety.users.operations import update_grid

    make_user("inspector", username="li", grids=[park["east"]])
    auth.login("li")
    cursor = pull(client)["cursor"]
    update_grid(park["east"], "东区网格")
    delta = pull(client, cursor)
    assert {(e["code"], e["grid_name"]) for e in delta["enterprises"]} == {("E1", "东区网格"), ("E2", "东区网格")}

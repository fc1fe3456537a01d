"""The campaign API of the contract: create, list, read with figures, add a task."""
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import Campaign, Task, TaskMember
from safety.extensions import db
from tests.api_docs.test_openapi import check
from tests.campaigns.conftest import campaign_body
from tests.factories import make_campaign, make_task


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_supervisor_creates_a_draft_campaign(client, auth, district, spec):
    auth.login("chief")
    body = campaign_body(template_ids=[district["template"].id], enforcement=True)
    response = client.post("/api/v1/campaigns", json=body, headers=auth.headers())
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    check(spec, "/api/v1/campaigns", "post", 201, answer)
    assert answer["code"] == "2026-ZX-03" and answer["status"] == "draft" and answer["kind"] == "campaign"
    assert answer["basis"] == {"number": "区安委办〔2026〕12号", "title": "关于开展危险化学品安全专项整治的通知"}
    assert answer["template_ids"] == [district["template"].id] and answer["enforcement"] is True
    assert answer["tasks"] == 0 and answer["rectification_rate"] is None
    stored = db.session.scalar(select(Campaign))
    assert stored.created_by_id == district["users"]["chief"].id and stored.starts_on == date(2026, 3, 1)


@pytest.mark.parametrize("basis,number,title", [
    ("区安委办〔2026〕12号 关于开展危险化学品安全专项整治的通知", "区安委办〔2026〕12号", "关于开展危险化学品安全专项整治的通知"),
    ("关于开展燃气安全排查的通知", "", "关于开展燃气安全排查的通知"),
    ({"number": "〔2026〕3号", "title": "节前检查"}, "〔2026〕3号", "节前检查"),
    (None, "", ""),
])
def test_the_basis_is_a_string_or_a_number_and_title(client, auth, district, basis, number, title):
    auth.login("chief")
    response = client.post("/api/v1/campaigns", json=campaign_body(basis=basis), headers=auth.headers())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["basis"] == {"number": number, "title": title}


def test_the_code_is_kept_in_upper_case_and_found_in_any_case(client, auth, district):
    auth.login("chief")
    assert client.post("/api/v1/campaigns", json=campaign_body(code="2026-zx-07"),
                       headers=auth.headers()).get_json()["code"] == "2026-ZX-07"
    assert client.get("/api/v1/campaigns/2026-zx-07").status_code == 200


def test_a_grid_supervisor_campaign_is_limited_to_their_grids(client, auth, district):
    auth.login("northchief")
    response = client.post("/api/v1/campaigns", json=campaign_body(), headers=auth.headers())
    assert response.status_code == 201
    assert response.get_json()["scope"]["grids"] == ["N1"]


BAD_CAMPAIGNS = [
    ("period ends before it starts", {"starts_on": "2026-05-01", "ends_on": "2026-04-30"}, 400, "invalid_period",
     "ends_on"),
    ("no code", {"code": ""}, 400, "invalid_code", "code"),
    ("code with spaces", {"code": "2026 ZX 03"}, 400, "invalid_code", "code"),
    ("code too long", {"code": "X" * 33}, 400, "invalid_code", "code"),
    ("unknown kind", {"kind": "crusade"}, 400, "invalid_kind", "kind"),
    ("no name", {"name": " "}, 400, "required", "name"),
    ("bad date", {"starts_on": "2026-02-30"}, 400, "invalid_date", "starts_on"),
    ("unknown sector", {"scope": {"sectors": ["mining"]}}, 400, "unknown_sector", "scope.sectors"),
    ("unknown class", {"scope": {"classes": ["E"]}}, 400, "unknown_class", "scope.classes"),
    ("unknown scope field", {"scope": {"towns": ["x"]}}, 400, "invalid_scope", "scope.towns"),
    ("unknown grid", {"scope": {"grids": ["W9"]}}, 400, "unknown_grid", "scope.grids"),
    ("unknown enterprise", {"scope": {"enterprises": ["E999"]}}, 400, "unknown_enterprise", "scope.enterprises"),
    ("closed enterprise", {"scope": {"enterprises": ["E104"]}}, 400, "enterprise_closed", "scope.enterprises"),
    ("unknown template", {"template_ids": [999]}, 400, "unknown_template", "template_ids"),
    ("template twice", {"template_ids": [1, 1]}, 400, "invalid_template_ids", "template_ids"),
    ("enforcement not a boolean", {"enforcement": "yes"}, 400, "invalid_boolean", "enforcement"),
    ("basis of the wrong shape", {"basis": ["〔2026〕1号"]}, 400, "invalid_basis", "basis"),
]


@pytest.mark.parametrize("name,change,status,code,field", BAD_CAMPAIGNS, ids=[case[0] for case in BAD_CAMPAIGNS])
def test_a_bad_campaign_is_refused_precisely_and_nothing_is_stored(client, auth, district, spec, name, change,
                                                                   status, code, field):
    auth.login("chief")
    response = client.post("/api/v1/campaigns", json=campaign_body(**change), headers=auth.headers())
    assert response.status_code == status
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field) and error["message"]
    check(spec, "/api/v1/campaigns", "post", status, response.get_json())
    assert _count(Campaign) == 0


def test_a_taken_code_is_a_conflict(client, auth, district, campaign):
    auth.login("chief")
    response = client.post("/api/v1/campaigns", json=campaign_body(code="2026-zx-01"), headers=auth.headers())
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "campaign_code_taken"
    assert _count(Campaign) == 1


@pytest.mark.parametrize("scope,code", [({"grids": ["S1"]}, "grid_out_of_scope"),
                                        ({"enterprises": ["E201"]}, "enterprise_out_of_scope")])
def test_a_scope_beyond_the_supervisors_jurisdiction_is_forbidden(client, auth, district, scope, code):
    auth.login("northchief")
    response = client.post("/api/v1/campaigns", json=campaign_body(scope=scope), headers=auth.headers())
    assert response.status_code == 403 and response.get_json()["error"]["code"] == code
    assert _count(Campaign) == 0


def test_the_list_shows_each_campaign_with_its_task_counts(client, auth, district, campaign, spec):
    ann = district["users"]["ann"]
    make_task(campaign, district["enterprises"]["E101"], [ann], due_on=date(2026, 1, 5))
    make_task(campaign, district["enterprises"]["E102"], [ann], due_on=date(2099, 1, 5))
    auth.login("chief")
    response = client.get("/api/v1/campaigns")
    check(spec, "/api/v1/campaigns", "get", 200, response.get_json())
    [listed] = response.get_json()["campaigns"]
    assert (listed["code"], listed["tasks"], listed["overdue"], listed["done"]) == ("2026-ZX-01", 2, 1, 0)


def test_an_inspector_sees_only_the_campaigns_they_have_tasks_in(client, auth, district, campaign):
    other = make_campaign(code="2026-ZX-02")
    make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]])
    make_task(other, district["enterprises"]["E102"], [district["users"]["bob"]])
    auth.login("ann")
    assert [c["code"] for c in client.get("/api/v1/campaigns").get_json()["campaigns"]] == ["2026-ZX-01"]
    assert client.get("/api/v1/campaigns/2026-ZX-01").status_code == 200
    refused = client.get("/api/v1/campaigns/2026-ZX-02")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "campaign_out_of_scope"


def test_a_grid_supervisor_sees_district_campaigns_and_those_of_their_grids(client, auth, district, campaign):
    make_campaign(code="2026-S-01", scope={"sectors": [], "grids": ["S1"], "classes": [], "enterprises": []})
    make_campaign(code="2026-N-01", scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})
    auth.login("northchief")
    codes = {c["code"] for c in client.get("/api/v1/campaigns").get_json()["campaigns"]}
    assert codes == {"2026-ZX-01", "2026-N-01"}
    assert client.get("/api/v1/campaigns/2026-S-01").status_code == 403


def test_an_enterprise_account_reads_no_campaign(client, auth, district, campaign):
    auth.login("contact")
    assert client.get("/api/v1/campaigns").status_code == 403
    assert client.get("/api/v1/campaigns/2026-ZX-01").status_code == 403


def test_an_unknown_campaign_is_404(client, auth, district, spec):
    auth.login("chief")
    response = client.get("/api/v1/campaigns/2026-NONE")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "campaign_not_found"
    check(spec, "/api/v1/campaigns/{campaign_code}", "get", 404, response.get_json())


# ---- tasks by hand ----

def test_a_supervisor_adds_a_task_by_hand(client, auth, district, campaign, spec):
    auth.login("chief")
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "e101", "team": ["bob", "ann"], "due_on": "2026-02-15"})
    assert response.status_code == 201, response.get_json()
    task = response.get_json()
    check(spec, "/api/v1/campaigns/{campaign_code}/tasks", "post", 201, task)
    assert task["campaign"] == {"code": "2026-ZX-01", "name": "消防安全专项整治", "kind": "campaign"}
    assert (task["enterprise_code"], task["due_on"], task["team"]) == ("E101", "2026-02-15", ["bob", "ann"])
    assert task["template_ids"] == [district["template"].id] and task["inspection_kind"] == "campaign"
    assert task["status"] in ("pending", "overdue")
    stored = db.session.scalar(select(Task))
    assert stored.uuid == task["uuid"] and stored.created_by_id == district["users"]["chief"].id


def test_a_task_without_a_date_is_due_on_the_campaigns_last_day(client, auth, district, campaign):
    auth.login("chief")
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E101", "team": ["ann"]})
    assert response.get_json()["due_on"] == "2026-06-30"


BAD_TASKS = [
    ("enforcement with one inspector", {"team": ["ann"]}, True, 400, "enforcement_needs_two", "team"),
    ("no team", {"team": []}, False, 400, "team_required", "team"),
    ("someone twice", {"team": ["ann", "ann"]}, False, 400, "invalid_team", "team"),
    ("unknown user", {"team": ["ann", "zed"]}, False, 400, "unknown_user", "team"),
    ("deactivated user", {"team": ["ann", "gone"]}, False, 400, "user_deactivated", "team"),
    ("an enterprise account on the team", {"team": ["ann", "contact"]}, False, 400, "not_staff", "team"),
    ("due before the period", {"due_on": "2025-12-31"}, False, 400, "due_outside_period", "due_on"),
    ("due after the period", {"due_on": "2026-07-01"}, False, 400, "due_outside_period", "due_on"),
    ("bad date", {"due_on": "31/12/2026"}, False, 400, "invalid_date", "due_on"),
    ("unknown enterprise", {"enterprise_code": "E999"}, False, 400, "unknown_enterprise", "enterprise_code"),
    ("closed enterprise", {"enterprise_code": "E104"}, False, 400, "enterprise_closed", "enterprise_code"),
]


@pytest.mark.parametrize("name,change,enforcement,status,code,field", BAD_TASKS, ids=[case[0] for case in BAD_TASKS])
def test_a_bad_task_is_refused_precisely_and_nothing_is_stored(client, auth, district, campaign, spec, name, change,
                                                               enforcement, status, code, field):
    from tests.factories import make_user
    make_user("inspector", username="gone", grids=[district["grids"]["N1"]], active=False, display_name="离职")
    campaign.enforcement = enforcement
    auth.login("chief")
    body = {"enterprise_code": "E101", "team": ["ann", "bob"], "due_on": "2026-02-15", **change}
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", json=body, headers=auth.headers())
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    check(spec, "/api/v1/campaigns/{campaign_code}/tasks", "post", status, response.get_json())
    assert _count(Task) == 0 and _count(TaskMember) == 0


def test_the_enforcement_refusal_names_the_rule(client, auth, district, campaign):
    campaign.enforcement = True
    auth.login("root")
    client.post("/locale/en", data={"csrf_token": auth.csrf_token, "next": "/"})
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E101", "team": ["ann"]})
    assert "执法人员不少于两人" in response.get_json()["error"]["message"]


def test_the_deactivated_team_member_is_named(client, auth, district, campaign):
    district["users"]["bob"].active = False
    auth.login("chief")
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E101", "team": ["ann", "bob"]})
    assert response.status_code == 400 and "bob" in response.get_json()["error"]["message"]


def test_the_same_enterprise_twice_on_one_day_is_a_conflict(client, auth, district, campaign):
    auth.login("chief")
    body = {"enterprise_code": "E101", "team": ["ann"], "due_on": "2026-02-15"}
    assert client.post("/api/v1/campaigns/2026-ZX-01/tasks", json=body, headers=auth.headers()).status_code == 201
    again = client.post("/api/v1/campaigns/2026-ZX-01/tasks", json=body, headers=auth.headers())
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "task_exists"
    other_day = client.post("/api/v1/campaigns/2026-ZX-01/tasks", json={**body, "due_on": "2026-03-15"},
                            headers=auth.headers())
    assert other_day.status_code == 201 and _count(Task) == 2


def test_a_task_outside_the_supervisors_scope_is_forbidden(client, auth, district):
    make_campaign(code="2026-N-01", scope={"sectors": [], "grids": ["N1"], "classes": [], "enterprises": []})
    auth.login("northchief")
    response = client.post("/api/v1/campaigns/2026-N-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E201", "team": ["cat"]})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "enterprise_out_of_scope"
    assert _count(Task) == 0


def test_a_grid_supervisor_cannot_manage_a_district_campaign(client, auth, district, campaign):
    auth.login("northchief")
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E101", "team": ["ann"]})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "campaign_out_of_scope"


def test_a_closed_campaign_takes_no_task(client, auth, district, campaign):
    campaign.status = "closed"
    auth.login("chief")
    response = client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E101", "team": ["ann"]})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "campaign_closed"
    assert _count(Task) == 0


@pytest.mark.parametrize("role", ["ann", "contact"])
def test_only_the_office_writes(client, auth, district, campaign, role):
    auth.login(role)
    assert client.post("/api/v1/campaigns", json=campaign_body(), headers=auth.headers()).status_code == 403
    assert client.post("/api/v1/campaigns/2026-ZX-01/tasks", headers=auth.headers(),
                       json={"enterprise_code": "E101", "team": ["ann"]}).status_code == 403
    assert client.post("/api/v1/campaigns/2026-ZX-01/draw", headers=auth.headers(),
                       json={"count": 1}).status_code == 403
    assert _count(Task) == 0 and _count(Campaign) == 1


def test_writes_need_the_csrf_header(client, auth, district):
    auth.login("chief")
    response = client.post("/api/v1/campaigns", json=campaign_body())
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf_failed"


def test_a_grid_supervisor_manages_a_list_of_enterprises_of_their_grids(client, auth, district):
    auth.login("northchief")
    body = campaign_body(code="2026-N-02", scope={"enterprises": ["E101", "E102"]})
    created = client.post("/api/v1/campaigns", json=body, headers=auth.headers())
    assert created.status_code == 201 and created.get_json()["scope"]["grids"] == []
    response = client.post("/api/v1/campaigns/2026-N-02/tasks", headers=auth.headers(),
                           json={"enterprise_code": "E102", "team": ["bob"], "due_on": "2026-04-01"})
    assert response.status_code == 201, response.get_json()

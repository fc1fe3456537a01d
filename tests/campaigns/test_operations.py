"""Changing campaigns and tasks by hand, through the domain functions the back office will call."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from safety.campaigns.models import CampaignOutcome, Task
from safety.campaigns.operations import (activate_campaign, cancel_task, close_campaign, reassign_task,
                                         reschedule_task, set_outcome, update_campaign)
from safety.campaigns.queries import list_task_views
from safety.campaigns.validation import parse_campaign
from safety.common.errors import DomainError
from safety.extensions import db
from tests.campaigns.conftest import campaign_body
from tests.factories import make_campaign, make_inspection, make_task, make_template

NOW = datetime(2026, 2, 1, 2, tzinfo=timezone.utc)


@pytest.fixture
def task(district, campaign):
    return make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]], due_on=date(2026, 3, 1))


def _refusal(call) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value


def test_reassign_gives_the_task_a_new_team_in_order(district, task):
    reassign_task(district["users"]["chief"], task.uuid, ["cat", "bob"])
    db.session.commit()
    assert list_task_views([task.id], date(2026, 2, 1))[0].team == ("cat", "bob")


def test_reassign_marks_the_task_changed_for_phones(district, task):
    db.session.commit()
    before = task.sync_rev
    reassign_task(district["users"]["chief"], task.uuid, ["bob"])
    db.session.commit()
    assert task.sync_rev > before


def test_reassign_in_an_enforcement_campaign_needs_two(district, campaign, task):
    campaign.enforcement = True
    refusal = _refusal(lambda: reassign_task(district["users"]["chief"], task.uuid, ["bob"]))
    assert (refusal.status, refusal.code) == (400, "enforcement_needs_two")


def test_reassign_to_a_deactivated_user_names_them(district, task):
    district["users"]["bob"].active = False
    refusal = _refusal(lambda: reassign_task(district["users"]["chief"], task.uuid, ["ann", "bob"]))
    assert refusal.code == "user_deactivated" and "bob" in refusal.message


def test_reschedule_within_the_period(district, task):
    reschedule_task(district["users"]["chief"], task.uuid, date(2026, 4, 2))
    assert task.due_on == date(2026, 4, 2)


def test_reschedule_outside_the_period_is_refused(district, task):
    refusal = _refusal(lambda: reschedule_task(district["users"]["chief"], task.uuid, date(2026, 7, 1)))
    assert (refusal.status, refusal.code, refusal.field) == (400, "due_outside_period", "due_on")
    assert task.due_on == date(2026, 3, 1)


def test_reschedule_onto_another_task_of_the_same_enterprise_is_a_conflict(district, campaign, task):
    make_task(campaign, district["enterprises"]["E101"], [district["users"]["ann"]], due_on=date(2026, 4, 1))
    refusal = _refusal(lambda: reschedule_task(district["users"]["chief"], task.uuid, date(2026, 4, 1)))
    assert (refusal.status, refusal.code) == (409, "task_exists")
    db.session.rollback()


def test_cancel_needs_a_reason(district, task):
    refusal = _refusal(lambda: cancel_task(district["users"]["chief"], task.uuid, "  "))
    assert (refusal.status, refusal.code, refusal.field) == (400, "reason_required", "reason")
    assert task.cancelled_at is None


def test_cancel_records_who_when_and_why(district, task):
    cancel_task(district["users"]["chief"], task.uuid, "企业已停产", now=NOW)
    assert (task.cancelled_at, task.cancel_reason, task.cancelled_by_id) == (NOW, "企业已停产",
                                                                               district["users"]["chief"].id)
    assert list_task_views([task.id], date(2026, 2, 1))[0].status == "cancelled"


@pytest.mark.parametrize("change", [
    lambda user, uuid: cancel_task(user, uuid, "重复"),
    lambda user, uuid: reassign_task(user, uuid, ["bob"]),
    lambda user, uuid: reschedule_task(user, uuid, date(2026, 5, 5)),
])
def test_a_done_task_is_not_changed(district, task, change):
    make_inspection(district["enterprises"]["E101"], district["users"]["ann"], task_id=task.id)
    refusal = _refusal(lambda: change(district["users"]["chief"], task.uuid))
    assert (refusal.status, refusal.code) == (409, "task_done")


def test_a_cancelled_task_is_not_changed_again(district, task):
    cancel_task(district["users"]["chief"], task.uuid, "企业已停产")
    refusal = _refusal(lambda: reassign_task(district["users"]["chief"], task.uuid, ["bob"]))
    assert (refusal.status, refusal.code) == (409, "task_cancelled")


@pytest.mark.parametrize("change", [
    lambda user, uuid: cancel_task(user, uuid, "重复"),
    lambda user, uuid: reassign_task(user, uuid, ["bob"]),
    lambda user, uuid: reschedule_task(user, uuid, date(2026, 5, 5)),
])
def test_the_tasks_of_a_closed_campaign_are_not_changed(district, campaign, task, change):
    close_campaign(campaign, today=date(2026, 7, 1))
    refusal = _refusal(lambda: change(district["users"]["chief"], task.uuid))
    assert (refusal.status, refusal.code) == (409, "campaign_closed")
    assert "2026-ZX-01" in refusal.message


def test_a_grid_supervisor_cannot_change_a_task_of_a_district_campaign(district, task):
    refusal = _refusal(lambda: cancel_task(district["users"]["northchief"], task.uuid, "不需要"))
    assert (refusal.status, refusal.code) == (403, "campaign_out_of_scope")


def test_an_unknown_task_is_404(district):
    refusal = _refusal(lambda: cancel_task(district["users"]["chief"], "not-a-uuid", "x"))
    assert (refusal.status, refusal.code) == (404, "task_not_found")


def test_activate_then_close_freezes_the_figures(district, campaign):
    campaign.status = "draft"
    activate_campaign(campaign, now=NOW)
    assert (campaign.status, campaign.activated_at) == ("active", NOW)
    close_campaign(campaign, now=NOW, today=date(2026, 7, 1))
    assert campaign.status == "closed" and campaign.frozen_figures["as_of"] == "2026-07-01"
    assert _refusal(lambda: activate_campaign(campaign)).code == "campaign_closed"


def test_editing_a_closed_campaign_is_a_conflict(district, campaign):
    close_campaign(campaign, today=date(2026, 7, 1))
    document = parse_campaign(campaign_body(code="2026-ZX-01"))
    refusal = _refusal(lambda: update_campaign(district["users"]["chief"], campaign, document))
    assert (refusal.status, refusal.code) == (409, "campaign_closed")


def test_an_edit_keeps_the_tasks_within_the_period(district, campaign, task):
    document = parse_campaign(campaign_body(code="2026-ZX-01", starts_on="2026-04-01", ends_on="2026-05-31"))
    refusal = _refusal(lambda: update_campaign(district["users"]["chief"], campaign, document))
    assert (refusal.status, refusal.code, refusal.field) == (400, "tasks_outside_period", "ends_on")
    assert campaign.starts_on == date(2026, 1, 1)


def test_an_edit_to_enforcement_needs_two_on_every_task(district, campaign, task):
    document = parse_campaign(campaign_body(code="2026-ZX-01", starts_on="2026-01-01", ends_on="2026-06-30",
                                            enforcement=True))
    refusal = _refusal(lambda: update_campaign(district["users"]["chief"], campaign, document))
    assert (refusal.code, refusal.field) == ("enforcement_needs_two", "enforcement")


def test_an_edit_changes_what_it_may(district, campaign, task):
    document = parse_campaign(campaign_body(code="2026-ZX-01", name="燃气安全专项整治", starts_on="2026-01-01",
                                            ends_on="2026-06-30", basis="〔2026〕15号 关于燃气安全的通知"))
    update_campaign(district["users"]["chief"], campaign, document)
    assert (campaign.name, campaign.basis_number, campaign.scope["sectors"]) == ("燃气安全专项整治", "〔2026〕15号",
                                                                                ["chemicals"])


def test_an_edit_keeps_replaces_and_orders_the_checklists(district, campaign):
    second = make_template(name="燃气安全检查表", topic="gas")
    chief, first = district["users"]["chief"], district["template"]
    update_campaign(chief, campaign, parse_campaign(campaign_body(
        code="2026-ZX-01", starts_on="2026-01-01", ends_on="2026-06-30", template_ids=[second.id, first.id])))
    db.session.commit()
    assert campaign.template_ids == [second.id, first.id]
    update_campaign(chief, campaign, parse_campaign(campaign_body(
        code="2026-ZX-01", starts_on="2026-01-01", ends_on="2026-06-30", template_ids=[first.id])))
    db.session.commit()
    db.session.expire_all()
    assert campaign.template_ids == [first.id]


def test_the_code_never_changes(district, campaign):
    document = parse_campaign(campaign_body(code="2026-ZX-99"))
    assert _refusal(lambda: update_campaign(district["users"]["chief"], campaign, document)).code == "code_fixed"


# ---- outcomes ----

def test_an_outcome_is_recorded_then_changed(district, campaign):
    chief = district["users"]["chief"]
    set_outcome(chief, campaign, "E103", "rectifying", "正在整改", now=NOW)
    set_outcome(chief, campaign, "e103", "closed", "已淘汰关闭")
    outcome = db.session.scalar(select(CampaignOutcome))
    assert (outcome.outcome, outcome.note) == ("closed", "已淘汰关闭")
    assert db.session.scalar(select(func.count()).select_from(CampaignOutcome)) == 1


@pytest.mark.parametrize("code,outcome,expected", [
    ("E103", "vanished", "invalid_outcome"),
    ("E104", "closed", "enterprise_closed"),
    ("E999", "closed", "unknown_enterprise"),
])
def test_a_bad_outcome_is_refused(district, campaign, code, outcome, expected):
    assert _refusal(lambda: set_outcome(district["users"]["chief"], campaign, code, outcome)).code == expected


def test_an_outcome_is_for_a_target_of_the_campaign(district):
    narrow = make_campaign(code="2026-ZX-05", scope={"sectors": ["chemicals"], "grids": [], "classes": [],
                                                    "enterprises": []})
    refusal = _refusal(lambda: set_outcome(district["users"]["chief"], narrow, "E101", "rectified"))
    assert (refusal.code, refusal.field) == ("not_a_target", "enterprise_code")
    make_task(narrow, district["enterprises"]["E101"], [district["users"]["ann"]])
    set_outcome(district["users"]["chief"], narrow, "E101", "rectified")


def test_a_plan_has_no_outcomes(district):
    plan = make_campaign(code="2026-JH-01", kind="plan")
    refusal = _refusal(lambda: set_outcome(district["users"]["chief"], plan, "E101", "rectified"))
    assert (refusal.status, refusal.code) == (409, "outcome_not_for_kind")


def test_nothing_of_a_refused_change_is_left_behind(district, campaign, task):
    """A refusal raises before the flush that would write: the view's rollback leaves the task as it was."""
    db.session.commit()
    _refusal(lambda: reassign_task(district["users"]["chief"], task.uuid, ["ann", "nobody"]))
    db.session.rollback()
    assert list_task_views([task.id], date(2026, 2, 1))[0].team == ("ann",)
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1

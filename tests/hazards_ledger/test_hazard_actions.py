"""The office's actions on the hazard page: each recorded as a hazard event through the life-cycle table."""
import pytest
from sqlalchemy import func, select

from safety.extensions import db
from safety.hazards.forms import ACTION_FORMS
from safety.hazards.lifecycle import apply_event
from safety.hazards.models import HazardEvent
from tests.hazards_ledger.conftest import days, found

ACTION_URL = "/hazards/{uuid}/{action}"


def events_of(hazard) -> list[HazardEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id)
                                   .order_by(HazardEvent.id)))


def act(auth, hazard, action, data=None, **kwargs):
    return auth.post_form(ACTION_URL.format(uuid=hazard.uuid, action=action), data or {}, **kwargs)


def offered(client, hazard) -> set[str]:
    """The actions whose forms the hazard page shows."""
    page = client.get(f"/hazards/{hazard.uuid}").get_data(as_text=True)
    return {action for action in ("verify", "plan", "escalate", "reopen", "comment")
            if f'action="/hazards/{hazard.uuid}/{action}"' in page}


@pytest.fixture
def pending(park):
    """The major hazard, found, rectified and re-checked: it awaits a supervisor's verification."""
    hazard, inspector = park["hazards"]["major"], park["users"]["south"]
    apply_event(hazard, "found", inspector, "inspector", found(5))
    apply_event(hazard, "rectification_reported", inspector, "inspector", found(4))
    apply_event(hazard, "recheck_passed", inspector, "inspector", found(2))
    assert hazard.status == "pending_verification"
    return hazard


def test_supervisor_verifies_a_pending_major_hazard_and_closes_it(client, auth, park, pending):
    auth.login("chief")
    response = act(auth, pending, "verify", {"note": "现场核实，报警器已更换", "signed_by": "王主任"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/hazards/{pending.uuid}")
    db.session.refresh(pending)
    assert pending.status == "closed" and pending.closed_at is not None
    verified = events_of(pending)[-1]
    assert (verified.type, verified.applied, verified.role) == ("verified", True, "supervisor")
    assert verified.actor_id == park["users"]["chief"].id and verified.signed_by == "王主任"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The hazard has been verified and struck off the ledger." in page
    assert "王主任" in page[page.index('class="signature signature-accepted'):]


def test_verify_is_offered_only_while_a_hazard_awaits_verification(client, auth, park, pending):
    auth.login("chief")
    assert offered(client, pending) == {"verify", "escalate", "reopen", "comment"}
    assert offered(client, park["hazards"]["open"]) == {"plan", "escalate", "comment"}
    assert offered(client, park["hazards"]["closed"]) == {"reopen", "comment"}


def test_inspector_and_admin_are_offered_what_the_table_gives_their_role(client, auth, park, pending):
    auth.login("north")
    assert offered(client, park["hazards"]["open"]) == {"plan", "comment"}
    auth.login("south")
    assert offered(client, pending) == {"comment"}
    auth.login("root")
    assert offered(client, pending) == {"comment"}


def test_forged_verify_of_an_open_hazard_records_nothing_and_says_why(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    response = act(auth, hazard, "verify", follow_redirects=True)
    assert response.status_code == 200
    assert "A Verified and closed event does not apply to a hazard that is open." in response.get_data(as_text=True)
    db.session.refresh(hazard)
    assert hazard.status == "open" and events_of(hazard) == []


def test_forged_verify_by_an_inspector_is_refused_and_records_nothing(client, auth, park, pending):
    auth.login("south")
    before = len(events_of(pending))
    response = act(auth, pending, "verify")
    assert response.status_code == 403
    assert ("An account with the role Inspector may not record Verified and closed at all. "
            "The event was refused and nothing was stored.") in response.get_data(as_text=True)
    db.session.refresh(pending)
    assert pending.status == "pending_verification" and len(events_of(pending)) == before


# Whether each staff role may ever take each action, by hand: an action records an event type, and a role that
# may never record that type is refused (403) as on the phones' API, whatever the hazard's state.
MAY_TAKE = {
    # action      inspector supervisor admin
    "verify":   (False,    True,      False),
    "plan":     (True,     True,      False),
    "escalate": (False,    True,      False),
    "reopen":   (False,    True,      False),
    "comment":  (True,     True,      True),
}
STAFF = ("north", "chief", "root")


@pytest.mark.parametrize("username", STAFF)
@pytest.mark.parametrize("action", list(ACTION_FORMS))
def test_every_action_a_role_may_never_take_is_refused_with_403(client, auth, park, action, username):
    hazard = park["hazards"]["open"]
    auth.login(username)
    before = len(events_of(hazard))
    response = act(auth, hazard, action, {"note": "x", "responsible_person": "x"})
    if MAY_TAKE[action][STAFF.index(username)]:
        assert response.status_code in (302, 400)  # recorded, or told why at the form: never a refusal of the role
        return
    assert response.status_code == 403
    role = {"north": "Inspector", "root": "Administrator"}[username]
    event = {"verify": "Verified and closed", "plan": "Rectification plan set", "escalate": "Escalated",
             "reopen": "Reopened"}[action]
    assert f"An account with the role {role} may not record {event} at all." in response.get_data(as_text=True)
    db.session.refresh(hazard)
    assert hazard.status == "open" and len(events_of(hazard)) == before


def test_supervisor_reopens_a_closed_hazard_with_a_note(client, auth, park):
    hazard = park["hazards"]["closed"]
    auth.login("chief")
    response = act(auth, hazard, "reopen", {"note": "群众举报问题依旧"})
    assert response.status_code == 302
    db.session.refresh(hazard)
    assert hazard.status == "open" and hazard.closed_at is None
    event = events_of(hazard)[-1]
    assert (event.type, event.applied, event.note) == ("reopened", True, "群众举报问题依旧")


def test_reopen_without_a_note_shows_the_error_at_the_form_and_records_nothing(client, auth, park):
    hazard = park["hazards"]["closed"]
    auth.login("chief")
    response = act(auth, hazard, "reopen", {"note": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    form = page[page.index('class="action action-reopen"'):]
    form = form[:form.index("</details>")]
    assert form[:form.index(">")].endswith(" open")  # the form with the error is shown unfolded
    assert 'id="reopen-note"' in form and "Say why in a note." in form
    db.session.refresh(hazard)
    assert hazard.status == "closed" and events_of(hazard) == []


def test_supervisor_escalates_with_a_note(client, auth, park):
    hazard = park["hazards"]["overdue"]
    auth.login("chief")
    response = act(auth, hazard, "escalate", {"note": "移送区应急管理局执法大队"})
    assert response.status_code == 302
    db.session.refresh(hazard)
    assert hazard.escalated and hazard.escalated_at is not None and hazard.status == "open"
    event = events_of(hazard)[-1]
    assert (event.type, event.applied, event.note) == ("escalated", True, "移送区应急管理局执法大队")
    ledger = client.get("/hazards/", query_string={"escalated": "1"}).get_data(as_text=True)
    assert hazard.uuid in ledger


def test_escalate_needs_a_note(client, auth, park):
    hazard = park["hazards"]["overdue"]
    auth.login("chief")
    response = act(auth, hazard, "escalate", {"note": ""})
    assert response.status_code == 400 and "Say why in a note." in response.get_data(as_text=True)
    db.session.refresh(hazard)
    assert not hazard.escalated and events_of(hazard) == []


@pytest.mark.parametrize("name", ["open", "closed"])
def test_supervisor_comments_on_open_and_closed_hazards(client, auth, park, name):
    hazard = park["hazards"][name]
    auth.login("chief")
    assert act(auth, hazard, "comment", {"note": "请企业提交整改报告"}).status_code == 302
    event = events_of(hazard)[-1]
    assert (event.type, event.applied, event.note, event.role) == ("comment", True, "请企业提交整改报告", "supervisor")
    db.session.refresh(hazard)
    assert hazard.status == park["hazards"][name].status


def test_empty_comment_is_refused_at_the_form(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    response = act(auth, hazard, "comment", {"note": ""})
    assert response.status_code == 400 and "Write the comment." in response.get_data(as_text=True)
    assert events_of(hazard) == []


def test_supervisor_sets_the_five_fixes_and_listed_supervision_of_a_major_hazard(client, auth, park):
    hazard = park["hazards"]["major"]
    hazard.status = "open"
    auth.login("chief")
    response = act(auth, hazard, "plan", {
        "responsible_person": "周总经理", "measures": "停用储罐，更换报警器", "deadline": days(14).isoformat(),
        "funds": "8万元", "emergency_plan": "储罐区泄漏处置方案", "supervising_unit": "市应急管理局",
        "supervision_deadline": days(30).isoformat(), "note": "挂牌督办"})
    assert response.status_code == 302
    db.session.refresh(hazard)
    assert (hazard.responsible_person, hazard.measures, hazard.deadline) == ("周总经理", "停用储罐，更换报警器", days(14))
    assert (hazard.funds, hazard.emergency_plan) == ("8万元", "储罐区泄漏处置方案")
    assert (hazard.supervising_unit, hazard.supervision_deadline) == ("市应急管理局", days(30))
    event = events_of(hazard)[-1]
    assert (event.type, event.applied, event.note) == ("plan_set", True, "挂牌督办")


def test_plan_form_of_a_general_hazard_offers_only_the_three_fixes(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    page = client.get(f"/hazards/{hazard.uuid}").get_data(as_text=True)
    assert 'id="plan-responsible_person"' in page and 'value="张三"' in page
    assert 'id="plan-funds"' not in page and 'id="plan-supervising_unit"' not in page


def test_plan_with_a_deadline_in_the_past_shows_the_error_at_the_field_and_changes_nothing(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    response = act(auth, hazard, "plan", {"responsible_person": "新责任人", "measures": "x",
                                          "deadline": days(-3).isoformat()})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    deadline_field = page[page.index('id="plan-deadline"'):]
    deadline_field = deadline_field[:deadline_field.index("</div>")]
    assert "is before the day of the event" in deadline_field
    db.session.refresh(hazard)
    assert hazard.responsible_person == "张三" and hazard.deadline == days(7) and events_of(hazard) == []


def test_plan_with_a_malformed_date_is_refused_at_the_form(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    response = act(auth, hazard, "plan", {"responsible_person": "x", "deadline": "next week"})
    assert response.status_code == 400
    assert "Enter the date as YYYY-MM-DD (“next week” is not a date)." in response.get_data(as_text=True)
    assert events_of(hazard) == []


def test_post_without_the_csrf_token_is_refused_and_records_nothing(client, auth, park, pending):
    auth.login("chief")
    response = client.post(ACTION_URL.format(uuid=pending.uuid, action="verify"), data={"note": "x"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    db.session.refresh(pending)
    assert pending.status == "pending_verification" and len(events_of(pending)) == 3


def test_enterprise_account_may_not_act(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("firm")
    assert act(auth, hazard, "comment", {"note": "已整改"}).status_code == 403
    assert events_of(hazard) == []


def test_inspector_of_another_grid_may_not_act(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("south")
    assert act(auth, hazard, "comment", {"note": "x"}).status_code == 403
    assert events_of(hazard) == []


def test_unknown_action_is_404(client, auth, park):
    auth.login("chief")
    assert act(auth, park["hazards"]["open"], "delete").status_code == 404


def test_each_action_is_its_own_event_with_a_new_uuid(client, auth, park):
    hazard = park["hazards"]["open"]
    auth.login("chief")
    act(auth, hazard, "comment", {"note": "一"})
    act(auth, hazard, "comment", {"note": "一"})
    events = events_of(hazard)
    assert len(events) == 2 and events[0].uuid != events[1].uuid
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == 2

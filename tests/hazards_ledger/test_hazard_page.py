"""The hazard page: every field, the photos with their evidence, the timeline and the three signatures."""
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, format_datetime

from safety.extensions import db
from safety.hazards.lifecycle import apply_event
from tests.factories import make_hazard, make_photo, make_user
from tests.hazards_ledger.conftest import NOW, days, found


def medium(moment) -> str:
    """A time as the English page shows it, in the office's time zone."""
    with force_locale("en"):
        return format_datetime(moment, "medium")


@pytest.fixture
def history(park):
    """A major hazard found, rectified by the enterprise, re-checked and awaiting verification, plus a
    re-check from a colleague's phone that arrived after it no longer fitted."""
    users = park["users"]
    colleague = make_user("inspector", username="colleague", grids=[park["grids"]["north"]], display_name="孙同事")
    hazard = make_hazard(park["enterprises"]["steel"], description="液氨储罐压力表失效", level="major",
                         item_key="chemicals-09", found_at=found(9), found_by_id=users["north"].id,
                         responsible_person="钱厂长", measures="更换压力表并校验", deadline=days(6),
                         funds="3万元", emergency_plan="液氨泄漏专项应急预案", supervising_unit="区应急管理局",
                         supervision_deadline=days(20))
    times = {
        "found": found(9),
        "reported": NOW - timedelta(days=4, hours=3),
        "passed": NOW - timedelta(days=2, hours=5),
        "stale": NOW - timedelta(days=3, hours=1),  # done offline before the pass, arrived after it
    }
    events = {
        "found": apply_event(hazard, "found", users["north"], "inspector", times["found"]),
        "reported": apply_event(hazard, "rectification_reported", users["firm"], "enterprise", times["reported"],
                                note="已更换压力表", signed_by="钱师傅"),
        "passed": apply_event(hazard, "recheck_passed", users["north"], "inspector", times["passed"],
                              note="复查合格", signed_by="李北"),
        "stale": apply_event(hazard, "recheck_failed", colleague, "inspector", times["stale"], note="仍未更换",
                             new_deadline=days(10)),
    }
    db.session.flush()
    for offset, event in enumerate(events.values()):
        event.received_at = event.at + timedelta(hours=2, minutes=offset)  # the server heard of it later
    photos = {
        "found": make_photo(users["north"], hazard_id=hazard.id, hazard_event_id=events["found"].id, purpose="hazard",
                            taken_at=times["found"] - timedelta(minutes=5)),
        "reported": make_photo(users["firm"], hazard_id=hazard.id, hazard_event_id=events["reported"].id,
                               purpose="rectification", taken_at=times["reported"] - timedelta(minutes=7)),
        "signature": make_photo(users["firm"], hazard_id=hazard.id, hazard_event_id=events["reported"].id,
                                purpose="signature", taken_at=times["reported"]),
        "passed": make_photo(users["north"], hazard_id=hazard.id, hazard_event_id=events["passed"].id,
                             purpose="recheck", taken_at=times["passed"] - timedelta(minutes=2)),
    }
    return {"hazard": hazard, "events": events, "photos": photos, "times": times}


def page_of(client, auth, hazard, username="chief") -> str:
    auth.login(username)
    response = client.get(f"/hazards/{hazard.uuid}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def timeline_item(page: str, event) -> str:
    """The timeline entry of ``event``, its opening tag included."""
    return re.search(r'<li class="[^"]*" data-event="%s">.*?</li>' % event.uuid, page, re.DOTALL).group(0)


def section(page: str, css_class: str) -> str:
    start = page.index(f'class="{css_class}')
    return page[start:page.index("</section>", start)]


def test_page_shows_the_three_fixes_five_fixes_and_listed_supervision(client, auth, park, history):
    page = page_of(client, auth, history["hazard"])
    for text in ("液氨储罐压力表失效", "华东钢铁有限公司", "E10001", "Major hazard", "Awaiting verification",
                 "钱厂长", "更换压力表并校验", "Rectification by deadline", "Five fixes", "3万元", "液氨泄漏专项应急预案",
                 "Listed supervision", "区应急管理局", "Metallurgy", "北区", history["hazard"].uuid):
        assert text in page, text


def test_general_hazard_page_has_no_five_fixes(client, auth, park):
    page = page_of(client, auth, park["hazards"]["overdue"])
    assert "配电箱门未关闭" in page and "Five fixes" not in page and "Listed supervision" not in page
    assert "10 days overdue" in page


def test_photos_link_to_display_size_with_hash_phone_time_and_server_time(client, auth, park, history):
    page = page_of(client, auth, history["hazard"])
    evidence = section(page, "card evidence")
    for name in ("found", "reported", "passed"):
        photo = history["photos"][name]
        assert (f'href="/photos/{photo.uuid}/display.jpg"' in evidence
                and f'src="/photos/{photo.uuid}/thumb.jpg"' in evidence), name
        assert photo.sha256 in evidence
        assert medium(photo.taken_at) in evidence and medium(photo.received_at) in evidence
    # The drawn signature is not evidence of the hazard: it is shown with its signature.
    assert history["photos"]["signature"].uuid not in evidence


def test_timeline_lists_every_event_oldest_first_with_the_unapplied_one_marked(client, auth, park, history):
    page = page_of(client, auth, history["hazard"])
    events = history["events"]
    listed = re.findall(r'data-event="([0-9a-f-]{36})"', page)
    assert listed == [events[name].uuid for name in ("found", "reported", "passed", "stale")]
    stale = timeline_item(page, events["stale"])
    assert 'class="event event-recheck_failed not-applied"' in stale and "Not applied" in stale
    assert "A Re-check failed event does not apply to a hazard that is awaiting verification." in stale
    assert "孙同事" in stale and "仍未更换" in stale
    assert medium(events["stale"].at) in stale and medium(events["stale"].received_at) in stale
    passed = timeline_item(page, events["passed"])
    assert "Not applied" not in passed and "Rectified, awaiting re-check → Awaiting verification" in passed


def test_signatures_name_who_found_rectified_and_accepted_with_both_times(client, auth, park, history):
    page = page_of(client, auth, history["hazard"])
    events = history["events"]
    found_by = section(page, "signature signature-found")
    assert "李北" in found_by and "Inspector" in found_by
    assert medium(events["found"].at) in found_by and medium(events["found"].received_at) in found_by
    rectified = section(page, "signature signature-rectified")
    assert "钱师傅" in rectified and "钢厂安全员" in rectified and "Enterprise" in rectified
    assert f'src="/photos/{history["photos"]["signature"].uuid}/display.jpg"' in rectified
    assert medium(events["reported"].at) in rectified and medium(events["reported"].received_at) in rectified
    accepted = section(page, "signature signature-accepted")
    assert "Re-check passed" in accepted and "李北" in accepted
    assert medium(events["passed"].at) in accepted and medium(events["passed"].received_at) in accepted


def test_signature_not_given_yet_says_so(client, auth, park):
    hazard = park["hazards"]["open"]
    apply_event(hazard, "found", park["users"]["north"], "inspector", found(3))
    page = page_of(client, auth, hazard)
    assert "Not yet" in section(page, "signature signature-rectified")
    assert "Not yet" in section(page, "signature signature-accepted")
    assert "李北" in section(page, "signature signature-found")


def test_inspector_of_the_grid_opens_the_page(client, auth, park, history):
    assert "液氨储罐压力表失效" in page_of(client, auth, history["hazard"], "north")


def test_inspector_of_another_grid_is_refused(client, auth, park, history):
    auth.login("south")
    response = client.get(f"/hazards/{history['hazard'].uuid}")
    assert response.status_code == 403
    assert "液氨储罐压力表失效" not in response.get_data(as_text=True)


def test_enterprise_account_is_refused(client, auth, park, history):
    auth.login("firm")
    assert client.get(f"/hazards/{history['hazard'].uuid}").status_code == 403


@pytest.mark.parametrize("value", ["7d1c4f5e-0000-4000-8000-000000000000", "not-a-uuid"])
def test_unknown_or_malformed_hazard_is_404(client, auth, park, value):
    auth.login("chief")
    assert client.get(f"/hazards/{value}").status_code == 404

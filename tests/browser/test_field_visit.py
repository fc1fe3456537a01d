"""Several checklists in one visit on the phone: chosen together when starting, filled in one after the
other, sent as one inspection per checklist sharing the visit's UUID. Phone-sized Chromium."""
from playwright.sync_api import expect
from sqlalchemy import select

from safety.checklists.models import ChecklistTemplate, TemplateVersion
from safety.extensions import db
from safety.inspections.models import Inspection
from tests.browser.field_helpers import (TIMEOUT_MS, answer_current, field_world, finish_and_submit,
                                         open_enterprise_by_search, sign_in, tr, wait_for_sync)
from tests.factories import make_template


def test_two_checklists_in_one_visit_are_filled_one_after_the_other(live_server, page):
    field_world(items=1)
    make_template(name="危险化学品安全检查表", topic="hazardous_chemicals", items=1)
    db.session.commit()
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    form = page.locator(".start-inspection")
    form.get_by_text("消防安全检查表").click()
    form.get_by_text("危险化学品安全检查表").click()
    expect(form.locator('input[name="template"]:checked')).to_have_count(2)
    page.get_by_role("button", name=tr("Start inspection")).click()

    # The first checklist names the other one of the visit.
    head = page.locator(".checklist-head")
    expect(head.locator(".visit-link")).to_have_count(1, timeout=TIMEOUT_MS)
    first = head.locator("p.muted").first.inner_text()
    second = head.locator(".visit-link").inner_text()
    assert {first, second} == {"消防安全检查表", "危险化学品安全检查表"}
    answer_current(page, "Pass")
    finish_and_submit(page, queued=None)

    # Submitting the first opens the second, which has no other checklist left to name.
    expect(page.locator(".checklist-head p.muted").first).to_have_text(second, timeout=TIMEOUT_MS)
    expect(page.locator(".visit-link")).to_have_count(0)
    answer_current(page, "Pass")
    finish_and_submit(page, queued=None)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)

    db.session.expire_all()
    rows = db.session.execute(select(Inspection.visit_uuid, ChecklistTemplate.name)
                              .join(TemplateVersion, TemplateVersion.id == Inspection.template_version_id)
                              .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)).all()
    assert sorted(name for _visit, name in rows) == ["危险化学品安全检查表", "消防安全检查表"]
    assert len({visit for visit, _name in rows}) == 1 and rows[0][0] is not None

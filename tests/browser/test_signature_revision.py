"""A signature belongs to what was signed, in the browser: an inspection signed by the enterprise is returned, the
inspector amends a hazard's deadline at the office, the phone drops the representative's signature and asks for a
new one or the reason, and the review page says which revision each signature belongs to."""
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from tests.browser.field_helpers import (TIMEOUT_MS, answer_current, field_world, fill_hazard, finish_and_submit,
                                         open_enterprise_by_search, sign_in, start_inspection, sync_now, tr,
                                         wait_for_sync)
from tests.factories import DEFAULT_PASSWORD, make_user

REASON = "企业负责人外出，整改期限已电话告知"
SENT = "Nothing waits: everything has been sent."


def _inspections() -> list[Inspection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Inspection).order_by(Inspection.id)))


def _sync(phone, base_url: str) -> None:
    phone.goto(base_url + "/app/outbox")
    sync_now(phone)


def _return_from_the_office(browser, base_url: str, inspection: Inspection):
    office = browser.new_context(locale="zh-CN").new_page()
    office.goto(base_url + "/login")
    office.get_by_label("用户名").fill("chief")
    office.get_by_label("密码").fill(DEFAULT_PASSWORD)
    office.get_by_role("button", name="登录").click()  # then the page speaks the supervisor's English
    office.goto(f"{base_url}/review/{inspection.uuid}")
    expect(office.locator('.signature-figure[data-purpose="representative_signature"] figcaption')).to_have_text(
        "Representative signature (signed revision 1)")
    office.get_by_label("What should be amended").fill("整改期限过短，请延长三天")
    office.get_by_role("button", name="Return to the inspector").click()
    expect(office.locator(".flash-info")).to_have_text("No inspection awaits review any more.")
    return office


def test_an_amended_deadline_asks_for_a_new_signature_or_the_reason(live_server, page, browser, tmp_path):
    field_world(items=1)
    make_user("supervisor", username="chief", locale="en", display_name="王主任")
    db.session.commit()

    # On site: a failed item, its hazard with a deadline, both signatures.
    phone = page
    sign_in(phone, live_server.url, "li.inspector")
    wait_for_sync(phone)
    open_enterprise_by_search(phone, "宏达机械有限公司")
    start_inspection(phone)
    answer_current(phone, "Fail")
    fill_hazard(phone, tmp_path, "General hazard")
    finish_and_submit(phone)
    expect(phone.get_by_text(tr(SENT))).to_be_visible(timeout=TIMEOUT_MS)
    [first] = _inspections()
    # The phone's fingerprint is the server's: the server refuses a signature declared for other content.
    assert first.representative_signed_revision == 1
    assert first.representative_signed_sha256 == first.signed_content_sha256 is not None

    office = _return_from_the_office(browser, live_server.url, first)

    # At the office: amend and move the deadline three days later.
    _sync(phone, live_server.url)
    phone.goto(live_server.url + "/app/")
    phone.locator(".returned-card").get_by_role("button", name=tr("Amend and resubmit")).click()
    expect(phone.locator(".item-card")).to_have_attribute("data-state", "fail", timeout=TIMEOUT_MS)
    phone.get_by_role("button", name=tr("Edit hazard")).click()
    sheet = phone.locator("dialog[open]")
    deadline = sheet.get_by_label(tr("Deadline"))
    later = (date.fromisoformat(deadline.input_value()) + timedelta(days=3)).isoformat()
    deadline.fill(later)
    sheet.get_by_role("button", name=tr("Done")).click()
    expect(sheet).to_be_hidden()
    phone.get_by_role("link", name=tr("Finish inspection")).click()

    # The representative signed revision 1, not this: the phone drops that signature and says why.
    expect(phone.locator("#signature-inspector")).to_have_attribute("data-signed", "true")
    expect(phone.locator("#signature-representative")).to_have_attribute("data-signed", "false")
    expect(phone.locator(".signature-outdated")).to_have_text(tr(
        "The enterprise representative signed revision %(revision)s, and what they signed has changed: ask them to "
        "sign again, or give the reason it is amended without the enterprise.", revision=1))
    phone.get_by_role("button", name=tr("Submit")).click()
    expect(phone.locator(".finish-problems")).to_contain_text(tr("The enterprise representative has not signed."))
    # A reload does not bring the old signature back.
    phone.reload()
    expect(phone.locator("#signature-representative")).to_have_attribute("data-signed", "false", timeout=TIMEOUT_MS)
    phone.get_by_label(tr("If the representative cannot sign again: why it is amended without the enterprise")).fill(
        REASON)
    phone.get_by_role("button", name=tr("Submit")).click()
    expect(phone.get_by_text(tr(SENT))).to_be_visible(timeout=TIMEOUT_MS)

    earlier, revision = _inspections()
    assert (revision.revision, revision.representative_absent_reason) == (2, REASON)
    assert (revision.inspector_signed_revision, revision.representative_signed_revision) == (1, None)
    assert db.session.scalar(select(Hazard.deadline)).isoformat() == later  # the ledger follows the amendment
    signature = db.session.scalar(select(Photo).where(Photo.purpose == "representative_signature"))
    assert signature.inspection_id == earlier.id  # it stays with what was signed

    # The review page of the revision: the inspector's signature from revision 1, the amendment without the
    # enterprise; revision 1 keeps its representative's signature.
    office.goto(f"{live_server.url}/review/{revision.uuid}")
    expect(office.locator(".signature-figure figcaption")).to_have_text(["Inspector signature (signed revision 1)"])
    expect(office.locator(".representative-absent")).to_have_text(f"Amended without the enterprise: {REASON}")
    office.goto(f"{live_server.url}/review/{earlier.uuid}")
    expect(office.locator('.signature-figure[data-purpose="representative_signature"] figcaption')).to_have_text(
        "Representative signature (signed revision 1)")
    office.context.close()

"""A restart inspection (复产验收) from the phone, offline: offered (and chosen) only at a suspended enterprise,
sent like any inspection, and lifting the shutdown order once the office approves it."""
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.inspections.models import Inspection
from safety.measures.operations import record_measure
from safety.measures.validation import parse_measure
from safety.review.operations import approve_inspection
from tests.browser.field_helpers import (TIMEOUT_MS, answer_current, field_world, finish_and_submit,
                                         open_enterprise_by_search, start_inspection, synced_then_offline, tr)
from tests.factories import make_enterprise, make_user


def test_a_restart_inspection_offline_lifts_the_shutdown_once_approved(live_server, page):
    world = field_world(items=1)
    make_enterprise(grid=world["grid"], code="E10002", name="宏远铸造有限公司", status="active")
    chief = make_user("supervisor", username="chief")
    foundry = db.session.scalar(select(Enterprise).where(Enterprise.code == "E10002"))
    shutdown = record_measure(chief, foundry, parse_measure({
        "kind": "shutdown", "decision_number": "园应急停〔2026〕1号", "legal_basis": "《安全生产法》第一百一十三条",
        "decided_on": "2026-11-23", "served_on": "2026-11-24"}, date(2026, 12, 4)))
    db.session.commit()
    assert foundry.status == "suspended"

    synced_then_offline(page, live_server.url)

    # An operating enterprise is not offered a restart inspection.
    open_enterprise_by_search(page, "宏达机械有限公司")
    kinds = page.locator('.start-inspection input[name="kind"]')
    expect(kinds).to_have_count(4, timeout=TIMEOUT_MS)
    page.goto(live_server.url + "/app/enterprise/E10002")
    expect(kinds).to_have_count(5, timeout=TIMEOUT_MS)
    expect(page.locator('.start-inspection input[name="kind"]:checked + span')).to_have_text(
        tr("Restart inspection"))
    start_inspection(page)
    answer_current(page, "Pass")
    finish_and_submit(page)

    page.context.set_offline(False)  # the `online` event starts the sync
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    db.session.expire_all()
    inspection = db.session.scalar(select(Inspection).where(Inspection.enterprise_id == foundry.id))
    assert inspection.kind == "restart"
    approve_inspection(chief, inspection)
    db.session.commit()
    assert (shutdown.status, foundry.status) == ("lifted", "active")

"""Number items with limits on the phone: a reading outside them fails by itself and opens the hazard
sheet; a reading within them can still be failed by eye. Phone-sized Chromium."""
from playwright.sync_api import expect
from sqlalchemy import select

from safety.checklists.models import TemplateItem
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Answer
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, field_world, finish_and_submit, inspect_in_list_view,
                                         jpeg_file, tr)


def limited_world(items: int = 3) -> dict:
    """The field world with fire-02 an oxygen reading (passes at 19.5–23.5 %VOL, a finding) and fire-03 a
    gas reading (≤ 25 %LEL)."""
    world = field_world(items=items)
    items = world["template"].versions[0].sections[0].items
    items[1].kind, items[1].min_value, items[1].max_value, items[1].unit = "number", 19.5, 23.5, "%VOL"
    items[1].prompt, items[1].finding = "作业前氧含量检测值", "有限空间氧含量不合格仍作业"
    if len(items) > 2:
        items[2].kind, items[2].max_value, items[2].unit = "number", 25, "%LEL"
    db.session.commit()
    return world


def fill_plan(sheet) -> None:
    sheet.get_by_label(tr("Responsible person")).fill("王厂长")
    sheet.get_by_label(tr("Rectification measures")).fill("通风置换后重新检测")


def test_a_reading_outside_the_limits_fails_and_a_reading_within_can_fail_by_eye(live_server, page, tmp_path):
    limited_world()
    cards = inspect_in_list_view(page, live_server.url, 3)
    cards.nth(0).get_by_role("button", name=tr("Pass"), exact=True).click()

    oxygen = cards.nth(1)
    expect(oxygen.locator(".unit")).to_have_text("%VOL")
    expect(oxygen.locator(".limits")).to_have_text(tr("Passes at %(limits)s", limits="19.5–23.5 %VOL"))
    oxygen.get_by_label(tr("Value")).fill("17.2")
    oxygen.get_by_label(tr("Value")).press("Tab")
    sheet = page.locator("dialog[open]")
    expect(sheet).to_be_visible(timeout=TIMEOUT_MS)
    expect(sheet.locator(".reading-outside")).to_have_text(
        tr("Reading %(value)s is outside the limits (%(limits)s).", value="17.2 %VOL", limits="19.5–23.5 %VOL"))
    # The finding, not the question, and the inspector may change it.
    description = sheet.get_by_label(tr("Description of the hazard"))
    expect(description).to_have_value("有限空间氧含量不合格仍作业")
    description.fill("有限空间氧含量17.2%，低于19.5%，仍在作业")
    fill_plan(sheet)
    add_photo(page, sheet.locator('.photo-strip[data-purpose="answer"]'), jpeg_file(tmp_path, "o2.jpg"), 1)
    sheet.get_by_role("button", name=tr("Done")).click()
    expect(sheet).to_be_hidden()
    fail = oxygen.get_by_role("button", name=tr("Fail"), exact=True)
    expect(fail).to_have_attribute("aria-pressed", "true")
    expect(fail).to_be_disabled()  # the reading fails it; only a reading within the limits can undo that
    expect(oxygen.locator(".hazard-summary")).to_be_visible()

    gas = cards.nth(2)
    gas.get_by_label(tr("Value")).fill("3")
    gas.get_by_label(tr("Value")).press("Tab")
    expect(page.locator("dialog[open]")).to_have_count(0)
    gas.get_by_role("button", name=tr("Fail"), exact=True).click()  # the detector's calibration is out of date
    expect(sheet).to_be_visible()
    fill_plan(sheet)
    add_photo(page, sheet.locator('.photo-strip[data-purpose="answer"]'), jpeg_file(tmp_path, "gas.jpg"), 1)
    sheet.get_by_role("button", name=tr("Done")).click()

    finish_and_submit(page)
    expect(page.get_by_text(tr("Nothing waits: everything has been sent."))).to_be_visible(timeout=TIMEOUT_MS)
    db.session.expire_all()
    answers = {key: (result, value) for key, result, value in db.session.execute(
        select(TemplateItem.key, Answer.result, Answer.value).join(TemplateItem, TemplateItem.id == Answer.item_id))}
    assert answers == {"fire-01": ("pass", None), "fire-02": ("fail", "17.2"), "fire-03": ("fail", "3")}
    # fire-03 has no finding: its hazard starts from the question, as before findings existed.
    assert sorted(db.session.scalars(select(Hazard.description))) == ["有限空间氧含量17.2%，低于19.5%，仍在作业", "检查项3"]

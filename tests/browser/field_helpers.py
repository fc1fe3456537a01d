"""Helpers for the field app's browser tests: data, sign-in, the service worker, IndexedDB, photos.

The app shows the server's catalogue (``/app/i18n/zh_CN.json``), so tests find elements by the
Chinese text the inspector sees: ``tr("English msgid")`` looks the translation up in that same catalogue.
"""
import io
import re

from PIL import Image
from playwright.sync_api import expect

from sqlalchemy import select

from safety.extensions import db
from safety.field.catalogue import field_messages
from safety.inspections.models import Inspection
from tests.factories import (DEFAULT_PASSWORD, inspection_document, make_enterprise, make_grid, make_photo,
                             make_template, make_user)

TIMEOUT_MS = 30_000


def tr(msgid: str, **params) -> str:
    """What the app shows for ``msgid`` in Chinese (the msgid itself while it has no translation)."""
    text = field_messages("zh_CN").get(msgid, msgid)
    return re.sub(r"%\((\w+)\)s", lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def field_world(items: int = 3, username: str = "li.inspector") -> dict:
    """A grid with one enterprise, a checklist and an inspector of that grid, committed for the browser."""
    grid = make_grid(code="G01", name="第一网格")
    enterprise = make_enterprise(grid=grid, code="E10001", name="宏达机械有限公司")
    other = make_enterprise(grid=make_grid(code="G02"), code="E20002", name="别的网格企业")
    template = make_template(name="消防安全检查表", items=items)
    inspector = make_user("inspector", username=username, grids=[grid], display_name="李检查")
    db.session.commit()
    return {"grid": grid, "enterprise": enterprise, "other_enterprise": other, "template": template,
            "inspector": inspector}


def sign_in(page, base_url: str, username: str, path: str = "/app/") -> None:
    """Open the field app and sign in through its form."""
    page.goto(base_url + path)
    page.get_by_label(tr("Username")).fill(username)
    page.get_by_label(tr("Password")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=tr("Sign in")).click()


def wait_for_sync(page) -> None:
    """Until the last sync completed (the top bar shows 'synced')."""
    expect(page.locator(".topbar-sync.sync-idle")).to_be_visible(timeout=TIMEOUT_MS)


def sync_now(page) -> None:
    """Tap the outbox's "Sync now" and wait until that sync completed: its pull answered, then the top bar says
    synced (right after the tap it may still say so of the sync before)."""
    with page.expect_response(lambda response: "/api/v1/sync/pull" in response.url, timeout=TIMEOUT_MS):
        page.get_by_role("button", name=tr("Sync now")).click()
    wait_for_sync(page)


def wait_for_worker(page) -> None:
    """Until the service worker controls the page (its install precached the whole shell)."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                           timeout=TIMEOUT_MS)


def go_offline_and_reload(page) -> None:
    page.context.set_offline(True)
    page.reload()


def synced_then_offline(page, base_url: str, username: str = "li.inspector") -> None:
    """``username`` signed in and synced, the service worker in control, then the network off and the app reloaded."""
    sign_in(page, base_url, username)
    wait_for_sync(page)
    wait_for_worker(page)
    go_offline_and_reload(page)


def signed_in_offline(page, base_url: str, items: int = 1) -> dict:
    """A world of ``items`` checklist items; the inspector signed in, synced, the worker in control, then offline."""
    world = field_world(items=items)
    synced_then_offline(page, base_url)
    return world


def idb_all(page, store: str) -> list:
    """Every record of an IndexedDB store of the app (Blobs come back as {size, type})."""
    return page.evaluate("""async (store) => {
        const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open('safety-field');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        const rows = await new Promise((resolve, reject) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        db.close();
        return rows.map((row) => JSON.parse(JSON.stringify(row, (key, value) =>
            value instanceof Blob ? {size: value.size, type: value.type} : value)));
    }""", store)


def jpeg_file(tmp_path, name: str, colour=(200, 60, 40), size=(2400, 1800)) -> str:
    """A real JPEG on disk (bigger than the app's 1600 px, so it gets downscaled), for set_input_files."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 200):  # some structure, so the JPEG is not trivially small
        image.paste((255 - colour[0], colour[1], 255 - colour[2]), (x, 0, x + 60, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def qr_video(tmp_path, text: str, name: str = "qr") -> str:
    """A .y4m video showing the QR code of ``text``, for Chromium's fake camera (TESTING.md)."""
    import subprocess

    import qrcode

    png = tmp_path / f"{name}.png"
    qrcode.make(text, border=4).save(png)
    video = tmp_path / f"{name}.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(png), "-t", "3", "-r", "15",
                    "-vf", "scale=480:480:flags=neighbor,pad=640:480:80:0:white,format=yuv420p",
                    "-f", "yuv4mpegpipe", str(video)], check=True)
    return str(video)


def camera_page(browser_type, video: str):
    """A phone-sized page in a Chromium whose camera shows ``video``; close its browser afterwards."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

    browser = browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    context = browser.new_context(viewport=PHONE, locale="zh-CN", permissions=["camera"], service_workers="allow")
    return browser, context.new_page()


def sign_pad(page, pad_id: str) -> None:
    """Draw a signature on a signature pad with the mouse and confirm it."""
    canvas = page.locator(f"#{pad_id} canvas")
    # Centre it: at the screen's bottom edge the sticky action bar would take the strokes.
    canvas.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 20, box["y"] + 100 - (step % 3) * 25)
    page.mouse.up()
    page.locator(f"#{pad_id}").get_by_role("button", name=tr("Confirm signature")).click()
    expect(page.locator(f"#{pad_id}")).to_have_attribute("data-signed", "true")


def open_enterprise_by_search(page, name: str) -> None:
    page.get_by_label(tr("Find an enterprise by code or name")).fill(name[:2])
    page.locator(".results").get_by_role("link", name=name).click()


def start_inspection(page) -> None:
    page.get_by_role("button", name=tr("Start inspection")).click()
    expect(page.locator(".item-card")).to_be_visible()


def inspect_in_list_view(page, base_url: str, items: int):
    """Signed in as the field world's inspector and synced: the enterprise's inspection started and shown
    as a list; answers its ``items`` item cards."""
    sign_in(page, base_url, "li.inspector")
    wait_for_sync(page)
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    page.get_by_role("button", name=tr("List view")).click()
    cards = page.locator(".item-card")
    expect(cards).to_have_count(items)
    return cards


def add_photo(page, scope, path: str, expected: int) -> None:
    """Take a photo through a photo strip's file input and wait until it is stored and shown (``expected``: the
    strip's own photos; the originals a re-check strip offers to match, once their thumbnails are on the phone,
    are not among them)."""
    scope.locator("input[type=file]").set_input_files(path)
    expect(scope.locator(".thumb:not(.original)")).to_have_count(expected, timeout=TIMEOUT_MS)


def fill_hazard(page, tmp_path, level_msgid: str = "Major hazard") -> None:
    """In the open hazard sheet: level, the three fixes (三定) and a photo, then Done."""
    sheet = page.locator("dialog[open]")
    expect(sheet).to_be_visible()
    sheet.get_by_label(tr(level_msgid)).check()
    sheet.get_by_label(tr("Responsible person")).fill("王厂长")
    sheet.get_by_label(tr("Rectification measures")).fill("清理通道杂物，设置禁止堆放标识")
    photo = jpeg_file(tmp_path, "hazard.jpg", (40, 90, 200))
    add_photo(page, sheet.locator('.photo-strip[data-purpose="answer"]'), photo, 1)
    sheet.get_by_role("button", name=tr("Done")).click()
    expect(sheet).to_be_hidden()


def answer_current(page, msgid: str) -> None:
    """Answer the item on screen (one-at-a-time layout) with Pass, Fail or Not applicable."""
    page.locator(".item-card").get_by_role("button", name=tr(msgid), exact=True).click()


def finish_and_submit(page, representative: str = "王厂长", queued: int | None = 1) -> None:
    """From the checklist: the finish page, the representative's name, both signatures, submit;
    ``queued`` records then wait in the outbox (None: the app goes on elsewhere, as to a visit's next checklist)."""
    page.get_by_role("link", name=tr("Finish inspection")).click()
    sign_for_both(page, representative)
    page.get_by_role("button", name=tr("Submit"), exact=True).click()
    if queued is not None:
        expect(page.locator(".record")).to_have_count(queued, timeout=TIMEOUT_MS)


def sign_for_both(page, representative: str = "王厂长") -> None:
    """On the finish page: the representative's name and both signatures."""
    page.get_by_label(tr("Name of the enterprise representative")).fill(representative)
    sign_pad(page, "signature-inspector")
    sign_pad(page, "signature-representative")


def one_item_inspection(page, tmp_path, photos: int = 0, name: str = "photo", queued: int = 1) -> None:
    """Open the enterprise, pass its single item with ``photos`` photos, sign and queue it;
    ``queued`` records then wait in the outbox (``name`` prefixes the photo files)."""
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    answer_current(page, "Pass")
    for n in range(photos):
        add_photo(page, page.locator(".item-card .photo-strip"),
                  jpeg_file(tmp_path, f"{name}{n}.jpg", (30 + 60 * n, 120, 90)), n + 1)
    finish_and_submit(page, queued=queued)


def wait_until(page, script: str, arg=None, timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll an async page function until it resolves truthy (wait_for_function takes a promise as truthy)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_ms} ms: {script}")
        page.wait_for_timeout(200)


RETURN_COMMENT = "灭火器压力表照片不清楚，请补拍"


# An outside expert on the team of the inspection returned_on_another_phone sends: the amendment keeps them.
OUTSIDE_EXPERT = {"name": "李工", "organisation": "市安全生产专家库", "role": "expert"}


def returned_on_another_phone(app, world) -> dict:
    """An inspection of ``field_world``'s inspector with one photo and both signatures, sent as from the phone
    they had before (a test client) and returned by the reviewer with RETURN_COMMENT; answers the document."""
    inspector = world["inspector"]
    photo, mine, theirs = (make_photo(inspector).uuid for _n in range(3))
    document = inspection_document(world["enterprise"], world["template"].versions[0])
    document["answers"][0]["photos"] = [photo]
    document["signatures"] = {"inspector": mine, "representative": theirs, "representative_name": "王厂长"}
    document["team"] = [{"username": inspector.username}, OUTSIDE_EXPERT]
    db.session.commit()
    old_phone = app.test_client()
    token = old_phone.post("/api/v1/session", json={"username": inspector.username, "password": DEFAULT_PASSWORD}
                           ).get_json()["csrf_token"]
    response = old_phone.post("/api/v1/inspections", json=document, headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.get_json()
    stored = db.session.scalar(select(Inspection).where(Inspection.uuid == document["uuid"]))
    stored.review_state, stored.review_comment = "returned", RETURN_COMMENT
    db.session.commit()
    return document


def hazard_with_evidence(enterprise, found_by, **overrides):
    """A hazard at ``enterprise`` with one evidence photo taken by ``found_by`` (flushed, not committed)."""
    from tests.factories import make_hazard, make_photo

    hazard = make_hazard(enterprise, found_by_id=found_by.id, **overrides)
    photo = make_photo(found_by, hazard_id=hazard.id, purpose="hazard")
    return hazard, photo


def wait_for_count(page, store: str, count: int) -> None:
    """Until an IndexedDB store of the app holds ``count`` records."""
    wait_until(page, """async ([store, count]) => {
        const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open('safety-field');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        const n = await new Promise((resolve) => {
            const request = db.transaction(store).objectStore(store).count();
            request.onsuccess = () => resolve(request.result);
        });
        db.close();
        return n === count;
    }""", [store, count])


def thumbs_ready(page, count: int) -> None:
    """Until the phone holds ``count`` evidence thumbnails (fetched after the pull)."""
    wait_for_count(page, "thumbs", count)


def hazard_row(page, hazard_uuid: str):
    return page.locator(f'.hazard-row[data-uuid="{hazard_uuid}"]')


def images_loaded(locator) -> bool:
    """Whether every <img> under ``locator`` has decoded pixels (not a broken image)."""
    return locator.evaluate_all(
        "(images) => images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0)")


def joint_check_task(world: dict, code: str):
    """A joint check (联合检查) under way with the hazardous-chemicals checklist, a task for the world's inspector
    at its enterprise due in three days, and a colleague 王同事 in the same grid; committed. Answers the task."""
    from datetime import date, timedelta

    from tests.factories import make_campaign, make_task

    chemicals = make_template(name="危险化学品检查表", topic="hazardous_chemicals", items=1)
    make_user("inspector", username="wang", display_name="王同事", grids=[world["grid"]])
    today = date.today()
    campaign = make_campaign(code, name="危化品联合检查", kind="joint", templates=[chemicals],
                             starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=30))
    task = make_task(campaign, world["enterprise"], team=[world["inspector"]], due_on=today + timedelta(days=3))
    db.session.commit()
    return task

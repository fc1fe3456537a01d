"""An offline day in Chromium: 50 inspections and 300 photos queued, then synced while the network comes and goes.

Two inspections go through the screens, to prove the path. The other 48 are made by the app's own modules,
with the calls the screens make (a new draft, the editor's answers and photos, the signature pads' photos,
the finish page's finishDraft), with camera-sized JPEGs drawn in the page: IndexedDB holds what the
screens would have put there, and the sync is the app's own.
"""
import hashlib
import time
from random import Random

from PIL import Image, ImageDraw

from playwright.sync_api import expect
from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from safety.photos.storage import get_photo_store
from tests.browser.field_helpers import (TIMEOUT_MS, add_photo, answer_current, field_world, finish_and_submit,
                                         open_enterprise_by_search, sign_in, start_inspection, tr, wait_for_sync,
                                         wait_for_worker)

INSPECTIONS = 50
PHOTOS_EACH = 6  # camera photos; each inspection has two signatures besides
THROUGH_SCREENS = 2
ITEMS = 3
SYNC_LIMIT_S = 150
ONLINE_S, OFFLINE_S = 3.0, 1.0
# A fast machine sends a lot in ONLINE_S: the network also drops after this many answered uploads and posts,
# so the sync is cut several times however quick the machine is (the day is about 450 of them).
SENT_PER_WINDOW = 40

# The day's work, made by the app's modules as the screens make it (enterprise.js start, item-card and
# photo-strip through the DraftEditor, signature-pad, finish.js). Photos: JPEGs of the app's own size (1600 x 1200),
# each different, which the app decodes, re-encodes and hashes as it does a camera's (the two inspections through the
# screens take bigger ones, which it downscales).
QUEUE_INSPECTIONS = """async ({ code, count, photosEach, firstSeed }) => {
  const { newDraft, ensureAnswer, flatItems } = await import('/static/js/draft.js');
  const { DraftEditor } = await import('/static/js/editor.js');
  const { signaturePhoto } = await import('/static/js/photos.js');
  const { finishDraft } = await import('/static/js/outbox.js');
  const { currentUser } = await import('/static/js/session.js');
  const { saveDraft } = await import('/static/js/store/drafts.js');
  const { getEnterprise, listCurrentTemplates } = await import('/static/js/store/pulled.js');

  function generator(seed) {
    let state = seed >>> 0;
    return () => { state = (state * 1664525 + 1013904223) >>> 0; return state / 2 ** 32; };
  }
  const backgrounds = [];
  for (let n = 0; n < 4; n += 1) {
    const random = generator(1000 + n);
    const canvas = new OffscreenCanvas(1600, 1200);
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, 1600, 1200);
    gradient.addColorStop(0, `hsl(${random() * 360},40%,60%)`);
    gradient.addColorStop(1, `hsl(${random() * 360},40%,30%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, 1600, 1200);
    for (let i = 0; i < 400; i += 1) {
      context.fillStyle = `hsla(${random() * 360},${30 + random() * 50}%,${20 + random() * 60}%,${0.3 + random() * 0.7})`;
      context.beginPath();
      context.ellipse(random() * 1600, random() * 1200, 5 + random() * 120, 5 + random() * 80, random() * 3, 0, 2 * Math.PI);
      context.fill();
    }
    backgrounds.push(canvas.transferToImageBitmap());
  }
  async function cameraFile(seed) {
    const random = generator(seed);
    const canvas = new OffscreenCanvas(1600, 1200);
    const context = canvas.getContext('2d');
    context.drawImage(backgrounds[seed % backgrounds.length], 0, 0);
    for (let i = 0; i < 60; i += 1) {
      context.fillStyle = `hsla(${random() * 360},60%,50%,0.8)`;
      context.fillRect(random() * 1600, random() * 1200, 10 + random() * 200, 10 + random() * 200);
    }
    context.fillStyle = '#fff';
    context.font = '64px sans-serif';
    context.fillText(`IMG_${seed}`, 40, 1150);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    return new File([blob], `IMG_${seed}.jpg`, { type: 'image/jpeg', lastModified: Date.now() });
  }
  function signatureCanvas(seed) {
    const random = generator(seed);
    const canvas = document.createElement('canvas');
    canvas.width = 600;
    canvas.height = 200;
    const context = canvas.getContext('2d');
    context.lineWidth = 3;
    context.beginPath();
    context.moveTo(30, 100);
    for (let x = 50; x < 560; x += 20) context.lineTo(x, 40 + random() * 120);
    context.stroke();
    return canvas;
  }

  const user = await currentUser();
  const enterprise = await getEnterprise(code);
  const [template] = await listCurrentTemplates();
  const items = flatItems(template);
  let seed = firstSeed;
  for (let n = 0; n < count; n += 1) {
    const draft = newDraft({ user, enterprise, template, kind: 'routine', identifiedBy: 'manual', location: null });
    await saveDraft(draft);
    const editor = new DraftEditor(draft, template);
    for (const item of items) await editor.change((d) => { ensureAnswer(d, item.id).result = 'pass'; });
    for (let p = 0; p < photosEach; p += 1) {
      const item = items[p % items.length];
      await editor.addPhoto(await cameraFile(seed += 1), 'answer', (d, uuid) => ensureAnswer(d, item.id).photos.push(uuid));
    }
    await editor.change((d) => { d.representative_name = '王厂长'; });
    for (const role of ['inspector', 'representative']) {
      const photo = await signaturePhoto(signatureCanvas(seed += 1), { owner: draft.uuid, purpose: `${role}_signature` });
      await editor.addPreparedPhoto(photo, (d, uuid) => { d.signatures[role] = uuid; });
    }
    await editor.flush();
    const { missing, problems } = await finishDraft(editor.draft, template);
    await editor.close();
    if (missing.length || problems.length) throw new Error(`not finished: ${JSON.stringify({ missing, problems })}`);
  }
}"""

OUTBOX_STATE = """async () => {
  const { listOutbox } = await import('/static/js/store/outbox.js');
  const records = await listOutbox();
  return { waiting: records.length, refused: records.filter((r) => r.status === 'needs_attention').map((r) => r.uuid) };
}"""

PHONE_PHOTOS = """async () => {
  const { database } = await import('/static/js/db.js');
  const photos = await (await database()).getAll('photos');
  return photos.map((photo) => ({ uuid: photo.uuid, owner: photo.owner, sha256: photo.sha256, size: photo.blob.size,
                                  purpose: photo.purpose, type: photo.content_type }));
}"""


def camera_jpeg(tmp_path, name: str, seed: int) -> str:
    """A camera-sized photo with some detail (a few hundred KB once the app has downscaled it)."""
    random = Random(seed)
    image = Image.new("RGB", (2000, 1500), (random.randrange(256), random.randrange(256), random.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = random.randrange(2000), random.randrange(1500)
        draw.ellipse((x, y, x + random.randrange(10, 240), y + random.randrange(10, 160)),
                     fill=(random.randrange(256), random.randrange(256), random.randrange(256)))
    path = tmp_path / name
    image.save(path, format="JPEG", quality=92)
    return str(path)


def _through_the_screens(page, tmp_path, base_url: str, number: int) -> None:
    page.goto(base_url + "/app/")
    open_enterprise_by_search(page, "宏达机械有限公司")
    start_inspection(page)
    for item in range(ITEMS):
        answer_current(page, "Pass")
        for n in range(item * PHOTOS_EACH // ITEMS, (item + 1) * PHOTOS_EACH // ITEMS):
            add_photo(page, page.locator(".item-card .photo-strip"),
                      camera_jpeg(tmp_path, f"screen-{number}-{n}.jpg", seed=100 * number + n),
                      n - item * PHOTOS_EACH // ITEMS + 1)
        if item < ITEMS - 1:
            page.get_by_role("button", name=tr("Next item")).click()
    finish_and_submit(page, queued=number)


def test_an_offline_day_of_50_inspections_and_300_photos_syncs_through_a_flapping_network_once_each(
        live_server, page, tmp_path):
    world = field_world(items=ITEMS)
    sign_in(page, live_server.url, "li.inspector")
    wait_for_sync(page)
    wait_for_worker(page)
    page.context.set_offline(True)
    page.reload()

    screens_at = time.monotonic()
    for number in range(1, THROUGH_SCREENS + 1):
        _through_the_screens(page, tmp_path, live_server.url, number)
    queued_at = time.monotonic()
    screens_s = queued_at - screens_at
    page.evaluate(QUEUE_INSPECTIONS, {"code": world["enterprise"].code, "count": INSPECTIONS - THROUGH_SCREENS,
                                      "photosEach": PHOTOS_EACH, "firstSeed": 1})
    queueing_s = time.monotonic() - queued_at
    print(f"\nthrough the screens: {screens_s:.1f} s; queued by the modules in {queueing_s:.1f} s")

    phone = page.evaluate(PHONE_PHOTOS)
    outbox = page.evaluate("async () => (await (await import('/static/js/store/outbox.js')).listOutbox())"
                           ".map((r) => ({ uuid: r.uuid, photos: r.photos }))")
    camera = [photo for photo in phone if photo["purpose"] == "answer"]
    assert len(outbox) == INSPECTIONS and len(camera) == INSPECTIONS * PHOTOS_EACH
    assert len(phone) == INSPECTIONS * (PHOTOS_EACH + 2)
    assert {uuid for record in outbox for uuid in record["photos"]} == {photo["uuid"] for photo in phone}
    sizes = [photo["size"] for photo in camera]
    assert all(photo["type"] == "image/jpeg" for photo in camera)
    assert 100_000 <= min(sizes) and max(sizes) <= 300_000, (min(sizes), max(sizes))
    megabytes = sum(photo["size"] for photo in phone) / 1_048_576

    # Back in range, but the network keeps dropping: on for a few seconds, off for a moment, until all is sent.
    page.goto(live_server.url + "/app/")  # served by the worker: the context is still offline
    expect(page.locator(".topbar-sync.sync-offline")).to_be_visible(timeout=TIMEOUT_MS)
    failed, answered = [], []
    page.on("requestfailed", lambda request: failed.append(request.url) if "/api/v1/" in request.url else None)
    page.on("requestfinished", lambda request: answered.append(request.url)
            if "/api/v1/" in request.url and request.method in ("POST", "PUT") else None)
    started = time.monotonic()
    drops, refused = 0, set()
    state = {"waiting": INSPECTIONS}
    while state["waiting"]:
        assert time.monotonic() - started < SYNC_LIMIT_S, f"{state['waiting']} records still waiting"
        page.context.set_offline(False)
        online_until, answered_before = time.monotonic() + ONLINE_S, len(answered)
        while (state["waiting"] and time.monotonic() < online_until
               and len(answered) - answered_before < SENT_PER_WINDOW):
            page.wait_for_timeout(250)
            state = page.evaluate(OUTBOX_STATE)
            refused.update(state["refused"])
        if state["waiting"]:
            page.context.set_offline(True)
            drops += 1
            page.wait_for_timeout(OFFLINE_S * 1000)
            state = page.evaluate(OUTBOX_STATE)
            refused.update(state["refused"])
    took = time.monotonic() - started
    page.context.set_offline(False)
    wait_for_sync(page)

    assert refused == set()
    assert drops >= 3, "the network should have dropped several times during the sync"
    assert failed, "the drops should have failed some of the phone's requests"
    assert page.evaluate(PHONE_PHOTOS) == []

    # Nothing lost, nothing twice: one row per inspection and per photo, the bytes the phone hashed.
    db.session.expire_all()
    inspections = [record["uuid"] for record in outbox]
    rows = dict(db.session.execute(select(Inspection.uuid, func.count()).group_by(Inspection.uuid)).all())
    assert rows == {uuid: 1 for uuid in inspections}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == INSPECTIONS * ITEMS
    photo_rows = dict(db.session.execute(select(Photo.uuid, func.count()).group_by(Photo.uuid)).all())
    assert photo_rows == {photo["uuid"]: 1 for photo in phone}
    stored = {photo.uuid: photo for photo in db.session.scalars(select(Photo))}
    store = get_photo_store()
    for photo in phone:
        assert stored[photo["uuid"]].sha256 == photo["sha256"]
        assert stored[photo["uuid"]].size_bytes == photo["size"]
        with store.open_original(photo["sha256"]) as original:
            assert hashlib.sha256(original.read()).hexdigest() == photo["sha256"]
    assert all(stored[photo["uuid"]].answer_id is not None for photo in camera)
    assert all(stored[photo["uuid"]].inspection_id is not None for photo in phone if photo["purpose"] != "answer")

    print(f"\noffline day: {INSPECTIONS} inspections, {len(camera)} photos + {len(phone) - len(camera)} signatures "
          f"({megabytes:.1f} MB; camera photos {min(sizes) // 1024}-{max(sizes) // 1024} KB as the app stores them); "
          f"synced in {took:.1f} s with {drops} drops "
          f"of {OFFLINE_S:g} s ({len(failed)} requests failed by them)")

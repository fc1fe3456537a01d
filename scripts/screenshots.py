"""Screenshots of the back office and the field app for the README (`make screenshots`).

Builds a throwaway demo instance (SQLite in a temporary folder, seed-demo), serves
it on loopback and photographs the pages in Debian's Chromium at phone and
desktop width into docs/screenshots/.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safety import create_app  # noqa: E402
from safety.demo.data import ACCOUNTS, DISTRICT_ACCOUNTS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}

# (file name, path, who looks at it, sizes)
BACK_OFFICE = [
    ("login", "/login", None, ("phone", "desktop")),
    ("enterprises", "/enterprises/", "admin", ("phone", "desktop")),
    ("enterprise", "/enterprises/{code}", "admin", ("phone",)),
    ("labels", "/enterprises/labels?grid=EAST", "admin", ("desktop",)),
    ("checklists", "/checklists/", "admin", ("desktop",)),
    ("checklist", "/checklists/1", "admin", ("phone", "desktop")),
    ("users", "/users/", "admin", ("desktop",)),
    ("grids", "/users/grids", "admin", ("phone",)),
    ("audit", "/audit/", "admin", ("phone", "desktop")),
    ("sectors", "/sectors/", "admin", ("phone",)),
]


def back_office_screens(browser, base: str, code: str, names=None) -> None:
    """The pages of ``BACK_OFFICE`` (those named in ``names``, when given); ``code``: the enterprise to show."""
    for size_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for who in {entry[2] for entry in BACK_OFFICE}:
            context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
            page = context.new_page()
            if who:
                sign_in(page, base, who)
            for name, path, looker, sizes in BACK_OFFICE:
                if looker != who or size_name not in sizes or (names is not None and name not in names):
                    continue
                page.goto(base + path.format(code=code))
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}-{size_name}.png"), full_page=size_name == "desktop")
                print("wrote", OUT / f"{name}-{size_name}.png")
            context.close()


def password_of(username: str) -> str:
    return next(password for _role, name, password, *_rest in (*ACCOUNTS, *DISTRICT_ACCOUNTS) if name == username)


def build_instance(folder: str):
    os.environ["COOKIE_SECURE"] = "0"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.sqlite", "PHOTO_ROOT": f"{folder}/photos",
                      "SECRET_KEY": "screenshots", "SESSION_COOKIE_SECURE": False,
                      "REMEMBER_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
    runner = app.test_cli_runner()
    for command in (["init-db"], ["seed-demo"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(result.output)
    return app


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", password_of(username))
    page.locator("button.primary[type=submit]").click()
    page.wait_for_load_state("networkidle")


def tr(msgid: str) -> str:
    """The Chinese the field app shows for ``msgid`` (it reads the same catalogue)."""
    from safety.field.catalogue import field_messages
    return field_messages("zh_CN").get(msgid, msgid)


def shoot(page, name: str) -> None:
    page.wait_for_timeout(600)  # let transitions and toasts settle
    page.screenshot(path=str(OUT / f"{name}-phone.png"))
    print("wrote", OUT / f"{name}-phone.png")


def demo_photo(folder: str) -> str:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (1600, 1200), (150, 150, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 500, 1400, 1150), fill=(120, 80, 40))  # boxes stacked in an escape route
    draw.rectangle((600, 150, 1000, 500), fill=(30, 140, 60))  # the exit sign above them
    path = os.path.join(folder, "evidence.jpg")
    image.save(path, "JPEG", quality=85)
    return path


def sign(page, pad_id: str) -> None:
    canvas = page.locator(f"#{pad_id} canvas")
    canvas.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 20, box["y"] + 100 - (step % 3) * 25)
    page.mouse.up()
    page.locator(f"#{pad_id}").get_by_role("button", name=tr("Confirm signature")).click()


def finish_offline(page) -> None:
    """Answer the rest in the list view, sign, and submit with the network off: the record waits in the outbox."""
    page.get_by_role("button", name=tr("List view")).click()
    empty = page.locator('.item-card[data-state="empty"]')
    for _ in range(100):
        if not empty.count():
            break
        card = empty.first
        buttons = card.get_by_role("button", name=tr("Pass"), exact=True)
        if buttons.count():
            buttons.click()
        else:
            card.locator("input:not([type=file]), textarea").first.fill("1")
        page.wait_for_timeout(150)
    page.get_by_role("link", name=tr("Finish inspection")).click()
    page.get_by_label(tr("Name of the enterprise representative")).fill("徐磊")
    sign(page, "signature-inspector")
    sign(page, "signature-representative")
    page.context.set_offline(True)
    page.get_by_role("button", name=tr("Submit")).click()
    page.locator(".record").first.wait_for(timeout=30_000)


def field_app_screens(browser, base: str, folder: str) -> None:
    """Home, scanner, checklist, hazard sheet and outbox of the field app, as inspector1 sees them."""
    from sqlalchemy import select

    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.users.models import User
    inspector = db.session.scalar(select(User).where(User.username == "inspector1"))
    grid_ids = [grid.id for grid in inspector.grids]
    enterprise = db.session.scalars(select(Enterprise).where(Enterprise.grid_id.in_(grid_ids),
                                                             Enterprise.sector.in_(("warehousing", "commerce", "light_industry")))).first()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    field_sign_in(page, base, "inspector1")
    shoot(page, "field-home")
    page.goto(base + "/app/scan")
    shoot(page, "field-scanner")
    page.goto(base + "/app/")
    page.get_by_label(tr("Find an enterprise by code or name")).fill(enterprise.name[:2])
    page.locator(".results").get_by_role("link", name=enterprise.name).click()
    shoot(page, "field-enterprise")
    page.get_by_role("button", name=tr("Start inspection")).click()
    page.locator(".item-card").wait_for()
    page.locator(".item-card").get_by_role("button", name=tr("Pass"), exact=True).click()
    page.wait_for_timeout(400)
    shoot(page, "field-checklist")
    page.locator(".item-card").get_by_role("button", name=tr("Fail"), exact=True).click()
    sheet = page.locator("dialog[open]")
    sheet.wait_for()
    sheet.get_by_label(tr("Responsible person")).fill(enterprise.contact_person)
    sheet.get_by_label(tr("Rectification measures")).fill("清理安全出口前堆放的货物，设置禁止堆放标识")
    sheet.locator('.photo-strip[data-purpose="answer"] input[type=file]').set_input_files(demo_photo(folder))
    sheet.locator('.photo-strip[data-purpose="answer"] .thumb').wait_for(timeout=30_000)
    shoot(page, "field-hazard")
    sheet.get_by_role("button", name=tr("Done")).click()
    finish_offline(page)
    page.goto(base + "/app/outbox")
    shoot(page, "field-outbox")
    context.close()


def hazard_screens_subjects() -> dict:
    """Records the hazard and report screenshots show: a major hazard awaiting verification, an inspection
    that needs a rectification notice, and the inspector's enterprise with the most hazards to look back on."""
    from sqlalchemy import func, select

    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.hazards.models import Hazard
    from safety.inspections.models import Inspection
    from safety.users.models import User
    pending = db.session.scalar(select(Hazard.uuid).where(Hazard.status == "pending_verification")
                                .order_by(Hazard.supervising_unit.desc(), Hazard.id))
    notice_for = db.session.scalar(select(Inspection.uuid).join(Hazard, Hazard.inspection_id == Inspection.id)
                                   .where(Hazard.mode == "deadline", Inspection.kind != "lookback")
                                   .order_by(Inspection.finished_at.desc()))
    inspector = db.session.scalar(select(User).where(User.username == "inspector1"))
    lookback = db.session.execute(
        select(Enterprise.name, func.count(Hazard.id)).join(Hazard, Hazard.enterprise_id == Enterprise.id)
        .where(Enterprise.grid_id.in_([grid.id for grid in inspector.grids]), Hazard.status.in_(("open", "rectified")))
        .group_by(Enterprise.name).order_by(func.count(Hazard.id).desc(), Enterprise.name)).first()[0]
    from safety.photos.models import Photo
    review = db.session.scalar(select(Inspection.uuid).join(Photo, Photo.inspection_id == Inspection.id)
                               .where(Inspection.review_state == "submitted").group_by(Inspection.uuid)
                               .order_by(func.count(Photo.id).desc(), Inspection.uuid))
    return {"pending": pending, "notice_for": notice_for, "lookback": lookback, "review": review}


def hazard_and_report_screens(browser, base: str, subjects: dict) -> None:
    """The ledger, a hazard page, the dashboard, the summary and a printed notice, as the supervisor sees them;
    the look-back list and the enterprise's own account in the field app."""
    year = __import__("datetime").date.today().year
    pages = [("review", f"/review/{subjects['review']}"), ("ledger", "/hazards/"), ("hazard", f"/hazards/{subjects['pending']}"), ("dashboard", "/reports/"),
             ("summary", f"/reports/summary?from={year}-01-01&to={year}-12-31")]
    for size_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, "supervisor")
        for name, path in pages:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{size_name}.png"), full_page=size_name == "desktop")
            print("wrote", OUT / f"{name}-{size_name}.png")
        context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    field_sign_in(page, base, "inspector1")
    page.get_by_label(tr("Find an enterprise by code or name")).fill(subjects["lookback"][:4])
    page.locator(".results").get_by_role("link", name=subjects["lookback"]).click()
    page.locator(".lookback img").first.wait_for(timeout=30_000)
    page.locator(".toast").wait_for(state="detached", timeout=30_000)
    shoot(page, "field-lookback")
    context.close()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    field_sign_in(page, base, "enterprise")
    page.locator(".toast").wait_for(state="detached", timeout=30_000)
    shoot(page, "field-enterprise-account")
    context.close()


def document_screens(browser, base: str) -> None:
    """Every kind of document the demo issued: the page as printed (print media, A4 width) and the first page of
    its PDF as an image, and the ledger."""
    import pypdfium2
    from sqlalchemy import select

    from safety.documents.models import KINDS, Document
    from safety.extensions import db
    context = browser.new_context(viewport={"width": 900, "height": 1200}, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "supervisor")
    page.goto(base + "/documents/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / "documents-desktop.png"), full_page=True)
    print("wrote", OUT / "documents-desktop.png")
    for kind in KINDS:
        document_id = db.session.scalar(select(Document.id).where(Document.kind == kind).order_by(Document.id))
        if document_id is None:
            raise SystemExit(f"the demo issued no {kind}: no screenshot of it")
        page.goto(base + f"/documents/{document_id}")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        page.screenshot(path=str(OUT / f"document-{kind}-print.png"), full_page=True)
        page.emulate_media(media="screen")
        pdf = page.request.get(base + f"/documents/{document_id}.pdf").body()
        pypdfium2.PdfDocument(pdf)[0].render(scale=1.2).to_pil().save(OUT / f"document-{kind}-pdf.png")
        print("wrote", OUT / f"document-{kind}-print.png", OUT / f"document-{kind}-pdf.png")
    context.close()


def my_tasks_subjects() -> None:
    """Campaign tasks for inspector1 ("my tasks"), unless the demo gave them some already: a hazardous-chemicals
    campaign with one task overdue and two due this week, and a holiday check with two more."""
    from datetime import timedelta

    from sqlalchemy import select

    from safety.campaigns.models import Task, TaskMember
    from safety.campaigns.operations import activate_campaign, add_task, create_campaign
    from safety.campaigns.validation import TaskDocument, parse_campaign
    from safety.checklists.models import ChecklistTemplate
    from safety.common.office_time import office_today
    from safety.enterprises.models import Enterprise
    from safety.enterprises.statuses import ACTIVE
    from safety.extensions import db
    from safety.users.models import User
    inspector = db.session.scalar(select(User).where(User.username == "inspector1"))
    if db.session.scalar(select(Task.id).join(TaskMember).where(TaskMember.user_id == inspector.id).limit(1)):
        return
    supervisor = db.session.scalar(select(User).where(User.username == "supervisor"))
    today = office_today()
    grid_ids = [grid.id for grid in inspector.grids]
    enterprises = db.session.scalars(select(Enterprise.code).where(Enterprise.grid_id.in_(grid_ids),
                                                                   Enterprise.status == ACTIVE)
                                     .order_by(Enterprise.code)).all()
    topic = {name: db.session.scalar(select(ChecklistTemplate.id).where(ChecklistTemplate.topic == name))
             for name in ("hazardous_chemicals", "fire")}
    campaigns = [
        ({"code": f"{today.year}-ZX-11", "name": "危险化学品安全专项整治", "kind": "campaign",
          "basis": {"number": f"〔{today.year}〕18号", "title": "关于开展危险化学品安全专项整治的通知"},
          "template_ids": [topic["hazardous_chemicals"]]}, (-2, 1, 4), enterprises[:3]),
        ({"code": f"{today.year}-JR-02", "name": "元旦春节前安全检查", "kind": "holiday",
          "basis": {"number": f"〔{today.year}〕21号", "title": "关于做好节前安全检查的通知"},
          "template_ids": [topic["fire"]]}, (2, 6), enterprises[3:5]),
    ]
    for data, days, codes in campaigns:
        campaign = create_campaign(supervisor, parse_campaign({
            **data, "starts_on": (today - timedelta(days=20)).isoformat(),
            "ends_on": (today + timedelta(days=40)).isoformat(), "scope": {"enterprises": list(codes)}}))
        for code, day in zip(codes, days):
            add_task(supervisor, campaign, TaskDocument(code, ("inspector1",), today + timedelta(days=day)))
        activate_campaign(campaign)
    db.session.commit()


def my_tasks_screen(browser, base: str) -> None:
    """'My tasks' on inspector1's phone."""
    my_tasks_subjects()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    field_sign_in(page, base, "inspector1")
    page.goto(base + "/app/tasks")
    page.locator(".campaign-tasks").first.wait_for(timeout=30_000)
    shoot(page, "field-tasks")
    context.close()


def make_demo_campaigns() -> tuple[str, str]:
    """The codes of a special campaign and a random check to photograph: the demo data's own when it has them,
    else a fire-safety campaign under way with its tasks and a random check not yet drawn, made here."""
    from datetime import timedelta

    from sqlalchemy import select

    from safety.campaigns.generation import generate_tasks
    from safety.campaigns.models import Campaign
    from safety.campaigns.operations import activate_campaign, create_campaign
    from safety.campaigns.validation import parse_campaign
    from safety.common.office_time import office_today
    from safety.extensions import db
    from safety.users.models import User
    def pick(kind):
        return db.session.scalar(select(Campaign.code).where(Campaign.kind == kind)
                                 .order_by((Campaign.status == "active").desc(), Campaign.starts_on.desc()))
    if pick("campaign") and pick("random"):
        return pick("campaign"), pick("random")
    chief = db.session.scalar(select(User).where(User.username == "supervisor"))
    today = office_today()
    fire = create_campaign(chief, parse_campaign({
        "code": f"{today.year}-ZX-01", "name": "消防安全专项整治", "kind": "campaign",
        "basis": "区安委办〔2026〕12号 关于开展消防安全专项整治的通知",
        "starts_on": (today - timedelta(days=40)).isoformat(), "ends_on": (today + timedelta(days=50)).isoformat(),
        "scope": {"sectors": [], "grids": [], "classes": ["A", "B"], "enterprises": []}, "template_ids": [1]}))
    activate_campaign(fire)
    generate_tasks(chief, fire, today=today - timedelta(days=40))
    activate_campaign(create_campaign(chief, parse_campaign({
        "code": f"{today.year}-SJ-01", "name": "第四季度双随机抽查", "kind": "random",
        "basis": "区应急管理局〔2026〕30号 双随机抽查工作方案", "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(), "enforcement": True,
        "scope": {"sectors": [], "grids": [], "classes": [], "enterprises": []}, "template_ids": [1]})))
    db.session.commit()
    return pick("campaign"), pick("random")


def campaign_screens(browser, base: str, codes: tuple[str, str]) -> None:
    """The campaign page, the draw form and the published list it makes, at phone and desktop width."""
    campaign_code, random_code = codes
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, "supervisor")
        full = size_name == "desktop"
        page.goto(base + f"/campaigns/{campaign_code}")
        page.screenshot(path=str(OUT / f"campaign-{size_name}.png"), full_page=full)
        page.goto(base + f"/campaigns/{random_code}/draw")
        if page.locator("form.draw-form").count():
            page.fill("#count", "8")
            page.fill("#seed", "2026Q4-public")
            page.screenshot(path=str(OUT / f"draw-form-{size_name}.png"), full_page=full)
            page.once("dialog", lambda dialog: dialog.accept())
            page.locator("form.draw-form button.primary").click()
            page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"draw-published-{size_name}.png"), full_page=full)
        for name in ("campaign", "draw-form", "draw-published"):
            print("wrote", OUT / f"{name}-{size_name}.png")
        context.close()


def workload_screens(browser, base: str, campaign_code: str) -> None:
    """The workload of the campaign's people, at both widths."""
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, "supervisor")
        page.goto(base + f"/campaigns/workload?campaign={campaign_code}")
        page.screenshot(path=str(OUT / f"workload-{size_name}.png"), full_page=True)
        print("wrote", OUT / f"workload-{size_name}.png")
        context.close()


def measures_screens(browser, base: str) -> None:
    """The enforcement measures: the list at both widths, and the suspended foundry's measures on a phone."""
    from sqlalchemy import select

    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    foundry = db.session.scalar(select(Enterprise.code).where(Enterprise.name == "宏远铸造有限公司"))
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, "supervisor")
        page.goto(base + "/measures/")
        page.screenshot(path=str(OUT / f"measures-{size_name}.png"), full_page=size_name == "desktop")
        print("wrote", OUT / f"measures-{size_name}.png")
        if size_name == "phone":
            page.goto(base + f"/measures/enterprise/{foundry}")
            page.screenshot(path=str(OUT / "measures-enterprise-phone.png"), full_page=True)
            print("wrote", OUT / "measures-enterprise-phone.png")
        context.close()


def enterprise_file_subject() -> str:
    """The code of the enterprise with the longest record of the demo (inspections, hazards, tasks, documents and
    measures): the one whose file is worth a picture."""
    from sqlalchemy import func, select

    from safety.campaigns.models import Task
    from safety.documents.models import Document
    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.hazards.models import Hazard
    from safety.measures.models import Measure

    def per_enterprise(model):
        return select(func.count()).select_from(model).where(model.enterprise_id == Enterprise.id) \
            .correlate(Enterprise).scalar_subquery()
    score = (per_enterprise(Hazard) + 3 * per_enterprise(Task) + 3 * per_enterprise(Document)
             + 5 * per_enterprise(Measure))
    return db.session.scalar(select(Enterprise.code).order_by(score.desc(), Enterprise.code).limit(1))


def enterprise_file_screens(browser, base: str) -> None:
    """An enterprise's file (一企一档) as a supervisor reads it, on a phone and at 1280 pixels."""
    code = enterprise_file_subject()
    for size_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        sign_in(page, base, "supervisor")
        page.goto(base + f"/enterprises/{code}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(OUT / f"enterprise-file-{size_name}.png"), full_page=True)
        print("wrote", OUT / f"enterprise-file-{size_name}.png")
        context.close()


def evidence_subject() -> dict:
    """An open hazard of inspector1's grids with a found photo, and that photo with the camera's view of the fix:
    the same scene with the stacked boxes gone (a video for Chromium's fake camera)."""
    import subprocess

    from PIL import Image, ImageDraw
    from sqlalchemy import select

    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.hazards.models import Hazard
    from safety.photos.models import Photo
    from safety.photos.storage import get_photo_store
    from safety.users.models import User
    inspector = db.session.scalar(select(User).where(User.username == "inspector1"))
    hazard, photo, enterprise = db.session.execute(
        select(Hazard, Photo, Enterprise).join(Photo, Photo.hazard_id == Hazard.id)
        .join(Enterprise, Enterprise.id == Hazard.enterprise_id)
        .where(Photo.purpose == "hazard", Hazard.status == "open", Hazard.level == "general",
               Enterprise.grid_id.in_([grid.id for grid in inspector.grids]))
        .order_by(Hazard.id)).first()
    with get_photo_store().open_original(photo.sha256) as original:
        scene = Image.open(original).convert("RGB").resize((640, 480))
    background = scene.getpixel((2, 2))
    ImageDraw.Draw(scene).rectangle((0, 300, 640, 480), fill=background)  # the lower half cleared: the fix
    folder = tempfile.mkdtemp(prefix="camera-")
    scene.save(os.path.join(folder, "fixed.png"))
    video = os.path.join(folder, "fixed.y4m")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", os.path.join(folder, "fixed.png"),
                    "-t", "2", "-r", "10", "-vf", "format=yuv420p", "-f", "yuv4mpegpipe", video], check=True)
    return {"hazard": hazard.uuid, "photo": photo.uuid, "enterprise": enterprise.name, "video": video}


def evidence_screens(playwright, base: str, subject: dict) -> None:
    """Before and after: the re-check camera with the original laid over it (a fake camera showing the fixed
    scene), then the pair side by side on the hazard page, and a watermarked display copy, all at phone size."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={subject['video']}"])
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1, permissions=["camera"])
    page = context.new_page()
    field_sign_in(page, base, "inspector1")
    page.get_by_label(tr("Find an enterprise by code or name")).fill(subject["enterprise"][:4])
    page.locator(".results").get_by_role("link", name=subject["enterprise"]).click()
    row = page.locator(f'.hazard-row[data-uuid="{subject["hazard"]}"]')
    row.locator(".evidence img").first.wait_for(timeout=30_000)
    row.get_by_role("button", name=tr("Re-check: passed")).click()
    page.locator(f'.match-original[data-before="{subject["photo"]}"]').click()
    page.wait_for_function("() => document.querySelector('.match-video').videoWidth > 0", timeout=30_000)
    shoot(page, "field-match-camera")
    page.locator("dialog.match-camera").get_by_role("button", name=tr("Take photo")).click()
    page.locator(".recheck-sheet .thumb.paired").wait_for(timeout=30_000)
    page.get_by_label(tr("Note")).fill("通道杂物已清理")
    # Online: the re-check is sent as soon as it is queued.
    with page.expect_response(lambda response: response.url.endswith("/events") and response.status == 201,
                              timeout=60_000):
        page.get_by_role("button", name=tr("Save re-check")).click()
    context.close()
    browser.close()

    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "supervisor")
    page.goto(base + f"/hazards/{subject['hazard']}")
    page.locator(".pairs-card img").last.wait_for(timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('.pairs-card img')]"
                           ".every((image) => image.complete && image.naturalWidth)")
    # The card's heading just below the sticky top bar.
    page.evaluate("() => window.scrollTo(0, document.querySelector('.pairs-card').getBoundingClientRect().top"
                  " + window.scrollY - 64)")
    shoot(page, "hazard-pairs")
    # The display copy as a phone shows it, full width: the line along its bottom edge.
    page.goto(base + f"/photos/{subject['photo']}/display.jpg")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)
    page.locator("img").screenshot(path=str(OUT / "evidence-watermark-phone.png"))
    print("wrote", OUT / "evidence-watermark-phone.png")
    context.close()
    browser.close()


def unit_screens(browser, base: str) -> None:
    """The bureau's dashboard with its towns and park ranked (phone and desktop), the busiest campaign by
    unit (the bureau's at desktop width, a town's on a phone), and a referral's round trip: sent by the bureau to
    the housing department, answered there, read back by the bureau."""
    from sqlalchemy import func, select

    from safety.campaigns.models import Campaign, Task
    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.hazards.models import Hazard
    from safety.inspections.models import Inspection
    from safety.units.models import Unit, unit_grids
    from safety.users.models import Grid

    town = (select(Grid.id).join(unit_grids, unit_grids.c.grid_id == Grid.id)
            .join(Unit, Unit.id == unit_grids.c.unit_id).where(Unit.code == "JB"))
    code = db.session.scalar(select(Enterprise.code).join(Hazard, Hazard.enterprise_id == Enterprise.id)
                             .where(Enterprise.grid_id.in_(town), Hazard.status == "open").order_by(Enterprise.id))
    # The campaign whose tasks most inspections were made for: its table by unit has figures in every column.
    campaign = db.session.scalar(select(Campaign.code).join(Task, Task.campaign_id == Campaign.id)
                                 .join(Inspection, Inspection.task_id == Task.id)
                                 .group_by(Campaign.code).order_by(func.count().desc(), Campaign.code).limit(1))
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "supervisor")
    page.goto(base + "/reports/?period=year")
    page.wait_for_load_state("networkidle")
    page.locator(".unit-rollup").screenshot(path=str(OUT / "unit-dashboard-phone.png"))
    page.goto(base + f"/campaigns/{campaign}?unit=JB")
    page.locator(".campaign-units").screenshot(path=str(OUT / "campaign-units-phone.png"))
    context.close()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "supervisor")
    page.goto(base + "/reports/?period=year")
    page.wait_for_load_state("networkidle")
    page.locator(".unit-rollup").screenshot(path=str(OUT / "unit-dashboard-desktop.png"))
    page.screenshot(path=str(OUT / "unit-dashboard-full-desktop.png"), full_page=True)
    page.goto(base + f"/campaigns/{campaign}")
    page.locator(".campaign-units").screenshot(path=str(OUT / "campaign-units-desktop.png"))
    page.goto(base + f"/enterprises/{code}/refer")
    page.locator("input[name=hazards]").first.check()
    page.select_option("select[name=receiver]", "department:housing")
    page.fill("input[name=reply_due_on]", "2099-12-31")
    page.fill("textarea[name=note]", "该企业电气线路私拉乱接，涉及行业主管部门职责，请依法处理并于期限内回复。")
    page.screenshot(path=str(OUT / "referral-form-desktop.png"), full_page=True)
    page.locator("button.primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    referral_url = page.url
    page.screenshot(path=str(OUT / "referral-sent-desktop.png"), full_page=True)
    context.close()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "housing")
    page.goto(referral_url)
    page.fill("textarea[name=reply]", "已立案查处，责令停工整改，已拆除违规搭设部分。")
    page.screenshot(path=str(OUT / "referral-answer-phone.png"), full_page=True)
    page.locator("button.primary[type=submit]").click()
    page.wait_for_load_state("networkidle")
    context.close()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    sign_in(page, base, "supervisor")
    page.goto(referral_url)
    page.screenshot(path=str(OUT / "referral-answered-desktop.png"), full_page=True)
    context.close()
    for name in ("unit-dashboard", "unit-dashboard-full", "campaign-units", "referral-form", "referral-sent",
                 "referral-answered"):
        print("wrote", OUT / f"{name}-desktop.png")
    for name in ("unit-dashboard", "campaign-units", "referral-answer"):
        print("wrote", OUT / f"{name}-phone.png")


def field_sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/app/")
    page.get_by_label(tr("Username")).fill(username)
    page.get_by_label(tr("Password")).fill(password_of(username))
    page.get_by_role("button", name=tr("Sign in")).click()
    page.locator(".topbar-sync.sync-idle").wait_for(timeout=30_000)


def main(only: str | None = None) -> None:
    """Every screenshot, or with ``units`` (``python scripts/screenshots.py units``) only the units' ones."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = build_instance(folder)
        with app.app_context():
            from sqlalchemy import select

            from safety.enterprises.models import Enterprise
            from safety.extensions import db
            code = db.session.scalar(select(Enterprise.code).order_by(Enterprise.id))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            if only == "units":
                with app.app_context():
                    unit_screens(browser, base)
                browser.close()
                server.shutdown()
                return
            if only in {entry[0] for entry in BACK_OFFICE}:  # one back-office page: `… screenshots.py sectors`
                back_office_screens(browser, base, code, {only})
                browser.close()
                server.shutdown()
                return
            if only == "file":  # `python scripts/screenshots.py file`: only the enterprise's file and page
                back_office_screens(browser, base, code, {"enterprise"})
                with app.app_context():
                    enterprise_file_screens(browser, base)
                browser.close()
                server.shutdown()
                return
            if only == "workload":  # `python scripts/screenshots.py workload`: only the workload page
                with app.app_context():
                    workload_screens(browser, base, make_demo_campaigns()[0])
                browser.close()
                server.shutdown()
                return
            if only == "documents":  # `python scripts/screenshots.py documents`: only the documents
                with app.app_context():
                    document_screens(browser, base)
                browser.close()
                server.shutdown()
                return
            back_office_screens(browser, base, code)
            with app.app_context():
                document_screens(browser, base)
                unit_screens(browser, base)
                campaign_screens(browser, base, make_demo_campaigns())
                workload_screens(browser, base, make_demo_campaigns()[0])
                measures_screens(browser, base)
                enterprise_file_screens(browser, base)
                hazard_and_report_screens(browser, base, hazard_screens_subjects())
                my_tasks_screen(browser, base)
                field_app_screens(browser, base, folder)
            browser.close()
            with app.app_context():
                evidence_screens(playwright, base, evidence_subject())
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

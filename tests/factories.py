"""Factories with keyword defaults: ``make_x(**overrides)`` adds a row and flushes it."""
import itertools
import random

from werkzeug.security import generate_password_hash

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.enterprises.models import Enterprise
from safety.enterprises.uscc import make_uscc
from safety.extensions import db
from safety.users.models import Grid, User

DEFAULT_PASSWORD = "Test-password-1"
# Checking a real (scrypt) hash is slow on purpose, ~50 ms, and the suite signs in a few thousand times: its users
# share one hash of few rounds. Sign-in reads the method from the stored hash, so it runs the same code either way;
# a password set through the app (set_password) is hashed the real way.
_PASSWORD_HASH = generate_password_hash(DEFAULT_PASSWORD, method="pbkdf2:sha256:1000")
_counter = itertools.count(1)
_rng = random.Random(20261123)


def _next() -> int:
    return next(_counter)


def make_unit(code: str | None = None, name: str | None = None, parent=None, kind: str = "town",
              delegated_classes: str = ""):
    """A unit under ``parent`` (the root bureau when None), through the operation that keeps paths right."""
    from safety.units.operations import create_unit

    n = _next()
    return create_unit(code or f"U{n:03d}", name or f"第{n}镇", parent.code if parent is not None else None, kind,
                       delegated_classes)


def make_grid(code: str | None = None, name: str | None = None, unit=None) -> Grid:
    n = _next()
    grid = Grid(code=code or f"G{n:03d}", name=name or f"第{n}网格")
    if unit is not None:
        grid.unit = unit
    db.session.add(grid)
    db.session.flush()
    return grid


# Enterprise codes of their own, above those tests pick by hand (E00001 … E90002): numbered with the counter the
# other factories share, a full run reached E10001, which a fixture had taken.
_enterprise_numbers = itertools.count(91001)


def make_enterprise(grid: Grid | None = None, **overrides) -> Enterprise:
    n = next(_enterprise_numbers)
    values = dict(code=f"E{n:05d}", name=f"测试企业{n}有限公司", uscc=make_uscc(_rng), address=f"工业园区{n}号",
                  sector="machinery", supervision_class="C", contact_person="张三", contact_phone="13800000000",
                  status="active", grid=grid)
    values.update(overrides)
    enterprise = Enterprise(**values)
    db.session.add(enterprise)
    db.session.flush()
    return enterprise


def make_user(role: str = "inspector", username: str | None = None, grids=(), enterprise=None,
              password: str = DEFAULT_PASSWORD, **overrides) -> User:
    if role in ("inspector", "supervisor"):  # the office's inspectors carry an enforcement certificate (执法证)
        overrides.setdefault("certificate_number", f"ZF{_next():06d}")
    user = User(username=username or f"{role}{_next()}", display_name=overrides.pop("display_name", None) or "测试用户",
                role=role, enterprise=enterprise, **overrides)
    if password == DEFAULT_PASSWORD:
        user.password_hash = _PASSWORD_HASH
    else:
        user.set_password(password)
    user.grids = list(grids)
    db.session.add(user)
    db.session.flush()
    return user


def make_park(steel: dict | None = None, chem: dict | None = None) -> dict:
    """Two grids and the people who work them, reading English: north (N1 北区) with a steelworks (E10001), south
    (S1 南区) with a chemical plant (E20001); an inspector for each grid ("north", "south"), a supervisor over both
    ("chief") and an administrator ("root"). ``steel`` and ``chem`` change those enterprises' values.

    Answers ``{"grids": {...}, "enterprises": {"steel", "chem"}, "users": {...}}``, which a test package's own
    ``park`` fixture extends with the records its tests count on.
    """
    north, south = make_grid(code="N1", name="北区"), make_grid(code="S1", name="南区")
    enterprises = {
        "steel": make_enterprise(grid=north, **{"code": "E10001", "name": "华东钢铁有限公司", "sector": "metallurgy",
                                                **(steel or {})}),
        "chem": make_enterprise(grid=south, **{"code": "E20001", "name": "南方化工有限公司", "sector": "chemicals",
                                               **(chem or {})}),
    }
    users = {
        "north": make_user("inspector", username="north", grids=[north], locale="en", display_name="李北"),
        "south": make_user("inspector", username="south", grids=[south], locale="en", display_name="赵南"),
        "chief": make_user("supervisor", username="chief", locale="en", display_name="王主任"),
        "root": make_user("admin", username="root", locale="en", display_name="管理员"),
    }
    return {"grids": {"north": north, "south": south}, "enterprises": enterprises, "users": users}


def make_template(name: str = "消防安全检查表", topic: str = "fire", items: int = 3, sections: int = 1) -> ChecklistTemplate:
    template = ChecklistTemplate(name=name, topic=topic)
    version = TemplateVersion(version=1)
    template.versions.append(version)
    n = 0
    for s in range(sections):
        section = TemplateSection(position=s, title=f"第{s + 1}部分")
        version.sections.append(section)
        for i in range(items):
            n += 1
            section.items.append(TemplateItem(key=f"{topic}-{n:02d}", position=i, prompt=f"检查项{n}",
                                              guidance="", basis="《中华人民共和国消防法》第十六条",
                                              kind="pass_fail", photo_required_on_fail=True, version=version))
    db.session.add(template)
    db.session.flush()
    return template


def make_inspection(enterprise: Enterprise, inspector: User, version: TemplateVersion | None = None,
                    **overrides):
    """A received inspection (no answers) of ``enterprise`` by ``inspector``."""
    import uuid as uuid_module
    from datetime import datetime, timezone

    from safety.inspections.models import Inspection

    if version is None:
        version = make_template().versions[0]
    now = datetime.now(timezone.utc)
    values = dict(uuid=str(uuid_module.uuid4()), enterprise_id=enterprise.id, template_version_id=version.id,
                  inspector_id=inspector.id, kind="routine", started_at=now, finished_at=now,
                  identified_by="qr", review_state="submitted")
    values.update(overrides)
    inspection = Inspection(**values)
    db.session.add(inspection)
    db.session.flush()
    return inspection


def make_hazard(enterprise: Enterprise, **overrides):
    """An open general hazard at ``enterprise``, to be rectified by a deadline."""
    import uuid as uuid_module
    from datetime import date, datetime, timedelta, timezone

    from safety.hazards.models import Hazard
    from safety.hazards.operations import flag_recurring, number_hazards

    values = dict(uuid=str(uuid_module.uuid4()), enterprise_id=enterprise.id, item_key="fire-01",
                  description="疏散通道堆放杂物", level="general", mode="deadline", responsible_person="张三",
                  measures="清理杂物，保持通道畅通", deadline=date.today() + timedelta(days=7), status="open")
    values.update(overrides)
    hazard = Hazard(**values)
    if hazard.recurring is None:
        flag_recurring([hazard])
    if hazard.number is None:
        if hazard.found_at is None:
            hazard.found_at = datetime.now(timezone.utc)
        number_hazards([hazard])
    db.session.add(hazard)
    db.session.flush()
    return hazard


def image_bytes(width: int = 64, height: int = 48, colour=(200, 40, 40), fmt: str = "JPEG", exif=None) -> bytes:
    """A real encoded image of one colour (``exif``: a ``PIL.Image.Exif`` to embed)."""
    import io

    from PIL import Image

    image = Image.new("RGBA" if fmt == "PNG" and len(colour) == 4 else "RGB", (width, height), colour)
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def make_photo(uploader: User, data: bytes | None = None, **overrides):
    """An uploaded photo of ``uploader``, its bytes and derivatives in the app's photo store."""
    import hashlib
    import uuid as uuid_module

    from flask import current_app

    from safety.photos.imaging import process_photo
    from safety.photos.models import Photo
    from safety.photos.storage import get_photo_store

    data = data if data is not None else image_bytes(colour=(_rng.randrange(256), 90, 90))
    digest = hashlib.sha256(data).hexdigest()
    processed = process_photo(data, current_app.config["PHOTO_MAX_PIXELS"])
    store = get_photo_store()
    store.put_original(digest, data)
    store.put_derivative(digest, "thumb", processed.thumb)
    store.put_derivative(digest, "display", processed.display)
    values = dict(uuid=str(uuid_module.uuid4()), sha256=digest, content_type=processed.content_type,
                  size_bytes=len(data), width=processed.width, height=processed.height, uploader_id=uploader.id)
    values.update(overrides)
    photo = Photo(**values)
    db.session.add(photo)
    db.session.flush()
    return photo


def inspection_document(enterprise: Enterprise, version: TemplateVersion, **overrides) -> dict:
    """A minimal valid inspection document of the sync contract: every item of ``version`` passed
    (or answered with 1 or 正常 when it is a number or text item)."""
    import uuid as uuid_module
    from datetime import datetime, timedelta, timezone

    finished = datetime.now(timezone(timedelta(hours=8))).replace(microsecond=0) - timedelta(minutes=5)
    document = {
        "uuid": str(uuid_module.uuid4()),
        "enterprise_code": enterprise.code,
        "template_id": version.template_id,
        "template_version": version.version,
        "kind": "routine",
        "started_at": (finished - timedelta(minutes=40)).isoformat(),
        "finished_at": finished.isoformat(),
        "identified_by": "qr",
        "location": {"lat": 31.2304, "lng": 121.4737, "accuracy_m": 12},
        "answers": [{"item_id": item.key, "result": "pass" if item.kind == "pass_fail" else None,
                     "value": {"number": 1, "text": "正常"}.get(item.kind), "note": "", "photos": []}
                    for item in version.items()],
        "hazards": [],
        "notes": "",
    }
    document.update(overrides)
    return document


def make_campaign(code: str | None = None, **overrides):
    """An active special campaign over the whole register for the first half of 2026, no templates."""
    from datetime import date

    from safety.campaigns.models import Campaign, CampaignTemplate

    templates = overrides.pop("templates", ())
    values = dict(code=code or f"2026-ZX-{_next():02d}", name="消防安全专项整治", kind="campaign",
                  basis_number="〔2026〕12号", basis_title="关于开展消防安全专项整治的通知",
                  starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                  scope={"sectors": [], "grids": [], "classes": [], "enterprises": []},
                  enforcement=False, exclude_own_grid_alone=False, status="active")
    values.update(overrides)
    if "unit" not in values and "unit_id" not in values:
        from safety.units.tree import get_root
        values["unit"] = get_root()
    campaign = Campaign(**values)
    campaign.template_links = [CampaignTemplate(template_id=template.id, position=n)
                               for n, template in enumerate(templates)]
    db.session.add(campaign)
    db.session.flush()
    return campaign


def make_task(campaign, enterprise: Enterprise, team=(), **overrides):
    """A task of ``campaign`` at ``enterprise`` for the users of ``team``, due on the campaign's last day."""
    import uuid as uuid_module

    from safety.campaigns.models import Task, TaskMember

    values = dict(uuid=str(uuid_module.uuid4()), campaign_id=campaign.id, enterprise_id=enterprise.id,
                  due_on=campaign.ends_on)
    values.update(overrides)
    task = Task(**values)
    task.members = [TaskMember(position=n, user_id=user.id) for n, user in enumerate(team)]
    db.session.add(task)
    db.session.flush()
    return task

"""A few months of inspections for the demo park, made through the same path a phone's sync takes.

Photos go through ``check_upload``/``store_photo`` and inspections through
``parse_inspection``/``store_inspection``, so the demo's history is exactly what
real synced data looks like: hashes, derivatives, events and all.
"""
import hashlib
import io
import random
import uuid
from datetime import datetime, timedelta, timezone

from PIL import Image, ImageDraw

from safety.checklists.models import ChecklistTemplate
from safety.enterprises.models import Enterprise
from safety.inspections.models import Inspection
from safety.inspections.operations import store_inspection
from safety.inspections.validation import parse_inspection
from safety.photos.operations import PhotoMetadata, check_upload, store_photo
from safety.users.models import Role, User

CHINA = timezone(timedelta(hours=8))
# Which checklist an office would take to an enterprise of each sector.
TOPIC_BY_SECTOR = {
    "machinery": "electrical", "metallurgy": "special_equipment", "building_materials": "dust",
    "light_industry": "fire", "textiles": "fire", "food": "dust", "woodworking": "dust",
    "chemicals": "hazardous_chemicals", "warehousing": "fire", "construction": "construction", "gas": "gas",
    "commerce": "fire", "hospitality": "gas",
}
INSPECTIONS_PER_INSPECTOR = 14
HISTORY_DAYS = 120


def seed_history(enterprises: list[Enterprise], users: list[User], templates: list[ChecklistTemplate],
                 rng: random.Random, now: datetime | None = None) -> list[Inspection]:
    """Inspections by each demo inspector at enterprises of their grids over the last four months."""
    now = now or datetime.now(CHINA)
    by_topic = {template.topic: template.latest for template in templates if template.latest}
    inspections = []
    for inspector in (user for user in users if user.role == Role.INSPECTOR.value):
        grid_ids = {grid.id for grid in inspector.grids}
        mine = [enterprise for enterprise in enterprises if enterprise.grid_id in grid_ids]
        for _ in range(INSPECTIONS_PER_INSPECTOR):
            enterprise = rng.choice(mine)
            version = by_topic.get(TOPIC_BY_SECTOR.get(enterprise.sector, "fire")) or by_topic["fire"]
            finished = now - timedelta(days=rng.uniform(1, HISTORY_DAYS), hours=rng.uniform(0, 6))
            document = demo_inspection_document(inspector, enterprise, version, finished, rng)
            inspections.append(store_inspection(inspector, parse_inspection(document)).inspection)
    return inspections


def demo_inspection_document(inspector: User, enterprise: Enterprise, version, finished: datetime,
                         rng: random.Random) -> dict:
    answers, hazards = [], []
    for item in version.items():
        if item.kind == "number":
            answers.append({"item_id": item.key, "result": None, "value": round(rng.uniform(0.6, 1.2), 2),
                            "note": "", "photos": []})
            continue
        if item.kind == "text":
            answers.append({"item_id": item.key, "result": None, "value": "正常", "note": "", "photos": []})
            continue
        result = rng.choices(("pass", "fail", "na"), weights=(80, 12, 8))[0]
        photos = [demo_photo(inspector, finished, rng)] if result == "fail" else []
        answers.append({"item_id": item.key, "result": result, "value": None,
                        "note": "现场发现问题，已拍照取证" if result == "fail" else "", "photos": photos})
        if result == "fail":
            hazards.append(_hazard(item, photos, inspector, enterprise, finished, rng))
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "enterprise_code": enterprise.code, "template_id": version.template_id,
        "template_version": version.version,
        "kind": rng.choices(("routine", "campaign", "unannounced"), weights=(70, 20, 10))[0],
        "started_at": (finished - timedelta(minutes=rng.randint(25, 90))).isoformat(),
        "finished_at": finished.isoformat(),
        "identified_by": rng.choices(("qr", "manual"), weights=(85, 15))[0],
        "location": {"lat": 31.30 + rng.uniform(-0.03, 0.03), "lng": 120.62 + rng.uniform(-0.03, 0.03),
                     "accuracy_m": rng.randint(5, 40)},
        "answers": answers, "hazards": hazards, "notes": "",
        "signatures": {"inspector": demo_photo(inspector, finished, rng, signature=True),
                       "representative": demo_photo(inspector, finished, rng, signature=True),
                       "representative_name": enterprise.contact_person},
    }


def _hazard(item, photos: list[str], inspector: User, enterprise: Enterprise, finished: datetime,
            rng: random.Random) -> dict:
    on_the_spot = rng.random() < 0.35
    level = "major" if rng.random() < 0.08 else "general"
    hazard = {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "item_id": item.key,
              "description": f"{item.prompt.rstrip('？?')}：不符合要求", "level": level, "photos": photos}
    if on_the_spot:
        hazard.update(mode="on_the_spot", rectification_photos=[demo_photo(inspector, finished, rng)])
    else:
        days = 30 if level == "major" else rng.choice((7, 10, 15))
        hazard.update(mode="deadline", responsible_person=enterprise.contact_person,
                      measures="立即制定整改方案，落实整改责任和资金，按期完成整改并上报整改情况。",
                      deadline=(finished + timedelta(days=days)).date().isoformat())
    return hazard


def demo_photo(uploader: User, taken: datetime, rng: random.Random, signature: bool = False) -> str:
    """Store a generated picture as an uploaded photo and answer its UUID."""
    data = _signature_png(rng) if signature else _scene_jpeg(rng)
    photo_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    upload = check_upload(photo_uuid, data, hashlib.sha256(data).hexdigest())
    store_photo(uploader, upload, PhotoMetadata(taken_at=taken - timedelta(minutes=rng.randint(1, 20))))
    return photo_uuid


def _scene_jpeg(rng: random.Random) -> bytes:
    """A 800×600 picture with a few shapes: enough to tell photos apart in the gallery."""
    image = Image.new("RGB", (800, 600), tuple(rng.randint(90, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 7)):
        x, y = rng.randint(0, 700), rng.randint(0, 500)
        box = (x, y, x + rng.randint(40, 260), y + rng.randint(40, 200))
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        (draw.rectangle if rng.random() < 0.5 else draw.ellipse)(box, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _signature_png(rng: random.Random) -> bytes:
    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    points = [(40 + step * 40, 100 + rng.randint(-50, 50)) for step in range(13)]
    draw.line(points, fill="black", width=4, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()

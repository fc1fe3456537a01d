"""The watermark's cost: CPU to burn the line into a photo's copies, and what a served copy costs.

The photos are the upload benchmark's (bench/photo_ingest.py): 1600 x 1200 camera-like JPEGs of
about 300 KB, whose display copy is the phone's own pixels and whose thumbnail is 320 x 240. For
each photo, in-process, single-threaded, CPU time (process_time) of:

* the upload's processing, for scale (check, decode, derivatives: safety.photos.imaging.process_photo);
* burning the office's line (enterprise, inspector, two times, place) into the display copy and the thumbnail;
* a served copy through the test client: the first request (original hashed again, line burned, copy
  stored) and a later one (original hashed again, stored copy read).

    .venv/bin/python bench/photo_watermark.py --photos 40
"""
import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "bench"))

from photo_ingest import camera_like_jpeg  # noqa: E402


def _cpu_ms(function, *args) -> tuple[float, object]:
    start = time.process_time()
    result = function(*args)
    return (time.process_time() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=40)
    arguments = parser.parse_args()

    from flask_migrate import upgrade

    from safety import create_app
    from safety.extensions import db
    from safety.photos.imaging import process_photo
    from safety.photos.watermark import Provenance, burn_watermark, watermark_parts
    from tests.factories import make_enterprise, make_grid, make_hazard, make_photo, make_user

    folder = tempfile.mkdtemp(prefix="watermark-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "PHOTO_ROOT": f"{folder}/photos",
                      "SECRET_KEY": "bench", "TESTING": True, "RATELIMIT_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False, "SERVER_NAME": "localhost"})
    rng = random.Random(20261204)
    photos = [camera_like_jpeg(rng, 85) for _n in range(arguments.photos)]
    provenance = Provenance("华东机械有限公司", "李检查", datetime(2026, 12, 3, 2, 5, tzinfo=timezone.utc),
                            datetime(2026, 12, 3, 2, 40, tzinfo=timezone.utc), (31.230, 121.474))
    figures = {name: [] for name in ("process", "display", "thumb", "first", "again")}
    with app.app_context():
        upgrade()
        grid = make_grid(code="G1")
        enterprise = make_enterprise(grid=grid, code="E0001", name="华东机械有限公司")
        inspector = make_user("inspector", username="inspector", grids=[grid], display_name="李检查")
        hazard = make_hazard(enterprise)
        stored = [make_photo(inspector, data=data, hazard_id=hazard.id, purpose="hazard", latitude=31.2304,
                             longitude=121.4737, taken_at=datetime.now(timezone.utc) - timedelta(hours=1))
                  for data in photos]
        db.session.commit()
        uuids = [photo.uuid for photo in stored]
        with app.test_request_context():
            parts = watermark_parts(provenance, "拍摄 %(time)s", "接收 %(time)s")
            for data in photos:
                spent, processed = _cpu_ms(process_photo, data, app.config["PHOTO_MAX_PIXELS"])
                figures["process"].append(spent)
                figures["display"].append(_cpu_ms(burn_watermark, processed.display, parts)[0])
                figures["thumb"].append(_cpu_ms(burn_watermark, processed.thumb, parts)[0])
        client = app.test_client()
        response = client.post("/api/v1/session", json={"username": "inspector", "password": "Inspector-pass-1"})
        if response.status_code != 200:
            from tests.factories import DEFAULT_PASSWORD
            client.post("/api/v1/session", json={"username": "inspector", "password": DEFAULT_PASSWORD})
        for photo_uuid in uuids:
            for name in ("first", "again"):
                spent, response = _cpu_ms(client.get, f"/photos/{photo_uuid}/display.jpg")
                assert response.status_code == 200, response.status_code
                figures[name].append(spent)

    def line(label: str, values: list[float]) -> str:
        return (f"{label:<58} mean {statistics.mean(values):6.1f} ms  median {statistics.median(values):6.1f} ms  "
                f"p95 {sorted(values)[int(len(values) * 0.95) - 1]:6.1f} ms")
    mean_kb = sum(map(len, photos)) // len(photos) // 1000
    print(f"{arguments.photos} photos, mean {mean_kb} KB, 1600 x 1200; CPU per photo:")
    print(line("upload processing (check, decode, derivatives)", figures["process"]))
    print(line("watermark burned into the display copy (1600 x 1200)", figures["display"]))
    print(line("watermark burned into the thumbnail (320 x 240)", figures["thumb"]))
    print(line("GET display.jpg, first (hash original, burn, store)", figures["first"]))
    print(line("GET display.jpg, again (hash original, read stored copy)", figures["again"]))
    print(f"sha256 of the inputs: {hashlib.sha256(b''.join(photos)).hexdigest()[:16]}")


if __name__ == "__main__":
    main()

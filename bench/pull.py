"""The field app's pull for an inspector whose two grids hold 500 enterprises (target: < 300 KB gzipped, < 150 ms).

Against a database made by ``generate_scale.py``, signed in as ``inspector01`` (grids G01
and G02: about 500 enterprises and 1,500 hazards not closed), ``GET /api/v1/sync/pull``:

* a full pull (no cursor), what a phone downloads on first sign-in or after its scope changed;
* an incremental pull with a cursor a day old: the cursor of the full pull, with its revision
  moved back past every transaction of the last 24 hours (the phone last synced yesterday).

Each is requested ``--repeat`` times after two warm-up requests; the size is the body
compressed with gzip level 6, as the proxy in ``docs/DEPLOY.md`` sends it. In-process
(Flask test client): the time is the application's and the database's work (see
``server_timing.py``).

    DATABASE_URL=sqlite:////tmp/scale.sqlite .venv/bin/python bench/pull.py [--repeat 20]
"""
import argparse
import gzip
import json
import os
import sys
from datetime import timedelta

from server_timing import SCALE_PASSWORD, database_kind, make_app, measure, sign_in

TARGET_BYTES = 300 * 1024
TARGET_MS = 150


def day_old_revision(app) -> tuple[int, int]:
    """The revision a phone that pulled 24 hours ago holds, and the revisions handed out since."""
    from sqlalchemy import func, select

    from safety.common.revisions import current_revision
    from safety.common.types import utcnow
    from safety.extensions import db
    from safety.hazards.models import HazardEvent
    from safety.inspections.models import Inspection
    with app.app_context():
        since = utcnow() - timedelta(days=1)
        # One revision per transaction: an inspection synced, a review, a hazard event.
        synced = db.session.scalar(select(func.count()).where(Inspection.received_at >= since))
        reviewed = db.session.scalar(select(func.count()).where(Inspection.reviewed_at >= since))
        events = db.session.scalar(select(func.count()).where(HazardEvent.received_at >= since,
                                                               HazardEvent.type != "found"))
        current = current_revision()
        db.session.remove()
    day = synced + reviewed + events
    return current - day, day


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--username", default="inspector01")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("name the database made by generate_scale.py with DATABASE_URL or --database-url")
    app = make_app(args.database_url)
    client = sign_in(app, args.username, SCALE_PASSWORD)
    print(f"{database_kind(args.database_url)}, in-process, {args.repeat} requests after 2 warm-up, "
          f"as {args.username}")

    full = measure(app, client, "/api/v1/sync/pull", args.repeat)
    body = json.loads(full.body)
    revision, day = day_old_revision(app)
    _version, _revision, fingerprint = body["cursor"].split(".")
    cursor = f"v1.{revision}.{fingerprint}"
    delta = measure(app, client, f"/api/v1/sync/pull?since={cursor}", args.repeat)
    delta_body = json.loads(delta.body)
    if full.status != 200 or delta.status != 200 or delta_body["full"]:
        raise SystemExit(f"pull answered {full.status} / {delta.status}, full={delta_body.get('full')}")

    print(f"{'pull':<34} {'rows':>20} {'KB':>8} {'KB gzip':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>7} {'statements':>10}")
    failed = 0
    for name, timing, answer in (("full (no cursor)", full, body),
                                 (f"incremental (a day: {day:,} revisions)", delta, delta_body)):
        zipped = len(gzip.compress(timing.body, 6))
        rows = f"{len(answer['enterprises'])} ent, {len(answer['hazards'])} haz"
        print(f"{name:<34} {rows:>20} {timing.size / 1024:>8.1f} {zipped / 1024:>8.1f} {timing.p50:>8.1f} "
              f"{timing.p95:>8.1f} {timing.cpu50:>7.1f} {timing.statements:>10}")
        failed += zipped >= TARGET_BYTES or timing.p95 >= TARGET_MS
    print(f"target: < {TARGET_BYTES // 1024} KB gzipped, p95 < {TARGET_MS} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

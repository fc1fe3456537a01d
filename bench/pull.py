"""The field app's pull for an inspector with 500 enterprises and 200 tasks (target: < 300 KB gzipped, < 150 ms).

Against a database made by ``generate_scale.py``, signed in as ``inspector01`` (grids G01
and G02: about 500 enterprises and 1,500 hazards not closed), ``GET /api/v1/sync/pull``:

* a full pull (no cursor), what a phone downloads on first sign-in or after its scope changed;
* an incremental pull with a cursor a day old: the cursor of the full pull, with its revision
  moved back past every transaction of the last 24 hours (the phone last synced yesterday).

Both are measured twice in the same run: first as the database is (the baseline), then after an
active campaign gives the inspector ``--tasks`` tasks (200), each with a colleague, due over four
months, a tenth of them at enterprises outside the inspector's grids (as a random draw makes
them). The incremental pull then carries every task, all new since the cursor. The campaign is
removed again at the end, so the database can be measured again; the ratios compare the two.

The application is made as a gunicorn worker starts (``server_timing.make_app``): the returned inspections'
documents kept before it serves (``safety.sync.returned``), so the first full pull of each inspector finds
them. The full pull with tasks is measured a second time with none of them kept: the pull after every one of
the user's returned inspections changed since the worker started, each built anew. It is printed for the
record; the verdict, as before those documents were kept, is on the full pull and the incremental one.

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


BENCH_CAMPAIGN = "BENCH-TASKS"


def add_tasks(app, username: str, count: int) -> int:
    """An active campaign giving ``username`` ``count`` tasks, a tenth outside their grids; answers how many
    enterprises outside their grids it opened to them."""
    import random

    from sqlalchemy import select

    from safety.campaigns.models import Campaign, CampaignTemplate
    from safety.campaigns.operations import NewTask, insert_tasks
    from safety.checklists.models import ChecklistTemplate
    from safety.common.office_time import office_today
    from safety.enterprises.models import Enterprise
    from safety.extensions import db
    from safety.units.tree import get_root
    from safety.users.models import User

    rng = random.Random(11)
    with app.app_context():
        remove_tasks(app)
        user = db.session.scalar(select(User).where(User.username == username))
        colleague = db.session.scalar(select(User).where(User.role == "inspector", User.id != user.id)
                                      .order_by(User.username))
        own_grids = [grid.id for grid in user.grids]
        own = list(db.session.scalars(select(Enterprise.id).where(Enterprise.grid_id.in_(own_grids),
                                                                   Enterprise.status != "closed")))
        other = list(db.session.scalars(select(Enterprise.id).where(Enterprise.grid_id.not_in(own_grids),
                                                                     Enterprise.status != "closed").limit(2000)))
        outside = count // 10
        picked = rng.sample(own, count - outside) + rng.sample(other, outside)
        today = office_today()
        templates = list(db.session.scalars(select(ChecklistTemplate.id).where(ChecklistTemplate.active.is_(True))
                                            .order_by(ChecklistTemplate.id).limit(2)))
        campaign = Campaign(code=BENCH_CAMPAIGN, name="消防安全专项整治（基准）", kind="campaign", basis_number="〔2026〕1号",
                            basis_title="基准测试", starts_on=today - timedelta(days=30),
                            ends_on=today + timedelta(days=120), scope={}, enforcement=True, status="active",
                            unit=get_root(),
                            template_links=[CampaignTemplate(template_id=t, position=n)
                                            for n, t in enumerate(templates)])
        db.session.add(campaign)
        db.session.flush()
        insert_tasks(campaign, [NewTask(enterprise_id, today - timedelta(days=20) + timedelta(days=n * 140 // count),
                                        (user.id, colleague.id)) for n, enterprise_id in enumerate(picked)], None)
        db.session.commit()
        db.session.remove()
        refresh_task_statistics()
    return outside


def refresh_task_statistics() -> None:
    """On PostgreSQL, the tables the tasks are in vacuumed and their planner statistics fresh, as autovacuum
    leaves them within a minute of a change that size (this machine's server runs with autovacuum off). Planned
    with the statistics of empty tables, the pull with 200 tasks took nested loops that cost it 30 ms more; and
    each run left 200 dead rows in each, which slowed every later run's reading of the tasks."""
    from sqlalchemy import text

    from safety.extensions import db
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE campaigns, campaign_templates, tasks, task_team"))


def remove_tasks(app) -> None:
    """Delete the bench campaign and its tasks, if a run left them."""
    from sqlalchemy import delete, select

    from safety.campaigns.models import Campaign, CampaignTemplate, Task, TaskMember
    from safety.extensions import db
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).where(Campaign.code == BENCH_CAMPAIGN))
        if campaign_id is not None:
            task_ids = select(Task.id).where(Task.campaign_id == campaign_id)
            db.session.execute(delete(TaskMember).where(TaskMember.task_id.in_(task_ids)))
            db.session.execute(delete(Task).where(Task.campaign_id == campaign_id))
            db.session.execute(delete(CampaignTemplate).where(CampaignTemplate.campaign_id == campaign_id))
            db.session.execute(delete(Campaign).where(Campaign.id == campaign_id))
            db.session.commit()
            refresh_task_statistics()
        db.session.remove()


def forget_kept_documents(app) -> None:
    """Drop the returned inspections' documents the application keeps between pulls (safety.sync.returned), as
    for an inspector whose returned inspections all changed since their last pull."""
    app.extensions.pop("pulled_returned_inspections", None)


def counts(timing) -> dict:
    """How many rows of each list a measured pull answered, its cursor and whether it was full. Only these are
    kept of the parsed body: a few parsed pulls held by this process would be hundreds of thousands of objects
    for the garbage collector to walk during the next requests, which no server holds."""
    body = json.loads(timing.body)
    return {**{key: len(body[key]) for key in ("enterprises", "hazards", "tasks", "returned")},
            "cursor": body["cursor"], "full": body["full"]}


def measure_with_nothing_kept(app, client, repeat: int):
    """The full pull with no returned inspection's document kept yet: (timing, counts)."""
    timing = measure(app, client, "/api/v1/sync/pull", repeat, before_each=lambda: forget_kept_documents(app))
    return timing, counts(timing)


def measure_pulls(app, client, repeat: int):
    """The full pull (its returned documents kept from the pull before) and the incremental one with a cursor a
    day old: (timing, counts) of each, and the day's revisions."""
    full = measure(app, client, "/api/v1/sync/pull", repeat)
    body = counts(full)
    revision, day = day_old_revision(app)
    _version, _revision, fingerprint = body["cursor"].split(".")
    cursor = f"v1.{revision}.{fingerprint}"
    delta = measure(app, client, f"/api/v1/sync/pull?since={cursor}", repeat)
    delta_body = counts(delta)
    if full.status != 200 or delta.status != 200 or delta_body["full"]:
        raise SystemExit(f"pull answered {full.status} / {delta.status}, full={delta_body['full']}")
    return (full, body), (delta, delta_body), day


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--username", default="inspector01")
    parser.add_argument("--tasks", type=int, default=200)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("name the database made by generate_scale.py with DATABASE_URL or --database-url")
    app = make_app(args.database_url)
    client = sign_in(app, args.username, SCALE_PASSWORD)
    print(f"{database_kind(args.database_url)}, in-process, {args.repeat} requests after 2 warm-up, "
          f"as {args.username}")

    remove_tasks(app)
    (full, body), (delta, delta_body), day = measure_pulls(app, client, args.repeat)
    outside = add_tasks(app, args.username, args.tasks)
    try:
        (task_full, task_body), (task_delta, task_delta_body), _day = measure_pulls(app, client, args.repeat)
        task_anew, task_anew_body = measure_with_nothing_kept(app, client, args.repeat)
    finally:
        remove_tasks(app)

    print(f"{'pull':<40} {'rows':>26} {'KB':>7} {'KB gzip':>8} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} "
          f"{'statements':>10}")
    failed = 0
    zipped = {}
    for key, name, timing, answer in (
            ("full", "full, baseline", full, body),
            ("delta", f"incremental (a day: {day:,} revisions), baseline", delta, delta_body),
            ("task_full", f"full, {args.tasks} tasks ({outside} outside grids)", task_full, task_body),
            ("task_anew", f"the same, its {task_body['returned']} returned built anew", task_anew, task_anew_body),
            ("task_delta", f"incremental, {args.tasks} tasks new", task_delta, task_delta_body)):
        zipped[key] = len(gzip.compress(timing.body, 6))
        rows = f"{answer['enterprises']} ent, {answer['hazards']} haz, {answer['tasks']} tasks"
        print(f"{name:<40} {rows:>26} {timing.size / 1024:>7.1f} {zipped[key] / 1024:>8.1f} {timing.p50:>7.1f} "
              f"{timing.p95:>7.1f} {timing.cpu50:>7.1f} {timing.statements:>10}")
        if key in ("task_full", "task_delta"):
            failed += zipped[key] >= TARGET_BYTES or timing.p95 >= TARGET_MS
    for key, base, timing, base_timing in (("task_full", "full", task_full, full),
                                           ("task_delta", "delta", task_delta, delta)):
        print(f"ratio with tasks / baseline, {base:<5}: gzip {zipped[key] / zipped[base]:.2f}, "
              f"p95 {timing.p95 / base_timing.p95:.2f}, CPU {timing.cpu50 / base_timing.cpu50:.2f}")
    print(f"target: < {TARGET_BYTES // 1024} KB gzipped, p95 < {TARGET_MS} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

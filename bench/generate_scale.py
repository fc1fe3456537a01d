"""A district-sized database for the server benchmarks: 10k enterprises, 200k hazards, 1M answers.

Fills a fresh, throwaway database (a SQLite file, or an empty PostgreSQL database) named by
``DATABASE_URL`` or ``--database-url``, after applying the project's migrations. Grids, users
and checklist templates are made through the domain functions (a few dozen rows); the bulk
rows (enterprises, inspections and their answers, hazards with their event logs and evidence
photos, rectification notices) are inserted in lists through SQLAlchemy Core, as the domain
functions would have left them:

* a hazard's status is where its event log leads (``found``, ``plan_set`` for a major one,
  ``rectification_reported``, ``recheck_failed`` with a new deadline, ``recheck_passed``,
  ``verified``, ``escalated``, ``reopened``, a late duplicate stored as not applied); one
  found on the spot is closed by its inspection; ``recurring`` is decided as the ingest does,
  against the unclosed hazards of the same enterprise and item;
* ``sync_rev``: every transaction (an inspection synced, a hazard event, a review) takes the
  next revision in time order, and the counter ends at the highest;
* times are aware UTC, inspections finished in the office's working hours.

Two years of history, heavier recently; about 15 % of hazards are not closed yet, which puts
about 500 enterprises and 1,500 open hazards in each inspector's two grids.

    DATABASE_URL=sqlite:////tmp/scale.sqlite .venv/bin/python bench/generate_scale.py
    createdb -h 127.0.0.1 -U postgres safety_scale
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/safety_scale .venv/bin/python bench/generate_scale.py
"""
import argparse
import os
import random
import sys
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text, update  # noqa: E402

from safety import create_app  # noqa: E402
from safety.common.canonical import value_hash  # noqa: E402

SEED = 20261123
PASSWORD = "bench-Scale-2026"
GRIDS = 40
INSPECTORS = 20  # two grids each
SUPERVISOR_GRIDS = 8  # the supervisor with a jurisdiction: the first eight grids
HISTORY_DAYS = 730
COMPOSITE_SHARE = 0.8  # inspections on the 33-item general checklist; the rest on their sector's own

SECTOR_WEIGHTS = {"machinery": 14, "metallurgy": 5, "building_materials": 6, "light_industry": 10, "textiles": 7,
                  "food": 8, "woodworking": 5, "chemicals": 6, "warehousing": 9, "construction": 6, "gas": 3,
                  "commerce": 12, "hospitality": 9}
SECTOR_TOPIC = {"chemicals": "hazardous_chemicals", "gas": "gas", "construction": "construction",
                "woodworking": "dust", "metallurgy": "special_equipment", "food": "confined_space",
                "warehousing": "fire", "commerce": "fire", "hospitality": "gas"}
CLASS_BY_SECTOR = {"chemicals": "AAB", "gas": "AAB", "metallurgy": "BBC", "woodworking": "BBC",
                   "construction": "BBC", "commerce": "BCC"}
SECTOR_SUFFIX = {"machinery": "机械制造", "metallurgy": "金属制品", "building_materials": "建材", "light_industry": "塑料制品",
                 "textiles": "纺织", "food": "食品", "woodworking": "木业", "chemicals": "化工", "warehousing": "物流",
                 "construction": "建设工程", "gas": "燃气", "commerce": "商贸", "hospitality": "餐饮管理"}
NAME_WORDS = "华瑞昌达永盛鑫泰宏远金诚华宇建新丰石湖美佳彩雅诺顺达锦绣丝路华纶韵禾鲜味粮油甜心森源绿林精细海川瑞科润东方通冷链快捷鼎盛安能德润万家星光乐购悦来川味程"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛"
GIVEN = "海涛秀英建军洋志强丽国庆敏斌静磊红梅晓东立新峰小燕伟春华俊欣永康佳凯芳冬晓红志刚洁明雨浩丽娟野超群文静强佳怡凡立军晓梅航建平婷永生慧国华莉"
STREETS = ("创业路", "兴东路", "科技大道", "长江西路", "工业一路", "金桥路", "南湖路", "湖滨路", "物流大道", "北环路", "化工园路",
           "富民路")
MEASURES = ("立即更换损坏部件并加强日常巡查", "补齐台账记录，明确专人负责", "清理通道堆放物，设置警示标识", "委托有资质单位检测维修",
            "组织全员培训并开展应急演练", "更换合格器材，建立定期检查制度")
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "189")
KINDS = (("routine", 60), ("campaign", 20), ("lookback", 15), ("unannounced", 5))


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class Revisions:
    """Every transaction of the history, in time order, so each gets the revision the counter would have given."""

    def __init__(self):
        self.transactions = []  # (time, tie-breaker, callback key)

    def add(self, at: datetime, key: tuple) -> None:
        self.transactions.append((at, len(self.transactions), key))

    def assign(self, first: int) -> dict[tuple, int]:
        self.transactions.sort()
        return {key: first + index for index, (_at, _n, key) in enumerate(self.transactions)}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--hazards", type=int, default=200_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("name the throwaway database with DATABASE_URL or --database-url")
    return args


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        from flask_migrate import upgrade

        from safety.extensions import db
        from safety.users.models import User
        upgrade()
        if db.session.scalar(select(User.id).limit(1)) is not None:
            raise SystemExit("The database is not empty: give a fresh, throwaway one.")
        counts = Generator(args, db).run()
    elapsed = time.perf_counter() - started
    width = max(len(name) for name in counts)
    for name, number in counts.items():
        print(f"{name:<{width}}  {number:>10,}")
    print(f"generated in {elapsed:.0f} s")
    return 0


class Generator:
    def __init__(self, args, db):
        self.args = args
        self.db = db
        self.rng = random.Random(args.seed)
        self.now = datetime.now(timezone.utc).replace(microsecond=0)
        self.dialect = db.engine.dialect.name

    # --- the few rows made through the domain functions -------------------------------------------------

    def people_and_templates(self):
        from safety.checklists.library import LIBRARY, _build, install_library
        from safety.users.operations import create_grid, create_user
        db = self.db
        self.grids = [create_grid(f"G{n:02d}", f"滨江经济开发区第{n}网格") for n in range(1, GRIDS + 1)]
        self.admin = create_user("admin", "admin", PASSWORD, display_name="王建国")
        self.supervisor = create_user("supervisor", "supervisor", PASSWORD, display_name="陈静")
        self.district_supervisor = create_user(
            "supervisor_east", "supervisor", PASSWORD, display_name="周敏",
            grid_codes=[grid.code for grid in self.grids[:SUPERVISOR_GRIDS]])
        self.inspectors = [create_user(f"inspector{n:02d}", "inspector", PASSWORD, display_name=person(self.rng),
                                       grid_codes=[self.grids[2 * n - 2].code, self.grids[2 * n - 1].code])
                           for n in range(1, INSPECTORS + 1)]
        templates = install_library(created_by=self.admin)
        by_topic = {data["topic"]: data for data in LIBRARY}
        composite = {"name": "综合安全检查表", "topic": "fire",
                     "description": "日常检查用：消防与用电两部分合并为一张表。",
                     "sections": by_topic["fire"]["sections"] + by_topic["electrical"]["sections"]}
        general = _build(composite, self.admin)
        db.session.add(general)
        db.session.flush()
        db.session.commit()
        self.versions = {}  # topic or "general" → (version id, [(item id, key, kind, prompt, basis)])
        for template, key in [(t, t.topic) for t in templates] + [(general, "general")]:
            version = template.versions[0]
            self.versions[key] = (version.id, [(item.id, item.key, item.kind, item.prompt) for item in version.items()])
        self.inspector_of_grid = {}
        for inspector in self.inspectors:
            for grid in inspector.grids:
                self.inspector_of_grid[grid.id] = inspector.id
        self.supervisor_id = self.supervisor.id
        self.names = {user.id: user.display_name for user in [self.admin, self.supervisor] + self.inspectors}

    # --- bulk rows --------------------------------------------------------------------------------------

    def enterprises(self) -> list[dict]:
        from safety.enterprises.uscc import make_uscc
        rng = self.rng
        sectors, weights = zip(*SECTOR_WEIGHTS.items())
        usccs = set()
        rows = []
        for n in range(1, self.args.enterprises + 1):
            sector = rng.choices(sectors, weights)[0]
            uscc = make_uscc(rng)
            while uscc in usccs:
                uscc = make_uscc(rng)
            usccs.add(uscc)
            status = rng.choices(("active", "suspended", "closed"), (95, 3, 2))[0]
            rows.append({
                "id": n, "code": f"E{n:05d}", "uscc": uscc, "sector": sector,
                "name": f"{''.join(rng.sample(NAME_WORDS, 2))}{SECTOR_SUFFIX[sector]}有限公司",
                "address": f"滨江经济开发区{rng.choice(STREETS)}{rng.randint(1, 999)}号",
                "supervision_class": rng.choice(CLASS_BY_SECTOR.get(sector, "CCCDD")),
                "grid_id": self.grids[(n - 1) % GRIDS].id,
                "contact_person": person(rng),
                "contact_phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}",
                "status": status, "created_at": self.start, "updated_at": self.start, "sync_rev": 0})
        return rows

    def finished_times(self, count: int) -> list[datetime]:
        """Finish times over the history, more of them recently, in office hours (08:30–17:30 in Shanghai)."""
        rng = self.rng
        times = []
        while len(times) < count:
            days_ago = HISTORY_DAYS * rng.random() ** 1.4
            day = (self.now - timedelta(days=days_ago)).date()
            at = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(
                minutes=rng.randint(30, 9 * 60 + 30))
            if at < self.now - timedelta(minutes=30):
                times.append(at)
        return sorted(times)

    def run(self) -> dict[str, int]:
        db = self.db
        rng = self.rng
        self.start = self.now - timedelta(days=HISTORY_DAYS + 30)
        self.people_and_templates()
        enterprises = self.enterprises()
        by_id = {row["id"]: row for row in enterprises}
        general_items = len(self.versions["general"][1])
        other_items = sum(len(items) for key, (_v, items) in self.versions.items() if key != "general") / (
            len(self.versions) - 1)
        mean_items = COMPOSITE_SHARE * general_items + (1 - COMPOSITE_SHARE) * other_items
        inspection_count = round(self.args.answers / mean_items)
        fail_rate = self.args.hazards / self.args.answers
        revisions = Revisions()
        revisions.add(self.start, ("enterprises",))

        # Inspections visit supervised enterprises; class A more often than D.
        visit_weight = {"A": 6, "B": 3, "C": 2, "D": 1}
        visitable = [row for row in enterprises if row["status"] != "closed"]
        visit_weights = [visit_weight[row["supervision_class"]] for row in visitable]
        kinds, kind_weights = zip(*KINDS)
        # Each enterprise has a few weak items that fail again and again (反复出现).
        weak: dict[tuple[int, str], list] = {}

        inspections, answers, hazards, events, photos, documents = [], [], [], [], [], []
        unclosed_until: dict[tuple[int, str], datetime] = {}  # latest closing time of a hazard per (enterprise, item)
        far_future = self.now + timedelta(days=36500)
        hazard_id = event_id = photo_id = answer_id = 0
        notice_numbers: Counter = Counter()
        for inspection_id, finished in enumerate(self.finished_times(inspection_count), start=1):
            enterprise = rng.choices(visitable, visit_weights)[0]
            inspector_id = self.inspector_of_grid[enterprise["grid_id"]]
            topic = "general" if rng.random() < COMPOSITE_SHARE else SECTOR_TOPIC.get(enterprise["sector"], "electrical")
            version_id, items = self.versions[topic]
            received = finished + timedelta(seconds=rng.randint(5, 3600))
            age = (self.now - received).days
            if age < 10:
                state = rng.choices(("submitted", "approved", "returned"), (70, 26, 4))[0]
            else:
                state = rng.choices(("submitted", "approved", "returned"), (3, 95, 2))[0]
            reviewed_at = None
            revisions.add(received, ("synced", inspection_id))
            if state != "submitted":
                reviewed_at = min(received + timedelta(hours=rng.uniform(2, 96)), self.now - timedelta(minutes=5))
                revisions.add(reviewed_at, ("reviewed", inspection_id))
            latitude = 31.30 + rng.random() * 0.2
            inspections.append({
                "id": inspection_id, "uuid": uuid4(rng), "enterprise_id": enterprise["id"],
                "template_version_id": version_id, "inspector_id": inspector_id, "co_inspectors": "",
                "kind": rng.choices(kinds, kind_weights)[0], "started_at": finished - timedelta(minutes=rng.randint(25, 120)),
                "finished_at": finished, "received_at": received, "latitude": latitude,
                "longitude": 120.55 + rng.random() * 0.2, "accuracy_m": float(rng.randint(5, 60)),
                "identified_by": "qr" if rng.random() < 0.85 else "manual", "notes": "",
                "representative_name": enterprise["contact_person"], "review_state": state,
                "review_comment": "请补充整改照片后重新提交。" if state == "returned" else "",
                "reviewed_by_id": self.supervisor_id if reviewed_at else None, "reviewed_at": reviewed_at,
                "revision_of_id": None, "revision": 1, "original_id": None, "sync_rev": 0})

            pass_fail = [item for item in items if item[2] == "pass_fail"]
            weak_items = weak.setdefault((enterprise["id"], topic), rng.sample(pass_fail, 4))
            # A weak item fails three times as often as another; on average fail_rate of all answers fail.
            base = fail_rate * len(items) / (4 * 3 + len(pass_fail) - 4)
            failed = {item[0] for item in pass_fail if rng.random() < min(0.95, base * (3 if item in weak_items else 1))}
            found_here = []
            for item_id, key, kind, prompt in items:
                answer_id += 1
                if kind == "pass_fail":
                    result = "fail" if item_id in failed else ("na" if rng.random() < 0.05 else "pass")
                    value = None
                else:
                    result = None
                    value = str(rng.randint(0, 40)) if kind == "number" else "已核查，情况正常"
                answers.append({"id": answer_id, "inspection_id": inspection_id, "item_id": item_id,
                                "result": result, "value": value, "note": "现场发现问题" if result == "fail" else ""})
                if result == "fail":
                    found_here.append((item_id, key, prompt))
            has_deadline_hazard = False
            for item_id, key, prompt in found_here:
                hazard_id += 1
                hazard, hazard_events, hazard_photos, event_id, photo_id = self.hazard(
                    hazard_id, event_id, photo_id, enterprise, inspection_id, inspector_id, item_id, key, prompt,
                    finished, revisions)
                recurring_key = (enterprise["id"], key)
                hazard["recurring"] = unclosed_until.get(recurring_key, finished) > finished
                hazards.append(hazard)
                events.extend(hazard_events)
                photos.extend(hazard_photos)
                has_deadline_hazard |= hazard["mode"] == "deadline"
            for hazard in hazards[len(hazards) - len(found_here):]:
                key = (hazard["enterprise_id"], hazard["item_key"])
                closes = hazard["closed_at"] or far_future
                unclosed_until[key] = max(unclosed_until.get(key, closes), closes)
            if has_deadline_hazard and rng.random() < 0.4:
                year = (finished + timedelta(hours=8)).year
                notice_numbers[year] += 1
                content = {"enterprise": {"code": enterprise["code"], "name": enterprise["name"]},
                           "hazards": [prompt[:60] for _i, _k, prompt in found_here]}
                documents.append({
                    "kind": "rectification_order", "year": year, "number": notice_numbers[year],
                    "reference": f"〔{year}〕第{notice_numbers[year]:03d}号", "source_key": f"inspection:{inspection_id}",
                    "edition": 1, "sha256": value_hash(content),
                    "enterprise_id": enterprise["id"], "inspection_id": inspection_id, "hazard_event_id": None,
                    "issued_by_id": inspector_id, "issued_at": finished + timedelta(minutes=10),
                    "content": content})

        first = self.db.session.scalar(text("SELECT value FROM sync_counter WHERE id = 1")) + 1
        assigned = revisions.assign(first)
        for row in enterprises:
            row["sync_rev"] = assigned[("enterprises",)]
        for row in inspections:
            row["sync_rev"] = assigned.get(("reviewed", row["id"])) or assigned[("synced", row["id"])]
        for row in hazards:
            # The last transaction that changed it: a later event, or the sync of the inspection that found it.
            last = row.pop("_last")
            row["sync_rev"] = assigned[("hazard", row["id"], last)] if last else assigned[("synced", row["inspection_id"])]
        db.session.execute(update_counter(max(assigned.values())))
        db.session.commit()

        from safety.models import Answer, Document, Enterprise, Hazard, HazardEvent, Inspection, Photo
        tables = [(Enterprise, enterprises), (Inspection, inspections), (Answer, answers), (Hazard, hazards),
                  (HazardEvent, events), (Photo, photos), (Document, documents)]
        for model, rows in tables:
            self.insert(model.__table__, rows)
        # The rows went in by Core, past the commit step that keeps the report's daily figures: count them once.
        from safety.reports.rollup import rebuild_figures
        started = time.perf_counter()
        with self.db.engine.begin() as connection:
            counted = rebuild_figures(connection)
        print(f"  daily_figures: {counted:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        self.finish([model.__table__ for model, _rows in tables])
        # The numbering carries on from the orders made here (safety.common.numbering, series doc:<kind>).
        from safety.common.numbering import NumberSequence
        self.insert(NumberSequence.__table__, [{"series": "doc:rectification_order", "year": year, "last": last}
                                               for year, last in notice_numbers.items()])
        # An enterprise account, made as an administrator would, for an enterprise with open hazards.
        from safety.users.operations import create_user
        open_at = next(row["enterprise_id"] for row in hazards if row["status"] == "open")
        create_user("enterprise", "enterprise", PASSWORD, enterprise_code=by_id[open_at]["code"])
        db.session.commit()

        statuses = Counter(row["status"] for row in hazards)
        today = (self.now + timedelta(hours=8)).date()
        overdue = sum(1 for row in hazards if row["status"] == "open" and row["deadline"] and row["deadline"] < today)
        mine = {grid.id for grid in self.inspectors[0].grids}
        in_grids = {row["id"] for row in enterprises if row["grid_id"] in mine and row["status"] != "closed"}
        result = {"enterprises": len(enterprises), "inspections": len(inspections), "answers": len(answers),
                  "hazards": len(hazards)}
        result.update({f"  {status}": statuses[status] for status in ("open", "rectified", "pending_verification",
                                                                      "closed")})
        result.update({"  overdue": overdue, "  escalated": sum(row["escalated"] for row in hazards),
                       "  recurring": sum(row["recurring"] for row in hazards),
                       "  major": sum(row["level"] == "major" for row in hazards),
                       "hazard events": len(events), "photos": len(photos), "documents": len(documents),
                       "inspector01: enterprises": len(in_grids),
                       "inspector01: unclosed hazards": sum(1 for row in hazards if row["enterprise_id"] in in_grids
                                                            and row["status"] != "closed"),
                       "sync revision": max(assigned.values())})
        return result

    def hazard(self, hazard_id, event_id, photo_id, enterprise, inspection_id, inspector_id, item_id, key, prompt,
               found, revisions):
        """One hazard and its life so far: its row, its events and its photos, as the life cycle would leave them."""
        rng = self.rng
        uuid_value = uuid4(rng)
        major = rng.random() < 0.04
        mode = "deadline" if major or rng.random() < 0.65 else "on_the_spot"
        found_day = (found + timedelta(hours=8)).date()
        deadline = found_day + timedelta(days=rng.choice((7, 15, 15, 30, 30, 60) if major else (3, 7, 7, 15, 15, 30))) \
            if mode == "deadline" else None
        description = "检查发现：" + prompt.replace("是否", "未")[:60]
        hazard = {"id": hazard_id, "uuid": uuid_value, "enterprise_id": enterprise["id"],
                  "inspection_id": inspection_id, "item_id": item_id, "item_key": key, "description": description,
                  "level": "major" if major else "general", "mode": mode,
                  "responsible_person": enterprise["contact_person"], "measures": rng.choice(MEASURES),
                  "deadline": deadline, "status": "open", "found_at": found, "found_by_id": inspector_id,
                  "closed_at": None, "created_at": found + timedelta(seconds=rng.randint(5, 3600)),
                  "escalated": False, "escalated_at": None, "recurring": False, "failed_recheck_count": 0,
                  "funds": "", "emergency_plan": "", "supervising_unit": "", "supervision_deadline": None}
        events, photos = [], []
        transactions = []  # the times of the transactions that changed the hazard after its inspection

        def event(kind, actor, role, at, applied=True, to=None, note="", new_deadline=None, signed_by="",
                  plan=None, derived=False):
            nonlocal event_id
            event_id += 1
            from_status = None if kind == "found" else hazard["status"]
            to_status = to if applied else from_status
            events.append({
                "id": event_id, "hazard_id": hazard_id,
                "uuid": str(uuid.uuid5(uuid.UUID(uuid_value), kind)) if derived else uuid4(rng),
                "type": kind, "actor_id": actor, "role": role, "at": at,
                "received_at": at + timedelta(seconds=rng.randint(1, 7200)), "note": note,
                "new_deadline": new_deadline, "applied": applied, "reason": None if applied else "not_in_state",
                "from_status": from_status, "to_status": to_status, "signed_by": signed_by, "plan": plan})
            # What the hazard keeps of its latest event, as apply_event leaves it.
            hazard.update(last_event_type=kind, last_event_note=note, last_event_applied=applied,
                          last_event_actor_id=actor)
            if applied:
                hazard["status"] = to
            return event_id

        def photo(purpose, at, event):
            nonlocal photo_id
            photo_id += 1
            photos.append({
                "id": photo_id, "uuid": uuid4(rng), "sha256": "%064x" % rng.getrandbits(256),
                "content_type": "image/jpeg", "size_bytes": rng.randint(180_000, 420_000), "width": 1600,
                "height": 1200, "purpose": purpose, "taken_at": at - timedelta(minutes=rng.randint(1, 20)),
                "received_at": at + timedelta(minutes=rng.randint(1, 60)), "latitude": None, "longitude": None,
                "accuracy_m": None, "uploader_id": inspector_id, "inspection_id": None, "answer_id": None,
                "hazard_id": hazard_id, "hazard_event_id": event})

        def later(at):
            transactions.append(at)
            return at

        # The events an inspection's sync derives (found; reported and passed for a fix on the spot) carry no
        # written signature, as record_found_hazard and record_rectified_on_the_spot leave them.
        found_event = event("found", inspector_id, "inspector", found, to="open", derived=True)
        photo("hazard", found, found_event)
        if mode == "on_the_spot":
            reported = event("rectification_reported", inspector_id, "inspector", found, to="rectified",
                             derived=True)
            photo("rectification", found, reported)
            event("recheck_passed", inspector_id, "inspector", found, to="closed", derived=True)
            hazard["closed_at"] = found
        else:
            self.follow_up(hazard, event, photo, later, inspector_id, enterprise, found, found_day)
        hazard["_last"] = len(transactions)
        for number, at in enumerate(sorted(transactions), start=1):
            revisions.add(at, ("hazard", hazard_id, number))
        return hazard, events, photos, event_id, photo_id

    def follow_up(self, hazard, event, photo, later, inspector_id, enterprise, found, found_day):
        """The life of a hazard with a deadline after its inspection, up to now."""
        rng = self.rng
        supervisor = self.supervisor_id
        now = self.now
        if hazard["level"] == "major":
            at = found + timedelta(days=rng.uniform(0.5, 3))
            if at < now:
                plan = {"funds": f"{rng.randint(1, 50)}万元", "emergency_plan": "已制定专项应急预案并组织演练",
                        "supervising_unit": "区应急管理局", "supervision_deadline": hazard["deadline"].isoformat()}
                event("plan_set", supervisor, "supervisor", later(at), to="open", plan=plan,
                      signed_by=self.names[supervisor])
                hazard.update(plan, supervision_deadline=hazard["deadline"])
        start, deadline = found, hazard["deadline"]
        stuck = 0.12
        while True:
            if rng.random() < stuck:  # never reported: it stays open and, past its deadline, overdue
                due = datetime(deadline.year, deadline.month, deadline.day, tzinfo=timezone.utc)
                if hazard["failed_recheck_count"] >= 2 or rng.random() < 0.5:
                    at = due + timedelta(days=31 + rng.uniform(0, 10))
                    if at < now:
                        event("escalated", supervisor, "supervisor", later(at), to="open", note="多次督促仍未整改，移送处理")
                        hazard.update(escalated=True, escalated_at=at)
                return
            window = (deadline - (start + timedelta(hours=8)).date()).days
            reported_at = start + timedelta(days=max(0.5, window * rng.uniform(0.3, 1.15)))
            if reported_at >= now:
                return
            reported = event("rectification_reported", inspector_id, "inspector", later(reported_at), to="rectified",
                             signed_by=enterprise["contact_person"], note="企业已按要求完成整改")
            photo("rectification", reported_at, reported)
            rechecked_at = reported_at + timedelta(days=rng.uniform(2, 40))
            if rechecked_at >= now:
                return
            if rng.random() < 0.12:
                new_deadline = (rechecked_at + timedelta(hours=8)).date() + timedelta(days=15)
                event("recheck_failed", inspector_id, "inspector", later(rechecked_at), to="open",
                      new_deadline=new_deadline, note="整改不到位，重新限期整改")
                hazard["failed_recheck_count"] += 1
                hazard["deadline"] = new_deadline
                start, deadline, stuck = rechecked_at, new_deadline, 0.08
                continue
            major = hazard["level"] == "major"
            event("recheck_passed", inspector_id, "inspector", later(rechecked_at),
                  to="pending_verification" if major else "closed", signed_by=self.names[inspector_id])
            if not major:
                hazard["closed_at"] = rechecked_at
            else:
                verified_at = rechecked_at + timedelta(days=rng.uniform(1, 12))
                if verified_at >= now:
                    return
                event("verified", supervisor, "supervisor", later(verified_at), to="closed",
                      signed_by=self.names[supervisor])
                hazard["closed_at"] = verified_at
            late = hazard["closed_at"] + timedelta(days=rng.uniform(0.1, 3))
            if rng.random() < 0.01 and late < now:
                # A second inspector's offline re-check, arriving after the hazard was closed: kept, not applied.
                event("recheck_passed", inspector_id, "inspector", later(late), applied=False)
            reopen_at = hazard["closed_at"] + timedelta(days=rng.uniform(1, 30))
            if rng.random() < 0.004 and reopen_at < now:
                event("reopened", supervisor, "supervisor", later(reopen_at), to="open", note="抽查发现问题复现，重新整改")
                hazard["closed_at"] = None
            return

    def insert(self, table, rows: list[dict], chunk: int = 20_000) -> None:
        started = time.perf_counter()
        with self.db.engine.begin() as connection:
            for offset in range(0, len(rows), chunk):
                connection.execute(table.insert(), rows[offset:offset + chunk])
        print(f"  {table.name}: {len(rows):,} rows in {time.perf_counter() - started:.1f} s", flush=True)

    def finish(self, tables) -> None:
        """Sequences past the ids given; on PostgreSQL a vacuum with fresh planner statistics, as autovacuum
        would have made after the inserts (without the visibility map no index-only scan is chosen)."""
        if self.dialect != "postgresql":
            return
        with self.db.engine.begin() as connection:
            for table in tables:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))
        with self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def update_counter(value: int):
    from safety.common.revisions import SyncCounter
    return update(SyncCounter).where(SyncCounter.id == 1).values(value=value)


if __name__ == "__main__":
    sys.exit(main())

"""The server killed (SIGKILL: a power cut, the OOM killer) while phones are storing inspections.

The real production server — gunicorn with gunicorn.conf.py, its own processes — takes a
stream of inspections of 30 answers with hazards and photos from four phones at once and
is killed at a random moment, several times. After each kill, the database holds every
inspection whole or not at all; after the restart, the phones send again whatever got no
answer, and every inspection ends up stored exactly once.
"""
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from safety.common.revisions import SyncCounter
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from tests.factories import inspection_document, make_photo, make_template
from tests.livehttp import HttpSession

REPOSITORY = Path(__file__).resolve().parents[2]
ROUNDS = 6
PHONES = 4
DOCUMENTS = 1500  # more than the phones can send in ROUNDS load phases
ITEMS = 30
# The connection broke with the request sent: the server died while handling it.
IN_FLIGHT = (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionResetError, BrokenPipeError)


class ServerProcess:
    """gunicorn in a process group of its own, so one SIGKILL takes the master and every worker at once."""

    def __init__(self, database_url: str, photo_root: str, log_folder: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.environment = {**os.environ, "DATABASE_URL": database_url, "PHOTO_ROOT": photo_root,
                            "SECRET_KEY": "killed-server-test", "COOKIE_SECURE": "0",
                            "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4",
                            # One test account stands for four phones sending back to back: above a real
                            # inspector's rate, which is not what this test is about.
                            "API_WRITE_RATE_LIMIT": "100000 per minute"}
        self.log_folder = log_folder
        self.starts = 0
        self.process = None

    def start(self) -> None:
        self.starts += 1
        log = open(self.log_folder / f"server-{self.starts}.log", "wb")
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"], cwd=REPOSITORY,
            env=self.environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited at start:\n{self.log_tail()}"
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                connection.request("GET", "/api/v1/session")
                if connection.getresponse().status == 401:
                    return
            except OSError:
                time.sleep(0.1)
            finally:
                connection.close()
        pytest.fail(f"the server did not answer within 60 s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the whole group and wait until none of its processes runs any more."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _group_running(self.process.pid):
            assert time.monotonic() < deadline, "gunicorn workers outlived SIGKILL"
            time.sleep(0.05)
        self.log.close()

    def log_tail(self) -> str:
        self.log.flush()
        return (self.log_folder / f"server-{self.starts}.log").read_text(errors="replace")[-3000:]


def _group_running(group: int) -> bool:
    """Whether a process of ``group`` still runs (a zombie waiting for its reaper does not)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


@pytest.fixture
def documents(app, enterprise, inspector):
    """Inspection documents of 30 answers; each fails one item (with a photo) and records two hazards:
    one to be rectified by a deadline, one fixed on the spot (with its rectification photo)."""
    version = make_template(items=ITEMS).versions[0]
    sample = make_photo(inspector)
    photo_uuids = [str(uuid.uuid4()) for _ in range(2 * DOCUMENTS)]
    # The photos are uploaded before the inspections (the contract): rows of one stored file, made in bulk.
    db.session.execute(insert(Photo), [
        {"uuid": photo_uuid, "sha256": sample.sha256, "content_type": sample.content_type,
         "size_bytes": sample.size_bytes, "width": sample.width, "height": sample.height,
         "uploader_id": inspector.id} for photo_uuid in photo_uuids])
    deadline = (date.today() + timedelta(days=7)).isoformat()
    made = []
    for n in range(DOCUMENTS):
        document = inspection_document(enterprise, version)
        failed = document["answers"][0]
        failed.update(result="fail", note="通道堵塞", photos=[photo_uuids[2 * n]])
        document["hazards"] = [
            {"uuid": str(uuid.uuid4()), "item_id": failed["item_id"], "description": "消防通道堵塞",
             "level": "general", "mode": "deadline", "responsible_person": "王经理", "measures": "清理通道",
             "deadline": deadline, "photos": [], "rectification_photos": []},
            {"uuid": str(uuid.uuid4()), "item_id": None, "description": "灭火器被遮挡", "level": "general",
             "mode": "on_the_spot", "photos": [], "rectification_photos": [photo_uuids[2 * n + 1]]},
        ]
        made.append(document)
    db.session.commit()
    return made


class Phones:
    """Four phones sending inspections at once until the server goes away; what got no answer is kept."""

    def __init__(self, port: int):
        self.sessions = [HttpSession(port) for _ in range(PHONES)]
        for session in self.sessions:
            session.login("inspector")
        self.lock = threading.Lock()
        self.answered: dict[str, int] = {}  # uuid → status of the answer
        self.unanswered: list[dict] = []
        self.in_flight: list[str] = []  # uuids whose request was cut off by the kill
        self.wrong: list[tuple] = []

    def send_until_cut_off(self, queue: list[dict]) -> list[threading.Thread]:
        def phone(session: HttpSession):
            while True:
                with self.lock:
                    if not queue:
                        return
                    document = queue.pop(0)
                try:
                    status, body = session.send_json("POST", "/api/v1/inspections", document)
                except IN_FLIGHT:
                    with self.lock:
                        self.in_flight.append(document["uuid"])
                        self.unanswered.append(document)
                    return
                except ConnectionRefusedError:  # the server was gone before this one left the phone
                    with self.lock:
                        self.unanswered.append(document)
                    return
                with self.lock:
                    if status != 201:
                        self.wrong.append((document["uuid"], status, body))
                    self.answered[document["uuid"]] = status

        threads = [threading.Thread(target=phone, args=(session,), daemon=True) for session in self.sessions]
        for thread in threads:
            thread.start()
        return threads

    def resend(self, stored: set[str]) -> None:
        """Send again, one by one, everything that got no answer. What the server had committed
        answers 200 duplicate; the rest is stored now (201)."""
        pending, self.unanswered = self.unanswered, []
        for document in pending:
            status, body = self.sessions[0].send_json("POST", "/api/v1/inspections", document)
            expected = 200 if document["uuid"] in stored else 201
            if status != expected or (status == 200) != bool(body.get("duplicate")):
                self.wrong.append((document["uuid"], status, body))
            self.answered[document["uuid"]] = status


def _wait_for_killed_connections(seconds: float = 30) -> None:
    """PostgreSQL: wait until the backends of the killed server's connections have noticed and ended.

    A COMMIT sent just before the kill still completes on its backend; the check must see its result.
    """
    if db.engine.dialect.name != "postgresql":
        return  # SQLite's writers were the killed processes themselves
    deadline = time.monotonic() + seconds
    busy = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'")
    while db.session.scalar(busy):
        db.session.rollback()
        assert time.monotonic() < deadline, "the killed server's database sessions did not end"
        time.sleep(0.05)
    db.session.rollback()


def _stored_uuids() -> Counter:
    db.session.rollback()
    return Counter(db.session.scalars(select(Inspection.uuid)))


def _check_all_or_nothing(documents: list[dict]) -> set[str]:
    """Every document's inspection is stored whole or not at all, and nothing hangs loose; answers the
    UUIDs stored."""
    db.session.rollback()  # a fresh look at what the killed server left
    db.session.expire_all()
    inspections = {row.uuid: row for row in db.session.execute(select(Inspection.uuid, Inspection.id,
                                                                      Inspection.sync_rev))}
    answers = dict(db.session.execute(select(Answer.inspection_id, func.count())
                                      .group_by(Answer.inspection_id)).tuples().all())
    hazards = {row.uuid: row for row in db.session.execute(select(Hazard.uuid, Hazard.id, Hazard.inspection_id,
                                                                  Hazard.sync_rev, Hazard.status))}
    events: dict[int, list[str]] = {}
    for hazard_id, event_type in db.session.execute(select(HazardEvent.hazard_id, HazardEvent.type)
                                                    .order_by(HazardEvent.id)):
        events.setdefault(hazard_id, []).append(event_type)
    photos = {row.uuid: row for row in db.session.execute(select(
        Photo.uuid, Photo.purpose, Photo.answer_id, Photo.hazard_id, Photo.hazard_event_id, Photo.inspection_id))}
    counter = db.session.scalar(select(SyncCounter.value))

    # Nothing without its parent: the foreign keys say so, and the counts agree.
    inspection_ids = {row.id for row in inspections.values()}
    assert set(answers) <= inspection_ids
    assert {row.inspection_id for row in hazards.values()} <= inspection_ids
    assert set(events) <= {row.id for row in hazards.values()}
    assert len(hazards) == 2 * len(inspections)

    for document in documents:
        stored = inspections.get(document["uuid"])
        deadline_hazard, spot_hazard = (hazards.get(hazard["uuid"]) for hazard in document["hazards"])
        answer_photo = photos[document["answers"][0]["photos"][0]]
        spot_photo = photos[document["hazards"][1]["rectification_photos"][0]]
        if stored is None:
            assert deadline_hazard is None and spot_hazard is None, document["uuid"]
            assert answer_photo.purpose is None and answer_photo.answer_id is None, document["uuid"]
            assert spot_photo.purpose is None and spot_photo.hazard_event_id is None, document["uuid"]
            continue
        assert answers.get(stored.id) == ITEMS, document["uuid"]
        assert deadline_hazard.inspection_id == stored.id and spot_hazard.inspection_id == stored.id
        assert events[deadline_hazard.id] == ["found"]
        assert events[spot_hazard.id] == ["found", "rectification_reported", "recheck_passed"]
        assert (deadline_hazard.status, spot_hazard.status) == ("open", "closed")
        # One transaction, one revision: the inspection and its hazards reach phones together.
        assert deadline_hazard.sync_rev == spot_hazard.sync_rev == stored.sync_rev
        assert answer_photo.purpose == "answer" and answer_photo.answer_id is not None
        assert (spot_photo.purpose, spot_photo.hazard_id) == ("rectification", spot_hazard.id)
        assert spot_photo.hazard_event_id is not None
    revisions = [row.sync_rev for row in inspections.values()]
    assert len(set(revisions)) == len(revisions), "two inspections stored under one revision"
    assert max(revisions, default=0) <= counter
    return set(inspections)


def test_an_inspection_is_stored_whole_or_not_at_all_when_the_server_is_killed(
        app, database_url, documents, tmp_path):
    rng = random.Random(20261123)
    server = ServerProcess(database_url, app.config["PHOTO_ROOT"], tmp_path)
    queue = list(documents)
    cut_off_absent = cut_off_present = 0
    try:
        server.start()
        phones = Phones(server.port)
        for _round in range(ROUNDS):
            # The load: four phones sending back to back; then the kill, at a random moment.
            threads = phones.send_until_cut_off(queue)
            time.sleep(rng.uniform(0.3, 1.5))
            in_flight_before = len(phones.in_flight)
            server.kill()
            _wait_for_killed_connections()
            for thread in threads:
                thread.join(timeout=120)
                assert not thread.is_alive(), "a phone hung on the killed server"
            stored = _check_all_or_nothing(documents)
            for document_uuid in phones.in_flight[in_flight_before:]:
                if document_uuid in stored:
                    cut_off_present += 1  # committed, but the answer never reached the phone
                else:
                    cut_off_absent += 1  # killed before the commit: nothing of it may remain

            server.start()
            phones.resend(stored)
            assert max(_stored_uuids().values(), default=1) == 1
        _check_all_or_nothing(documents)
    finally:
        if server.process is not None and server.process.poll() is None:
            server.kill()

    assert phones.wrong == []
    sent = set(phones.answered)
    stored = _stored_uuids()
    assert set(stored) == sent and set(stored.values()) == {1}, "an inspection lost or stored twice"
    # The kills came while the server was storing, not between requests: requests were cut off
    # in flight, in every round, and some of them had not committed.
    assert len(phones.in_flight) >= ROUNDS
    assert cut_off_absent > 0
    assert len(sent) >= 2 * ROUNDS * PHONES, "too little load for the kills to land on work in progress"
    print(f"\n{len(sent)} inspections sent over {ROUNDS} kills; cut off in flight: {len(phones.in_flight)} "
          f"({cut_off_absent} not committed, {cut_off_present} committed with the answer lost)")

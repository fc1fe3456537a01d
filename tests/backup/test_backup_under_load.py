"""A backup taken while phones are uploading photos and storing inspections is one consistent state:
restored, every inspection in it is whole and every photo row in it has its original."""
import copy
import hashlib
import json
import threading
import time
import uuid

from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from tests.backup.conftest import originals
from tests.factories import image_bytes, inspection_document, make_enterprise, make_grid, make_template, make_user
from tests.livehttp import HttpSession, live_server

ITEMS = 30
PHONES = 2


def _phone(port: int, blank: dict, stop: threading.Event, sent: list, errors: list, n: int) -> None:
    try:
        _send_until_stopped(port, blank, stop, sent, errors, n)
    except Exception as exc:  # a phone that dies silently would pass the test with less load
        errors.append(repr(exc))


def _send_until_stopped(port: int, blank: dict, stop: threading.Event, sent: list, errors: list, n: int) -> None:
    session = HttpSession(port)
    session.login("inspector")
    colour = 0
    while not stop.is_set():
        colour += 1
        data = image_bytes(colour=(n * 100 % 256, colour % 256, 90))
        photo_uuid = str(uuid.uuid4())
        status, body = session.request("PUT", f"/api/v1/photos/{photo_uuid}", data,
                                       {"Content-Type": "image/jpeg",
                                        "X-Content-SHA256": hashlib.sha256(data).hexdigest()})
        if status != 201:
            errors.append((status, body))
            return
        document = copy.deepcopy(blank)
        document["uuid"] = str(uuid.uuid4())
        document["answers"][0].update(result="fail", photos=[photo_uuid])
        status, answer = session.send_json("POST", "/api/v1/inspections", document)
        if status != 201:
            errors.append((status, json.dumps(answer)))
            return
        sent.append(document["uuid"])


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the phones stored too little"
        time.sleep(0.05)


def test_a_backup_taken_under_load_restores_a_consistent_state(app, source, fresh_instance, tmp_path):
    grid = make_grid()
    enterprise = make_enterprise(grid=grid)
    make_user("inspector", username="inspector", grids=[grid])
    version = make_template(items=ITEMS).versions[0]
    blank = inspection_document(enterprise, version)
    db.session.commit()
    stop, sent, errors = threading.Event(), [], []
    with live_server(app) as port:
        phones = [threading.Thread(target=_phone, args=(port, blank, stop, sent, errors, n))
                  for n in range(PHONES)]
        for phone in phones:
            phone.start()
        _wait_for(lambda: len(sent) >= 3 or errors)
        before_backup = len(sent)
        made = source.invoke("backup", "create", str(tmp_path / "backup"))
        after_backup = len(sent)
        _wait_for(lambda: len(sent) >= after_backup + 3 or errors)
        stop.set()
        for phone in phones:
            phone.join(timeout=60)
    assert made.exit_code == 0, made.output
    assert errors == []

    restored = fresh_instance.invoke("backup", "restore", str(tmp_path / "backup"))

    assert restored.exit_code == 0, restored.output
    with fresh_instance.app.app_context():
        inspections = db.session.scalar(select(func.count()).select_from(Inspection))
        answers = dict(db.session.execute(select(Answer.inspection_id, func.count())
                                          .group_by(Answer.inspection_id)).tuples().all())
        photo_hashes = set(db.session.scalars(select(Photo.sha256)))
        attached = db.session.scalar(select(func.count()).select_from(Photo).where(Photo.answer_id.is_not(None)))
        db.session.remove()
    print(f"\n{before_backup} inspections stored before the backup, {inspections} in it, {len(sent)} in all")
    # Taken in the middle of the stream: after what was answered before it, before what came after it.
    assert 3 <= before_backup <= inspections < len(sent)
    assert len(answers) == inspections and set(answers.values()) == {ITEMS}
    assert attached == inspections
    # Every photo row the backup holds, including those uploaded while it ran, came with its original.
    assert originals(fresh_instance.photo_root) == {sha256: sha256 for sha256 in photo_hashes}

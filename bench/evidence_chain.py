"""The hash chain's cost: sealing an event where it is made, and checking a ledger with verify-evidence.

In-process, single-threaded, SQLite in a temporary folder. ``--hazards`` hazards are recorded the way the
phones' API records them (an inspection's hazard with its `found` event and a photo, then a rectification
report and a re-check, each with a photo), so each hazard has 3 events and 3 photos. Printed:

* CPU per event of the seal itself (canonical JSON and SHA-256, safety.evidence.chain.seal);
* wall time and rate of ``verify_evidence()`` over the whole ledger: chains only (photos and digests are
  counted separately), and with every photo original hashed again;
* sealing one office day for every enterprise (``seal_day``).

    .venv/bin/python bench/evidence_chain.py --hazards 2000
"""
import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hazards", type=int, default=2000)
    arguments = parser.parse_args()

    from flask_migrate import upgrade

    from safety import create_app
    from safety.common.office_time import office_today
    from safety.evidence import chain
    from safety.evidence.digests import seal_day
    from safety.evidence.verify import verify_evidence
    from safety.extensions import db
    from safety.hazards.lifecycle import apply_event
    from safety.hazards.operations import Visit, flag_recurring, number_hazards, record_found_hazard
    from safety.inspections.validation import HazardDocument
    from safety.photos.operations import attach_photo
    from tests.factories import image_bytes, make_enterprise, make_grid, make_photo, make_user

    folder = tempfile.mkdtemp(prefix="chain-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "PHOTO_ROOT": f"{folder}/photos",
                      "SECRET_KEY": "bench", "TESTING": True, "SERVER_NAME": "localhost"})
    sealing = []
    original_seal = chain.seal

    def timed_seal(*args, **kwargs):
        start = time.process_time()
        original_seal(*args, **kwargs)
        sealing.append(time.process_time() - start)

    with app.app_context():
        upgrade()
        grid = make_grid(code="G1")
        enterprises = [make_enterprise(grid=grid) for _n in range(20)]
        inspector = make_user("inspector", grids=[grid])
        data = image_bytes(640, 480)
        import safety.hazards.lifecycle as lifecycle
        lifecycle.seal = timed_seal
        now = datetime.now(timezone.utc) - timedelta(hours=2)
        for n in range(arguments.hazards):
            enterprise = enterprises[n % len(enterprises)]
            found_photo, fix_photo, recheck_photo = (make_photo(inspector, data=data + bytes([n % 251, k]))
                                                     for k in range(3))
            document = HazardDocument(uuid=f"00000000-0000-4000-8000-{n:012d}", item_id=None, description="隐患",
                                      level="general", mode="deadline", responsible_person="张三", measures="清理",
                                      deadline=None, photos=(found_photo.uuid,), rectification_photos=())
            recorded = record_found_hazard(document, Visit(enterprise.id, None, inspector, now),
                                           photo_sha256={found_photo.uuid: found_photo.sha256})
            flag_recurring([recorded.hazard])
            number_hazards([recorded.hazard])
            db.session.flush()
            attach_photo(found_photo, "hazard", hazard_id=recorded.hazard.id, hazard_event_id=recorded.found.id)
            for event_type, photo in (("rectification_reported", fix_photo), ("recheck_passed", recheck_photo)):
                event = apply_event(recorded.hazard, event_type, inspector, "inspector", now,
                                    evidence=chain.EventEvidence((photo.sha256,)))
                db.session.flush()
                attach_photo(photo, "rectification" if event_type.startswith("rect") else "recheck",
                             hazard_id=recorded.hazard.id, hazard_event_id=event.id)
            if n % 200 == 199:
                db.session.commit()
        db.session.commit()
        lifecycle.seal = original_seal

        start = time.perf_counter()
        sealed = seal_day(office_today())
        db.session.commit()
        seal_seconds = time.perf_counter() - start

        start = time.perf_counter()
        report = verify_evidence()
        with_photos = time.perf_counter() - start
        assert report.intact, report.breaks[:3]

        start = time.perf_counter()
        from safety.evidence import verify as verify_module
        keep = verify_module.check_photo
        verify_module.check_photo = lambda _uuid, _sha: None
        chains = verify_evidence()
        chains_only = time.perf_counter() - start
        verify_module.check_photo = keep

    per_event = sorted(sealing)
    print(f"{arguments.hazards} hazards, {report.events} events, {report.photos} photos, SQLite")
    print(f"seal per event (CPU): mean {sum(per_event) / len(per_event) * 1e6:.0f} µs, "
          f"p95 {per_event[int(len(per_event) * 0.95)] * 1e6:.0f} µs")
    print(f"verify-evidence, chains only: {chains_only:.2f} s ({chains.events / chains_only:,.0f} events/s)")
    print(f"verify-evidence, chains and every photo original: {with_photos:.2f} s "
          f"({report.photos / with_photos:,.0f} photos/s with the chains)")
    print(f"seal-evidence for one day, {len(sealed)} enterprises: {seal_seconds:.2f} s")


if __name__ == "__main__":
    main()

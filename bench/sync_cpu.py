"""The CPU one inspection sync costs the server, in-process, one document at a time.

The same database, checklist and documents as ``sync_ingest.py`` (3 in 10 with two hazards), sent
through the Flask test client (no web server, no network, no concurrency): the application's
work for one ``POST /api/v1/inspections``, measured as this process's CPU time (on SQLite it
includes the database's work, on PostgreSQL it does not) and as SQL statements per document.
``GET /api/v1/session`` is measured the same way, as a request's fixed price.
``--profile FILE`` writes a cProfile of the inspection requests (``python -m pstats FILE``).

    .venv/bin/python bench/sync_cpu.py --database postgres --documents 300
"""
import argparse
import cProfile
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import event  # noqa: E402

from ingest_server import INSPECTOR, SECRET_KEY, IngestServer  # noqa: E402
from sync_ingest import document_template  # noqa: E402


def fresh_database(database: str) -> IngestServer:
    server = IngestServer(database)
    server._start_gunicorn = lambda: None  # noqa: SLF001 - in-process: no server
    server._sign_in = lambda: None  # noqa: SLF001
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--profile", help="write a cProfile of the inspection requests to this file")
    args = parser.parse_args()

    from safety import create_app
    from safety.extensions import db

    with fresh_database(args.database) as server:
        app = create_app({"SQLALCHEMY_DATABASE_URI": server.database_url, "PHOTO_ROOT": server.photo_root,
                          "SECRET_KEY": SECRET_KEY, "SESSION_COOKIE_SECURE": False,
                          "REMEMBER_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
        client = app.test_client()
        answer = client.post("/api/v1/session", json={"username": INSPECTOR[0], "password": INSPECTOR[1]})
        headers = {"X-CSRFToken": answer.get_json()["csrf_token"]}
        templates = {shape: document_template(server, shape) for shape in (False, True)}
        documents = []
        for n in range(args.documents + 20):
            body = templates[n % 10 < 3]
            for placeholder in ("UUID", "H1", "H2"):
                body = body.replace(f"@@{placeholder}@@", str(uuid.uuid4()))
            documents.append(body.replace("@@ENT@@", server.enterprise_codes[n % len(server.enterprise_codes)]))
        with app.app_context():
            engine = db.engine
        statements = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

        def timed(send, count):
            cpu, wall, counts, sizes = [], [], [], []
            for n in range(count):
                statements.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                response = send(n)
                cpu.append((time.process_time() - cpu_started) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
                if response.status_code not in (200, 201):
                    raise SystemExit(f"{response.status_code}: {response.get_data(as_text=True)[:500]}")
                counts.append(len(statements))
                sizes.append(len(response.get_data()))
            return cpu, wall, counts, sizes

        def post(n):
            return client.post("/api/v1/inspections", data=documents[n], headers=headers,
                               content_type="application/json")

        timed(lambda n: client.get("/api/v1/session"), 20)  # warm up
        timed(lambda n: post(args.documents + n), 20)
        profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
        if profile:
            profile.enable()
        cpu, wall, counts, sizes = timed(post, args.documents)
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
        session_cpu, _w, session_counts, _s = timed(lambda n: client.get("/api/v1/session"), args.documents)
        plain = [c for n, c in enumerate(counts) if n % 10 >= 3]
        hazards = [c for n, c in enumerate(counts) if n % 10 < 3]
        print(json.dumps({
            "database": args.database, "documents": args.documents,
            "inspection_cpu_ms": {"mean": round(statistics.mean(cpu), 2), "median": round(statistics.median(cpu), 2)},
            "inspection_wall_ms_median": round(statistics.median(wall), 2),
            "statements": {"plain": statistics.median(plain), "with_two_hazards": statistics.median(hazards)},
            "answer_bytes": {"plain": statistics.median(s for n, s in enumerate(sizes) if n % 10 >= 3),
                             "with_two_hazards": statistics.median(s for n, s in enumerate(sizes) if n % 10 < 3)},
            "session_get_cpu_ms_median": round(statistics.median(session_cpu), 2),
            "session_get_statements": statistics.median(session_counts),
        }, indent=1))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()

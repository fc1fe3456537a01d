"""A throwaway production-style server for the ingest benchmarks: gunicorn with ``gunicorn.conf.py`` on loopback.

``with IngestServer("sqlite") as server:`` makes a fresh database (an SQLite file in a
temporary instance folder, or a new PostgreSQL database), applies the migrations, seeds
an inspector with a grid of enterprises and a 30-item checklist, starts gunicorn on a
free port and signs the inspector in; ``server.url``, ``server.cookie`` and
``server.csrf_token`` are what a phone holds after sign-in. Leaving the block stops
gunicorn and drops the database.
"""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
INSPECTOR = ("bench-inspector", "bench-inspector-password")
ENTERPRISES = 50
ITEMS = 30  # 26 pass/fail, 2 number and 2 text items, as a real checklist mixes them
SECRET_KEY = "ingest-benchmark"
# One signed-in inspector stands for every client: the per-user limits of the sync API stay checked
# on every request but are set far above what the benchmark sends.
UNLIMITED = {"API_WRITE_RATE_LIMIT": "1000000 per minute", "API_PHOTO_RATE_LIMIT": "1000000 per minute",
             "API_PULL_RATE_LIMIT": "1000000 per minute"}


def template_item_kinds() -> list[tuple[str, str]]:
    """(key, kind) of the benchmark checklist's items, in order."""
    kinds = ["pass_fail"] * 26 + ["number"] * 2 + ["text"] * 2
    return [(f"bench-{n + 1:02d}", kind) for n, kind in enumerate(kinds)]


def load_conditions() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class IngestServer:
    def __init__(self, database: str, env: dict | None = None):
        if database not in ("sqlite", "postgres"):
            raise SystemExit("--database is sqlite or postgres")
        self.database = database
        self.extra_env = env or {}

    # --- setup ---------------------------------------------------------------------------

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="ingest-bench-")
        self.photo_root = os.path.join(self.folder, "photos")
        self.postgres_name = None
        if self.database == "sqlite":
            self.database_url = f"sqlite:///{self.folder}/bench.sqlite"
        else:
            self.postgres_name = f"bench_ingest_{uuid.uuid4().hex[:10]}"
            self._postgres(f'CREATE DATABASE "{self.postgres_name}"')
            self.database_url = POSTGRES_ADMIN_URL.rpartition("/")[0] + "/" + self.postgres_name
        try:
            self._migrate_and_seed()
            self._start_gunicorn()
            self._sign_in()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _postgres(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        from safety import _normalise_database_url
        engine = create_engine(_normalise_database_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def _migrate_and_seed(self) -> None:
        from flask_migrate import upgrade

        from safety import create_app
        from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
        from safety.enterprises.models import Enterprise
        from safety.enterprises.uscc import make_uscc
        from safety.extensions import db
        from safety.users.models import Grid
        from safety.users.operations import create_user

        app = create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "PHOTO_ROOT": self.photo_root,
                          "SECRET_KEY": SECRET_KEY})
        with app.app_context():
            upgrade()
            db.session.add(Grid(code="BENCH", name="基准网格"))
            db.session.flush()
            rng = random.Random(1)
            self.enterprise_codes = [f"B{n:05d}" for n in range(ENTERPRISES)]
            grid = db.session.query(Grid).filter_by(code="BENCH").one()
            for n, code in enumerate(self.enterprise_codes):
                db.session.add(Enterprise(code=code, name=f"基准企业{n}有限公司", uscc=make_uscc(rng),
                                          address=f"工业园区{n}号", sector="machinery", supervision_class="C",
                                          contact_person="张三", contact_phone="13800000000", status="active",
                                          grid=grid))
            template = ChecklistTemplate(name="综合安全检查表", topic="fire")
            version = TemplateVersion(version=1)
            template.versions.append(version)
            for s in range(3):
                section = TemplateSection(position=s, title=f"第{s + 1}部分")
                version.sections.append(section)
                for position, (key, kind) in enumerate(template_item_kinds()[s * 10:(s + 1) * 10]):
                    # No photo required on fail: photo upload has its own benchmark, and a failed item's
                    # photos would have to be uploaded before each inspection.
                    section.items.append(TemplateItem(key=key, position=position, prompt=f"检查项{key}",
                                                      basis="《中华人民共和国消防法》第十六条", kind=kind,
                                                      photo_required_on_fail=False, version=version))
            db.session.add(template)
            create_user(INSPECTOR[0], "inspector", INSPECTOR[1], display_name="基准检查员", grid_codes=["BENCH"])
            db.session.commit()
            self.template_id = template.id
            db.session.remove()
            db.engine.dispose()
        if self.postgres_name:
            # Statistics for the planner, as a running server has them (autovacuum may be off).
            from sqlalchemy import create_engine, text

            from safety import _normalise_database_url
            engine = create_engine(_normalise_database_url(self.database_url), isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
            engine.dispose()

    def _start_gunicorn(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, BIND=f"127.0.0.1:{self.port}", DATABASE_URL=self.database_url,
                   PHOTO_ROOT=self.photo_root, SECRET_KEY=SECRET_KEY, COOKIE_SECURE="0", **UNLIMITED)
        env.update(self.extra_env)
        self.log_path = os.path.join(self.folder, "gunicorn.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "app:app"],
                                        cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.log_path}:\n"
                                 + Path(self.log_path).read_text()[-3000:])
            try:
                if self.request("GET", "/login")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 60 s")

    def _sign_in(self) -> None:
        status, headers, body = self.request("POST", "/api/v1/session",
                                             json.dumps({"username": INSPECTOR[0], "password": INSPECTOR[1]}),
                                             {"Content-Type": "application/json"})
        if status != 200:
            raise SystemExit(f"sign-in answered {status}: {body[:300]!r}")
        cookies = [value.split(";", 1)[0] for key, value in headers if key.lower() == "set-cookie"]
        self.cookie = "; ".join(cookies)
        self.csrf_token = json.loads(body)["csrf_token"]

    # --- while running -------------------------------------------------------------------

    def request(self, method: str, path: str, body=None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def auth_headers(self) -> dict:
        return {"Cookie": self.cookie, "X-CSRFToken": self.csrf_token}

    def server_pids(self) -> list[int]:
        """gunicorn's master and its workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [self.process.pid] + [int(pid) for pid in children]

    def log_trouble(self, lines: int = 60) -> str:
        """The server log without its successful access lines: errors, tracebacks, refused requests."""
        import re
        ok = re.compile(r'" [23]\d\d \d+ ')
        kept = [line for line in Path(self.log_path).read_text().splitlines() if not ok.search(line)]
        return "\n".join(kept[-lines:])

    def count(self, table: str) -> int:
        """Rows in ``table``, counted by a separate connection (what the server really committed)."""
        from sqlalchemy import create_engine, text

        from safety import _normalise_database_url
        engine = create_engine(_normalise_database_url(self.database_url))
        with engine.connect() as connection:
            value = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
        engine.dispose()
        return value

    def describe(self) -> str:
        """The worker model as gunicorn.conf.py sets it under this run's environment."""
        import runpy
        saved = dict(os.environ)
        os.environ.update(self.extra_env)
        try:
            conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return (f"gunicorn (gunicorn.conf.py: {conf['workers']} workers x {conf['threads']} threads, "
                f"{conf['worker_class']}) on {self.database}")

    # --- teardown ------------------------------------------------------------------------

    def __exit__(self, *exc):
        process = getattr(self, "process", None)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.postgres_name:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.postgres_name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)


def require_wrk() -> str:
    """The path of wrk, installed from Debian when missing; stops loudly when that fails."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing the Debian package", file=sys.stderr)
    command = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        command = ["sudo", "-n"] + command
    result = subprocess.run(command, capture_output=True, text=True)
    found = shutil.which("wrk")
    if result.returncode != 0 or not found:
        raise SystemExit("could not install wrk (apt-get install wrk):\n" + result.stdout[-2000:] + result.stderr[-2000:])
    return found


def wrk_version(wrk: str) -> str:
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    return (result.stdout + result.stderr).splitlines()[0].strip()


WRK_DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95), latency.max))
end
"""


def run_wrk(wrk: str, url: str, script: str, connections: int, seconds: int, threads: int = 2) -> dict:
    """Run wrk with a Lua script (``WRK_DONE`` appended); answer requests/s, latencies in ms and errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script + WRK_DONE)
        path = fh.name
    try:
        result = subprocess.run([wrk, "-t", str(min(threads, connections)), "-c", str(connections),
                                 "-d", f"{seconds}s", "--timeout", "30s", "-s", path, url],
                                capture_output=True, text=True)
    finally:
        os.unlink(path)
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    requests, duration, status_errors, socket_errors, p50, p95, latency_max = map(int, line.split()[1:])
    return {"requests": requests, "rate": requests / (duration / 1e6), "p50_ms": p50 / 1000, "p95_ms": p95 / 1000,
            "max_ms": latency_max / 1000, "status_errors": status_errors, "socket_errors": socket_errors}


def lua_headers(server: IngestServer) -> str:
    """Lua lines that send the signed-in inspector's cookie and CSRF header with every request."""
    return "\n".join(f"wrk.headers[ {lua_string(key)} ] = {lua_string(value)}"
                     for key, value in server.auth_headers().items())


# Every wrk thread gets its own number, so the requests it makes (UUIDs, photo bytes) differ from the others'.
LUA_THREAD_NUMBERS = """local next_thread = 1

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end
"""


def lua_string(value: str) -> str:
    """``value`` as a Lua long-bracket string literal."""
    level = 1  # never bare [[...]]: after an index bracket, t[[[x]]] would not parse
    while f"]{'=' * level}]" in value:
        level += 1
    return f"[{'=' * level}[{value}]{'=' * level}]"

"""This project's inspection sync against a peer form server (ODK Central's backend), alternated in one run.

The peer runs outside this repository, as ``bench/peer_odk.md`` sets it up (its code is never kept here). This
script publishes to it a form equivalent to the sync benchmark's checklist (once: it is found again by its form
id), then alternates for each client count: this project (``sync_ingest.one_run``: fresh database, gunicorn,
wrk), the peer (the same wrk, 2 threads, the same number of closed-loop clients and seconds, a 2 s warm-up), A B
A B. Each peer document is an OpenRosa submission (multipart ``xml_submission_file``) of the same shape as ours:
30 answers (26 pass/fail/na, 2 decimals, 2 texts) each with a note, the same header fields, and two hazards in 3
of every 10, each with its own ``instanceID``. Every request must be answered 201, and the peer's stored
submissions are counted in its database afterwards, as ours are.

    .venv/bin/python bench/peer_odk.py --clients 16,50 --seconds 10 --pairs 2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_server import (LUA_THREAD_NUMBERS, cpu_seconds, load_conditions, lua_string, require_wrk,  # noqa: E402
                           run_wrk, template_item_kinds, wrk_version)
from sync_ingest import FAILED_ITEMS, HAZARD_SHARE, one_run  # noqa: E402

FORM_ID = "bench_inspection"
BOUNDARY = "benchpeerboundary7d2f"
HAZARD_FIELDS = ("item", "description", "level", "mode", "responsible_person", "measures", "deadline")
HEADER_FIELDS = ("enterprise_code", "kind", "started_at", "finished_at", "identified_by", "location",
                 "representative_name", "notes")


def question(key: str) -> str:
    return key.replace("-", "_")


def xform() -> str:
    """The XForm: the header fields, the 30 questions each with a note, a repeat of hazards, the instance ID."""
    instance, binds, body = [], [], []
    types = {"started_at": "dateTime", "finished_at": "dateTime", "location": "geopoint"}
    for field in HEADER_FIELDS:
        instance.append(f"<{field}/>")
        binds.append(f'<bind nodeset="/data/{field}" type="{types.get(field, "string")}"/>')
        body.append(f'<input ref="/data/{field}"><label>{field}</label></input>')
    choices = "".join(f"<item><label>{value}</label><value>{value}</value></item>" for value in ("pass", "fail", "na"))
    for key, kind in template_item_kinds():
        name = question(key)
        instance.append(f"<{name}/><{name}_note/>")
        if kind == "pass_fail":
            binds.append(f'<bind nodeset="/data/{name}" type="string" required="true()"/>')
            body.append(f'<select1 ref="/data/{name}"><label>检查项{key}</label>{choices}</select1>')
        else:
            binds.append(f'<bind nodeset="/data/{name}" type="{"decimal" if kind == "number" else "string"}"/>')
            body.append(f'<input ref="/data/{name}"><label>检查项{key}</label></input>')
        binds.append(f'<bind nodeset="/data/{name}_note" type="string"/>')
        body.append(f'<input ref="/data/{name}_note"><label>备注</label></input>')
    instance.append('<hazard jr:template="">' + "".join(f"<{field}/>" for field in HAZARD_FIELDS) + "</hazard>")
    repeat = []
    for field in HAZARD_FIELDS:
        binds.append(f'<bind nodeset="/data/hazard/{field}" type="{"date" if field == "deadline" else "string"}"/>')
        repeat.append(f'<input ref="/data/hazard/{field}"><label>{field}</label></input>')
    body.append('<group ref="/data/hazard"><label>隐患</label><repeat nodeset="/data/hazard">'
                + "".join(repeat) + "</repeat></group>")
    instance.append("<meta><instanceID/></meta>")
    binds.append('<bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>')
    return ('<?xml version="1.0"?>\n<h:html xmlns="http://www.w3.org/2002/xforms" '
            'xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" '
            'xmlns:orx="http://openrosa.org/xforms" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
            f'<h:head><h:title>综合安全检查表</h:title><model><instance><data id="{FORM_ID}" version="1">'
            + "".join(instance) + "</data></instance>" + "".join(binds) + "</model></h:head><h:body>"
            + "".join(body) + "</h:body></h:html>")


def submission_template(with_hazards: bool) -> str:
    """One submission's XML with ``@@UUID@@`` and ``@@ENT@@`` to fill in, the same values as our document."""
    header = {"enterprise_code": "@@ENT@@", "kind": "routine", "started_at": "2026-12-01T09:20:00.000+08:00",
              "finished_at": "2026-12-01T10:00:00.000+08:00", "identified_by": "qr",
              "location": "31.2304 121.4737 0 12", "representative_name": "王五", "notes": ""}
    parts = [f"<{field}>{header[field]}</{field}>" for field in HEADER_FIELDS]
    for key, kind in template_item_kinds():
        failed = with_hazards and key in FAILED_ITEMS
        value = {"pass_fail": "fail" if failed else "pass", "number": "42", "text": "正常，记录齐全"}[kind]
        note = "灭火器压力不足，已告知负责人" if failed else ""
        parts.append(f"<{question(key)}>{value}</{question(key)}><{question(key)}_note>{note}</{question(key)}_note>")
    if with_hazards:
        for key in FAILED_ITEMS:
            hazard = {"item": key, "description": f"{key}：灭火器压力不足，部分过期", "level": "general",
                      "mode": "deadline", "responsible_person": "张三", "measures": "更换过期灭火器并补充压力",
                      "deadline": "2026-12-15"}
            parts.append("<hazard>" + "".join(f"<{field}>{hazard[field]}</{field}>" for field in HAZARD_FIELDS)
                         + "</hazard>")
    parts.append("<meta><instanceID>uuid:@@UUID@@</instanceID></meta>")
    return (f'<?xml version="1.0"?><data xmlns:jr="http://openrosa.org/javarosa" '
            f'xmlns:orx="http://openrosa.org/xforms" id="{FORM_ID}" version="1">' + "".join(parts) + "</data>")


def multipart(xml: str) -> str:
    return (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="xml_submission_file"; '
            f'filename="submission.xml"\r\nContent-Type: text/xml\r\n\r\n{xml}\r\n--{BOUNDARY}--\r\n')


def lua_quoted(value: str) -> str:
    """``value`` as a quoted Lua string: a long bracket would turn the multipart body's CRLFs into LFs."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n") + '"'


def lua_body(template: str) -> str:
    pieces = template.replace("@@UUID@@", "\0UUID\0").replace("@@ENT@@", "\0ENT\0").split("\0")
    names = {"UUID": "id", "ENT": "enterprise"}
    return "table.concat({" + ", ".join(names[piece] if piece in names else lua_quoted(piece)
                                        for piece in pieces if piece) + "})"


def submission_script(token: str, project: int, enterprises: list[str]) -> str:
    codes = "{" + ", ".join(lua_string(code) for code in enterprises) + "}"
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary={BOUNDARY}"
wrk.headers["X-OpenRosa-Version"] = "1.0"
wrk.headers["Authorization"] = {lua_string("Bearer " + token)}
local enterprises = {codes}
local counter = 0
{LUA_THREAD_NUMBERS}
function init(args)
  math.randomseed(os.time() + thread_number * 7919)
  run = math.random(0, 0xffff)
end

function request()
  counter = counter + 1
  local id = string.format("%08x-%04x-4%03x-8%03x-%012x", run * 65536 + thread_number, 1, 0, 0, counter)
  local enterprise = enterprises[(counter * 7 + thread_number) % #enterprises + 1]
  local body
  if counter % 10 < {HAZARD_SHARE} then
    body = {lua_body(multipart(submission_template(True)))}
  else
    body = {lua_body(multipart(submission_template(False)))}
  end
  return wrk.format(nil, "/v1/projects/{project}/submission", nil, body)
end
"""


class Peer:
    def __init__(self, url: str, email: str, password: str, database_url: str, pid_file: str | None):
        self.url, self.database_url = url.rstrip("/"), database_url
        self.pids = [int(Path(pid_file).read_text())] if pid_file else []
        answer = self.call("POST", "/v1/sessions", {"email": email, "password": password})
        self.token = answer["token"]
        projects = [p for p in self.call("GET", "/v1/projects") if p["name"] == "bench"]
        self.project = projects[0]["id"] if projects else self.call("POST", "/v1/projects", {"name": "bench"})["id"]
        forms = [f["xmlFormId"] for f in self.call("GET", f"/v1/projects/{self.project}/forms")]
        if FORM_ID not in forms:
            self.call("POST", f"/v1/projects/{self.project}/forms?publish=true", xform().encode(), "application/xml")

    def call(self, method: str, path: str, body=None, content_type: str = "application/json"):
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if getattr(self, "token", None):
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def sql(self, statement: str) -> str:
        result = subprocess.run(["psql", "-X", "-A", "-t", self.database_url, "-c", statement],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def count(self) -> int:
        """Stored submissions once the requests still in flight when wrk stopped have been answered."""
        last = None
        while True:
            now = int(self.sql("SELECT count(*) FROM submissions"))
            if now == last:
                return now
            last = now
            time.sleep(0.5)

    def check_one(self, with_hazards: bool) -> None:
        import uuid
        xml = submission_template(with_hazards).replace("@@UUID@@", str(uuid.uuid4())).replace("@@ENT@@", "B00000")
        request = urllib.request.Request(f"{self.url}/v1/projects/{self.project}/submission",
                                         data=multipart(xml).encode(), method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        request.add_header("X-OpenRosa-Version", "1.0")
        request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 201:
                raise SystemExit(f"the peer answered {response.status} to a benchmark submission")
            self.answer_bytes = len(response.read())

    def run(self, wrk: str, clients: int, seconds: int) -> dict:
        self.sql("ANALYZE")  # autovacuum may be off: the peer's de-duplication query needs statistics
        enterprises = [f"B{n:05d}" for n in range(50)]
        script = submission_script(self.token, self.project, enterprises)
        conditions = load_conditions()
        run_wrk(wrk, self.url, script, clients, 2)  # warm-up
        before = self.count()
        cpu_before = cpu_seconds(self.pids)
        result = run_wrk(wrk, self.url, script, clients, seconds)
        cpu = cpu_seconds(self.pids) - cpu_before
        stored = self.count() - before
        expected = result["requests"] - result["status_errors"]
        if result["status_errors"] or result["socket_errors"]:
            raise SystemExit(f"errors during the peer's run: {result}")
        if not expected <= stored <= expected + clients:
            raise SystemExit(f"the peer answered {expected} submissions 201 but stored {stored}")
        return {"conditions": conditions, "ingest": result, "stored": stored,
                "cpu_ms": 1000 * cpu / max(1, stored) if self.pids else None}


def describe(result: dict) -> str:
    ingest = result["ingest"]
    cpu = result.get("server_cpu_ms_per_inspection", result.get("cpu_ms"))
    return (f"{ingest['rate']:.1f}/s, p50 {ingest['p50_ms']:.0f} ms, p95 {ingest['p95_ms']:.0f} ms, "
            f"{result['stored']} stored" + (f", server CPU {cpu:.1f} ms each" if cpu is not None else "")
            + f"; {result['conditions']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="16,50", help="comma-separated client counts")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=2, help="A B pairs per client count")
    parser.add_argument("--peer-url", default="http://127.0.0.1:8383")
    parser.add_argument("--peer-email", default="bench@example.org")
    parser.add_argument("--peer-password", default="bench-Peer-2026")
    parser.add_argument("--peer-database-url", default="postgresql://postgres@127.0.0.1:5432/jubilant")
    parser.add_argument("--peer-pid-file", default=os.environ.get("PEER_PID_FILE"),
                        help="file holding the peer's process id, to measure its CPU per submission")
    args = parser.parse_args()
    wrk = require_wrk()
    peer = Peer(args.peer_url, args.peer_email, args.peer_password, args.peer_database_url, args.peer_pid_file)
    peer.check_one(False)
    peer.check_one(True)
    print(f"load generator: {wrk_version(wrk)}, 2 threads, closed loop; ours on PostgreSQL, the peer at "
          f"{args.peer_url} (project {peer.project}, form {FORM_ID}; its 201 answer {peer.answer_bytes} bytes)")
    for clients in (int(value) for value in args.clients.split(",")):
        ratios, ours_rates, peer_rates = [], [], []
        for pair in range(args.pairs):
            ours = one_run("postgres", clients, args.seconds, wrk)
            print(f"{clients} clients, pair {pair + 1}, ours: {describe(ours)}", flush=True)
            theirs = peer.run(wrk, clients, args.seconds)
            print(f"{clients} clients, pair {pair + 1}, peer: {describe(theirs)}", flush=True)
            ratio = ours["ingest"]["rate"] / theirs["ingest"]["rate"]
            ratios.append(ratio)
            ours_rates.append(ours["ingest"]["rate"])
            peer_rates.append(theirs["ingest"]["rate"])
            print(f"{clients} clients, pair {pair + 1}: ratio ours / peer {ratio:.2f}", flush=True)
        print(f"{clients} clients, median of {args.pairs} pairs: ours {statistics.median(ours_rates):.1f}/s, "
              f"peer {statistics.median(peer_rates):.1f}/s, ratio {statistics.median(ratios):.2f} (target >= 2)")


if __name__ == "__main__":
    main()

"""Inspection sync ingest: POST /api/v1/inspections by concurrent phones against gunicorn on loopback.

Target (DESIGN.md): 30 answers, 2 cores, 50 concurrent clients: >= 200 inspections/s, p95 < 250 ms.

Each run starts a fresh database and gunicorn with gunicorn.conf.py (see ingest_server.py)
and signs one inspector in. wrk (C, from Debian; installed when missing) drives the load
with a Lua script that makes every document unique: its own UUID, an enterprise of the
inspector's grid, and in 3 of every 10 documents two failed items with a hazard each
(限期整改, with its 三定). Each client sends its next document as soon as the last is answered.

In the same run and against the same server, GET /api/v1/session (signed in, one user load,
a small JSON answer) is driven the same way: the ratio between the two says how much the
inspection itself costs above a request's fixed price. After each run the inspections the
server committed are counted and must match the 201 answers (plus at most one per client, still
in flight when wrk stopped counting).

    .venv/bin/python bench/sync_ingest.py --database sqlite --clients 50 --seconds 20 --runs 3
"""
import argparse
import json
import re
import statistics
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_server import (LUA_THREAD_NUMBERS, IngestServer, cpu_seconds, load_conditions, lua_headers,  # noqa: E402
                           lua_string, require_wrk, run_wrk, template_item_kinds, wrk_version)

HAZARD_SHARE = 3  # of every 10 documents
FAILED_ITEMS = ("bench-03", "bench-17")


def document_template(server: IngestServer, with_hazards: bool) -> str:
    """The JSON of one inspection with ``@@UUID@@``, ``@@ENT@@``, ``@@H1@@``, ``@@H2@@`` to fill in."""
    finished = datetime.now(timezone(timedelta(hours=8))).replace(microsecond=0) - timedelta(minutes=5)
    answers = []
    for key, kind in template_item_kinds():
        failed = with_hazards and key in FAILED_ITEMS
        answers.append({"item_id": key,
                        "result": ("fail" if failed else "pass") if kind == "pass_fail" else None,
                        "value": {"number": 42, "text": "正常，记录齐全"}.get(kind),
                        "note": "灭火器压力不足，已告知负责人" if failed else "", "photos": []})
    hazards = []
    if with_hazards:
        for n, key in enumerate(FAILED_ITEMS, start=1):
            hazards.append({"uuid": f"@@H{n}@@", "item_id": key, "description": f"{key}：灭火器压力不足，部分过期",
                            "level": "general", "mode": "deadline", "responsible_person": "张三",
                            "measures": "更换过期灭火器并补充压力", "deadline": (finished + timedelta(days=14)).date().isoformat(),
                            "photos": []})
    document = {"uuid": "@@UUID@@", "enterprise_code": "@@ENT@@", "template_id": server.template_id,
                "template_version": 1, "kind": "routine",
                "started_at": (finished - timedelta(minutes=40)).isoformat(), "finished_at": finished.isoformat(),
                "identified_by": "qr", "location": {"lat": 31.2304, "lng": 121.4737, "accuracy_m": 12},
                "answers": answers, "hazards": hazards, "notes": "", "representative_name": "王五"}
    return json.dumps(document, ensure_ascii=False)


def lua_concatenation(template: str) -> str:
    """A Lua expression building ``template`` with its placeholders replaced by Lua variables."""
    pieces = re.split(r"@@(UUID|ENT|H1|H2)@@", template)
    names = {"UUID": "id", "ENT": "enterprise", "H1": "hazard1", "H2": "hazard2"}
    return "table.concat({" + ", ".join(names[piece] if n % 2 else lua_string(piece)
                                          for n, piece in enumerate(pieces)) + "})"


def inspection_script(server: IngestServer) -> str:
    enterprises = "{" + ", ".join(lua_string(code) for code in server.enterprise_codes) + "}"
    headers = lua_headers(server)
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{headers}
local enterprises = {enterprises}
local counter = 0
{LUA_THREAD_NUMBERS}
function init(args)
  math.randomseed(os.time() + thread_number * 7919)
  run = math.random(0, 0xffff)
end

-- Unique per run, thread and request: run, thread number and counter are spelt into the UUID.
local function uuid(kind)
  return string.format("%08x-%04x-4%03x-8%03x-%012x", run * 65536 + thread_number, kind, 0, 0, counter)
end

function request()
  counter = counter + 1
  local id = uuid(1)
  local enterprise = enterprises[(counter * 7 + thread_number) % #enterprises + 1]
  local body
  if counter % 10 < {HAZARD_SHARE} then
    local hazard1 = uuid(2)
    local hazard2 = uuid(3)
    body = {lua_concatenation(document_template(server, True))}
  else
    body = {lua_concatenation(document_template(server, False))}
  end
  return wrk.format(nil, "/api/v1/inspections", nil, body)
end
"""


def session_script(server: IngestServer) -> str:
    headers = lua_headers(server)
    return f"""
wrk.method = "GET"
wrk.path = "/api/v1/session"
{headers}
"""


def check_one_document(server: IngestServer, with_hazards: bool) -> None:
    """Send one document of each shape through the server before loading it: a 201 or stop."""
    import uuid as uuid_module
    body = document_template(server, with_hazards)
    for placeholder in ("UUID", "H1", "H2"):
        body = body.replace(f"@@{placeholder}@@", str(uuid_module.uuid4()))
    body = body.replace("@@ENT@@", server.enterprise_codes[0])
    status, _headers, answer = server.request("POST", "/api/v1/inspections", body.encode(),
                                              {"Content-Type": "application/json", **server.auth_headers()})
    if status != 201:
        raise SystemExit(f"a benchmark document was refused ({status}): {answer[:500]!r}")


def one_run(database: str, clients: int, seconds: int, wrk: str) -> dict:
    with IngestServer(database) as server:
        check_one_document(server, False)
        check_one_document(server, True)
        conditions = load_conditions()
        warm = run_wrk(wrk, server.url, session_script(server), clients, 2)  # workers import, pools fill
        baseline = run_wrk(wrk, server.url, session_script(server), clients, seconds)
        before_rows = server.count("inspections")
        pids = server.server_pids()
        cpu_before = cpu_seconds(pids)
        ingest = run_wrk(wrk, server.url, inspection_script(server), clients, seconds)
        server_cpu = cpu_seconds(pids) - cpu_before
        stored = server.count("inspections") - before_rows
        hazards = server.count("hazards")
        answers = server.count("answers")
        expected = ingest["requests"] - ingest["status_errors"]
        if ingest["status_errors"] or ingest["socket_errors"] or warm["status_errors"] or baseline["status_errors"]:
            log_tail = server.log_trouble()
            raise SystemExit(f"errors during the run: ingest {ingest}, session {baseline}\n{log_tail}")
        # wrk stops counting at the deadline: up to one request per client was still in flight then.
        if not expected <= stored <= expected + clients:
            raise SystemExit(f"{expected} inspections answered 201 but {stored} were committed")
        return {"server": server.describe(), "conditions": conditions, "ingest": ingest, "baseline": baseline,
                "stored": stored, "hazards": hazards, "answers": answers,
                "server_cpu_ms_per_inspection": 1000 * server_cpu / max(1, stored)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="fresh database and server each; medians reported")
    args = parser.parse_args()
    wrk = require_wrk()
    print(f"load generator: {wrk_version(wrk)}, 2 threads, {args.clients} connections, closed loop")
    results = []
    for n in range(args.runs):
        result = one_run(args.database, args.clients, args.seconds, wrk)
        results.append(result)
        ingest, baseline = result["ingest"], result["baseline"]
        if n == 0:
            print(result["server"])
        print(f"run {n + 1}: {result['conditions']}")
        print(f"  inspections: {ingest['rate']:.1f}/s, p50 {ingest['p50_ms']:.0f} ms, p95 {ingest['p95_ms']:.0f} ms, "
              f"max {ingest['max_ms']:.0f} ms; {result['stored']} stored ({result['answers']} answers, "
              f"{result['hazards']} hazards); server CPU {result['server_cpu_ms_per_inspection']:.1f} ms each")
        print(f"  GET /api/v1/session: {baseline['rate']:.1f}/s, p50 {baseline['p50_ms']:.0f} ms, "
              f"p95 {baseline['p95_ms']:.0f} ms")
        print(f"  ratio inspections / session GETs: {ingest['rate'] / baseline['rate']:.2f}")

    def median(key, part="ingest"):
        return statistics.median(result[part][key] for result in results)
    ratio = statistics.median(result["ingest"]["rate"] / result["baseline"]["rate"] for result in results)
    print(f"median of {len(results)} on {args.database}: {median('rate'):.1f} inspections/s "
          f"(target >= 200), p50 {median('p50_ms'):.0f} ms, p95 {median('p95_ms'):.0f} ms (target < 250); "
          f"session GET {median('rate', 'baseline'):.1f}/s, p95 {median('p95_ms', 'baseline'):.0f} ms; "
          f"ratio {ratio:.2f}; server CPU "
          f"{statistics.median(r['server_cpu_ms_per_inspection'] for r in results):.1f} ms per inspection")


if __name__ == "__main__":
    main()

"""The summary workbook (/reports/summary.xlsx) of the current quarter at district scale: time, CPU and memory.

Against a database made by ``generate_scale.py``, signed in as the administrator, the workbook is requested
``--repeat`` times in-process (Flask test client). Printed per request: wall and CPU time of this process (on
SQLite that includes the database's work), the size of the file, and the process's peak resident memory so far
(the workbook is written row by row, so it should stay near the application's own size whatever the quarter).
Target (issue 13): < 3 s, streamed.

    .venv/bin/python bench/summary_workbook.py --database-url sqlite:////tmp/scale.sqlite [--repeat 2]
"""
import argparse
import os
import resource
import sys
import time

from server_timing import SCALE_PASSWORD, database_kind, make_app, sign_in


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--url", default="/reports/summary.xlsx")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("name the database made by generate_scale.py with DATABASE_URL or --database-url")
    app = make_app(args.database_url)
    client = sign_in(app, "admin", SCALE_PASSWORD)
    print(f"{database_kind(args.database_url)}, in-process, {args.url}")
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(args.url)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if response.status_code != 200:
            raise SystemExit(f"{args.url}: {response.status_code}")
        print(f"wall {wall:.2f} s, CPU {cpu:.2f} s, {len(response.data) / 1e6:.1f} MB, peak resident memory "
              f"{peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

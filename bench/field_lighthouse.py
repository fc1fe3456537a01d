"""Lighthouse performance of the field app, mobile emulation, Debian Chromium (target: 95).

Serves a seeded demo instance with gzip in front (see field_server.py) and runs
lighthouse@12.8.2, the last version that supports Node 20, with its default
mobile profile and simulated throttling. Needs npm access for ``npx`` the first time.

    .venv/bin/python bench/field_lighthouse.py [runs]
"""
import json
import os
import subprocess
import sys
import tempfile

from field_server import DemoServer

TARGET = 0.95
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync")


def lighthouse(url: str, report: str) -> dict:
    subprocess.run(["npx", "--yes", "lighthouse@12.8.2", url, "--only-categories=performance",
                    "--output=json", f"--output-path={report}", f"--chrome-flags={FLAGS}", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    with open(report) as fh:
        return json.load(fh)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    scores = []
    with DemoServer() as base, tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            result = lighthouse(base + "/app/", os.path.join(folder, f"run{run}.json"))
            audits = result["audits"]
            score = result["categories"]["performance"]["score"]
            scores.append(score)
            print(f"run {run + 1}: performance {score * 100:.0f}"
                  f"  FCP {audits['first-contentful-paint']['displayValue']}"
                  f"  LCP {audits['largest-contentful-paint']['displayValue']}"
                  f"  TBT {audits['total-blocking-time']['displayValue']}"
                  f"  CLS {audits['cumulative-layout-shift']['displayValue']}")
    median = sorted(scores)[len(scores) // 2]
    print(f"median performance {median * 100:.0f} (target {TARGET * 100:.0f})")
    return 0 if median >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""Audit the installed dependencies for known vulnerabilities (`make audit`, part of `make test`).

Audits the virtualenv that `make test` installs from requirements-dev.txt: the
pinned runtime and test packages and everything they pulled in, at the exact
versions installed. pip-audit asks PyPI about each one. Where PyPI will not
answer for a version, the project's own PyPI record is read instead, whose
vulnerability list is that of its latest release: it speaks for a pin that is
the latest release and for no other.

Exit status:
  0  nothing known; any package no source could answer about is listed as NOT AUDITED
  1  a known vulnerability in an installed package
  2  no package could be audited at all (no vulnerability source reachable), or pip-audit failed
"""
import json
import subprocess
import sys
import urllib.error
import urllib.request
from importlib import metadata

from packaging.utils import canonicalize_name

PROJECT_URL = "https://pypi.org/pypi/{name}/json"
TIMEOUT_S = 20


def installed_versions() -> dict[str, str]:
    """Every distribution in this interpreter's environment, by canonical name."""
    return {canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


def run_pip_audit() -> list[dict]:
    """pip-audit's answer for this environment: one entry per package, with ``vulns`` or a ``skip_reason``."""
    result = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
                             "--timeout", str(TIMEOUT_S)], capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        # Exit 1 with a JSON report means "vulnerabilities found"; anything else is a failure to audit.
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"FAILED: pip-audit could not audit (exit {result.returncode}): {last_line}")
        raise SystemExit(2) from None
    return report["dependencies"]


def latest_release_vulnerabilities(name: str, version: str) -> tuple[list[dict] | None, str]:
    """The vulnerabilities PyPI lists for ``name`` when ``version`` is its latest release.

    Returns (vulnerabilities, "") when that record speaks for ``version``, or (None, why not).
    """
    try:
        with urllib.request.urlopen(PROJECT_URL.format(name=name), timeout=TIMEOUT_S) as response:
            record = json.load(response)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError, OSError) as exc:
        return None, f"PyPI could not be asked ({exc})"
    latest = record.get("info", {}).get("version")
    if latest != version:
        return None, f"PyPI answers only for its latest release {latest}; {version} is installed"
    return [v for v in record.get("vulnerabilities", []) if not v.get("withdrawn")], ""


def main() -> int:
    versions = installed_versions()
    found, unaudited, audited = [], [], 0
    for entry in run_pip_audit():
        name = entry["name"]
        version = entry.get("version") or versions.get(canonicalize_name(name), "?")
        if "skip_reason" not in entry:
            audited += 1
            found += [(name, version, v["id"], v.get("fix_versions", [])) for v in entry.get("vulns", [])]
            continue
        vulns, why_not = latest_release_vulnerabilities(name, version)
        if vulns is None:
            unaudited.append((name, version, why_not))
            continue
        audited += 1
        found += [(name, version, v.get("id"), v.get("fixed_in", [])) for v in vulns]

    print(f"Dependency audit: {audited} of {audited + len(unaudited)} installed packages audited.")
    for name, version, why_not in unaudited:
        print(f"  NOT AUDITED  {name} {version}: {why_not}")
    if unaudited:
        print(f"WARNING: {len(unaudited)} package(s) above could not be checked against any vulnerability source; "
              "no claim is made about them.")
    for name, version, vuln_id, fixed in found:
        print(f"  VULNERABLE   {name} {version}: {vuln_id} (fixed in: {', '.join(fixed) or 'no release yet'})")
    if found:
        print(f"FAILED: {len(found)} known vulnerabilit{'y' if len(found) == 1 else 'ies'}.")
        return 1
    if audited == 0:
        print("FAILED: no package could be audited; no vulnerability source answered.")
        return 2
    print("No known vulnerabilities in the audited packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""No module of the ``safety`` package needs another one imported before it: no module-level import cycle.

A cycle often breaks only when one particular module of it is imported first, so
importing everything once in some order can pass over it: the first import loads
most of the package, and the rest are already there. Here each module is imported
with none of the package loaded (it is forgotten between imports), in a fresh
interpreter that this test session's imports cannot help. The modules come in a
random order, so no one sequence of already-loaded libraries hides a failure; each
order comes from a seed printed with a failure (and in the test's output), and
``IMPORT_ORDER_SEED=<seed>`` runs that order again. The orders run side by side.
"""
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "safety"
ORDERS = 3

IMPORT_EACH_FIRST = """
import importlib, sys, traceback
package = sys.argv[1]
for name in sys.argv[2:]:
    for loaded in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        print(f"importing {name} first failed:", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
"""


def package_modules(package: str = PACKAGE) -> list[str]:
    """Every module of ``package``, read from its files: walking the package would import it here."""
    modules = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    return modules


def _seeds() -> list[int]:
    chosen = os.environ.get("IMPORT_ORDER_SEED")
    if chosen:
        return [int(chosen)]
    return [random.SystemRandom().randrange(2**32) for _order in range(ORDERS)]


def test_the_modules_are_read_from_the_package_files():
    modules = package_modules()
    assert {"safety", "safety.extensions", "safety.auth.policy", "safety.checklists.library"} <= set(modules)
    assert all(name == PACKAGE or name.startswith(PACKAGE + ".") for name in modules)


def test_every_module_imports_first_in_a_fresh_interpreter():
    # The orders are independent: each runs in its own interpreter, side by side, and the test waits for all.
    runs = {}
    for seed in _seeds():
        order = package_modules()
        random.Random(seed).shuffle(order)
        print(f"IMPORT_ORDER_SEED={seed}: {' '.join(order[:3])} …")
        runs[seed] = subprocess.Popen([sys.executable, "-c", IMPORT_EACH_FIRST, PACKAGE, *order], cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)})
    failures = []
    for seed, run in runs.items():
        _output, errors = run.communicate(timeout=600)
        if run.returncode != 0:
            failures.append(f"In the order of IMPORT_ORDER_SEED={seed} (set it to run that order again):\n{errors}")
    assert not failures, "\n\n".join(failures)

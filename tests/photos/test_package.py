"""The photos package sits below the records that attach photos: it imports none of them."""
import ast
from pathlib import Path

import safety.photos

ATTACHING_PACKAGES = ("safety.hazards", "safety.inspections")


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_the_photos_package_imports_neither_hazards_nor_inspections():
    package = Path(safety.photos.__file__).parent
    imports = {f"{path.name}: {module}" for path in package.glob("*.py") for module in _imported_modules(path)
               if module.startswith(ATTACHING_PACKAGES)}
    assert imports == set()

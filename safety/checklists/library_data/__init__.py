"""The standard checklists' content, one module per topic, each defining ``TEMPLATE``.

The content is Chinese data an office adopts as it is, not interface text: it is
not translated. Item keys (``fire-01`` ...) are written out so they never change
when an item is added to the data later.
"""
from safety.checklists.library_data.findings import FINDINGS


def item(key: str, prompt: str, guidance: str, basis: str = "", kind: str = "pass_fail", photo: bool = True,
         finding: str = "") -> dict:
    """One check; ``photo``: a photo is required when it fails (off for checks of papers and figures);
    ``finding``: the failure wording a hazard's description starts from (for a pass/fail item, from FINDINGS)."""
    return {"key": key, "prompt": prompt, "guidance": guidance, "basis": basis, "kind": kind,
            "photo_required_on_fail": photo, "finding": finding or FINDINGS.get(key, "")}


def reading(key: str, prompt: str, guidance: str, basis: str = "", *, unit: str, min_value: float | None = None,
            max_value: float | None = None, photo: bool = True, finding: str = "") -> dict:
    """A number item: a reading in ``unit`` that fails below ``min_value`` or above ``max_value``."""
    return {**item(key, prompt, guidance, basis, "number", photo, finding),
            "unit": unit, "min_value": min_value, "max_value": max_value}


def section(title: str, *items: dict) -> dict:
    """A titled group of checks, in the order an inspector walks them."""
    return {"title": title, "items": list(items)}

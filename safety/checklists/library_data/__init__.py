"""The standard checklists' content, one module per topic, each defining ``TEMPLATE``.

The content is Chinese data an office adopts as it is, not interface text: it is
not translated. Item keys (``fire-01`` ...) are written out so they never change
when an item is added to the data later.
"""


def item(key: str, prompt: str, guidance: str, basis: str = "", kind: str = "pass_fail", photo: bool = True) -> dict:
    """One check; ``photo``: a photo is required when it fails (off for checks of papers and figures)."""
    return {"key": key, "prompt": prompt, "guidance": guidance, "basis": basis, "kind": kind,
            "photo_required_on_fail": photo}


def section(title: str, *items: dict) -> dict:
    """A titled group of checks, in the order an inspector walks them."""
    return {"title": title, "items": list(items)}

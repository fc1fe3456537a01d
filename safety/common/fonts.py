"""The Chinese font documents are rendered with (PDFs, screenshots): present, or a loud failure, never boxes."""
from __future__ import annotations

import shutil
import subprocess
from functools import cache

# Debian's fonts-noto-cjk (installed by ``make fonts``); the print CSS names the same families.
CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class MissingFontError(RuntimeError):
    """No Chinese font is installed: a PDF made now would print every character as a box."""


@cache
def installed_cjk_family() -> str | None:
    """The first of :data:`CJK_FAMILIES` fontconfig knows, or None."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return next((family for family in CJK_FAMILIES if family in listed), None)


def require_cjk_font() -> str:
    """The Chinese font family to render with; :class:`MissingFontError` when none is installed."""
    family = installed_cjk_family()
    if family is None:
        raise MissingFontError("No Chinese font (fonts-noto-cjk) is installed: run `make fonts`.")
    return family

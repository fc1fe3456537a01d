"""The Chinese font documents are rendered with (PDFs, screenshots): present, or a loud failure, never boxes."""
from __future__ import annotations

import os
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


# The family burned into photos' copies (safety.photos.watermark): a sans face stays readable small.
SANS_FAMILY = "Noto Sans CJK SC"


@cache
def _matched_file(family: str) -> tuple[str, int] | None:
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}|%{index}", f"{family}:lang=zh-cn"],
                           capture_output=True, text=True, check=False).stdout
    families, _bar, rest = found.partition("|")
    path, _bar, index = rest.partition("|")
    # fc-match answers its best substitute when the family is missing: only the family itself will do.
    if family not in families.split(",") or not os.path.isfile(path):
        return None
    return path, int(index or 0)


def cjk_font_file(configured: str | None = None) -> tuple[str, int]:
    """The Chinese sans font as ``(file, face index)`` for Pillow: ``configured`` (a path, ``path:index`` for a
    collection) when given, else Noto Sans CJK SC found by fontconfig. :class:`MissingFontError` when neither is
    there, so the server refuses to start instead of burning boxes into photos."""
    if configured:
        path, _colon, index = configured.rpartition(":") if configured.rpartition(":")[2].isdigit() else (
            configured, "", "0")
        if not os.path.isfile(path):
            raise MissingFontError(f"The Chinese font {path} (WATERMARK_FONT) does not exist: run `make fonts` "
                                   "or set WATERMARK_FONT to an installed CJK font.")
        return path, int(index)
    found = _matched_file(SANS_FAMILY)
    if found is None:
        raise MissingFontError(f"No Chinese font ({SANS_FAMILY}, Debian's fonts-noto-cjk) is installed: "
                               "run `make fonts`.")
    return found

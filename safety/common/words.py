"""Reading a vocabulary: a stored value in, the reader's words (or the badge that colours it) out.

Each domain keeps its values and their labels in its own vocabulary module (``hazards/vocabulary.py`` …);
these make the small functions the templates, serializers and workbooks call with a value.
"""
from collections.abc import Callable, Mapping

from flask_babel import get_locale


def labeller(labels: Mapping) -> Callable[[str | None], str]:
    """The function that names a value in the current language; an unknown value is shown as it is stored
    (a record written by a newer version stays readable), None as an empty string.

    Each value's words are kept per language once looked up: the catalogues do not change while the process
    runs, and a list of a few hundred rows (a pull's tasks, a workbook) looked each one up again (20 µs each)."""
    written: dict[tuple[str, str | None], str] = {}

    def label(value: str | None) -> str:
        key = (str(get_locale()), value)
        words = written.get(key)
        if words is None:
            words = written[key] = str(labels.get(value, value or ""))
        return words
    return label


def badger(badges: Mapping[str, str]) -> Callable[[str | None], str]:
    """The function that gives a value's badge class of office.css (ok, info, warn, bad), "" for none."""
    def badge(value: str | None) -> str:
        return badges.get(value, "")
    return badge

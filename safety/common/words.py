"""Reading a vocabulary: a stored value in, the reader's words (or the badge that colours it) out.

Each domain keeps its values and their labels in its own vocabulary module (``hazards/vocabulary.py`` …);
these make the small functions the templates, serializers and workbooks call with a value.
"""
from collections.abc import Callable, Mapping


def labeller(labels: Mapping) -> Callable[[str | None], str]:
    """The function that names a value in the current language; an unknown value is shown as it is stored
    (a record written by a newer version stays readable), None as an empty string."""
    def label(value: str | None) -> str:
        return str(labels.get(value, value or ""))
    return label


def badger(badges: Mapping[str, str]) -> Callable[[str | None], str]:
    """The function that gives a value's badge class of office.css (ok, info, warn, bad), "" for none."""
    def badge(value: str | None) -> str:
        return badges.get(value, "")
    return badge

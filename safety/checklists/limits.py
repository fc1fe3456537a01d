"""A number item's limits: whether a reading fails them, and how they read to a person.

The phone applies the same rule (static/js/draft.js, ``outsideLimits``): a reading below the lower or
above the upper limit fails; a reading on a limit passes; a limit that is not set never fails.
"""


def reading_outside(number: float, min_value: float | None, max_value: float | None) -> bool:
    """Whether ``number`` lies outside the limits."""
    return (min_value is not None and number < min_value) or (max_value is not None and number > max_value)


def _number(value: float) -> str:
    return f"{value:g}"


def limits_text(min_value: float | None, max_value: float | None, unit: str = "") -> str:
    """「19.5–23.5 %VOL」, 「≤ 25 %LEL」, 「≥ 19.5 %VOL」; empty when neither limit is set."""
    if min_value is not None and max_value is not None:
        text = f"{_number(min_value)}–{_number(max_value)}"
    elif max_value is not None:
        text = f"≤ {_number(max_value)}"
    elif min_value is not None:
        text = f"≥ {_number(min_value)}"
    else:
        return ""
    return f"{text} {unit}".strip()

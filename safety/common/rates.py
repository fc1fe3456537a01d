"""How good a rate is (整改率, 整改合格率, a campaign's share done), decided in one place for every page that
colours one: red below ``RATE_BAD_BELOW`` per cent, amber below ``RATE_WARN_BELOW``, green from there. A 20 %
rectification rate drawn in green reads as good news; the thresholds are the office's setting."""
from flask import current_app

BAD, WARN, OK = "bad", "warn", "ok"  # the names the stylesheet colours (tile-bad, rate-bad, ...)


def rate_tone(rate: float | None) -> str:
    """``bad``, ``warn`` or ``ok`` for a rate in per cent; empty for no rate (nothing to count)."""
    if rate is None:
        return ""
    if rate < current_app.config["RATE_BAD_BELOW"]:
        return BAD
    if rate < current_app.config["RATE_WARN_BELOW"]:
        return WARN
    return OK

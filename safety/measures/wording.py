"""Amounts as the office writes them (万元), and the sentence its reports give enforcement
(「立案26起，实施经济处罚23万元，责令停产停业停工11家」)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _


def wan_yuan(yuan: int | None) -> str:
    """An amount in yuan as 万元 with at most two decimals: 230000 → "23", 12500 → "1.25"; empty for None."""
    if yuan is None:
        return ""
    wan = (Decimal(yuan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{wan:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def enforcement_sentence(figures) -> str:
    """The summary's sentence on enforcement, from the period's :class:`EnforcementFigures` totals."""
    return _("%(cases)s penalty cases were opened and fines of %(fines)s × 10,000 yuan imposed; %(stopped)s "
             "enterprises were ordered to stop production, business or work, %(closed)s were closed down, and "
             "%(referrals)s cases were referred to other departments.",
             cases=figures.cases, fines=wan_yuan(figures.fines_yuan), stopped=figures.stopped_enterprises,
             closed=figures.closed_enterprises, referrals=figures.referrals)

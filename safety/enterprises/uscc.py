"""The unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character alphabet (no I, O, S, V, Z). The last one is a
check character over the first 17: weights 3^i mod 31, and the character whose
value makes the weighted sum a multiple of 31.
"""
import random

from flask_babel import gettext as _

from safety.common.errors import DomainError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be from the alphabet)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(raw: str) -> str:
    """The code in upper case without spaces; raises DomainError saying exactly what is wrong."""
    code = "".join((raw or "").split()).upper()
    if not code:
        raise DomainError("uscc_required", _("The unified social credit code is required."), field="uscc")
    if len(code) != LENGTH:
        raise DomainError("uscc_length",
                          _("The unified social credit code has 18 characters; this one has %(n)s.", n=len(code)),
                          field="uscc")
    for position, char in enumerate(code, start=1):
        if char not in VALUES:
            raise DomainError("uscc_character",
                              _("Character %(pos)s of the unified social credit code (%(char)s) is not allowed: "
                                "the letters I, O, S, V and Z are never used.", pos=position, char=char),
                              field="uscc")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise DomainError("uscc_check",
                          _("The unified social credit code's check character is %(found)s but should be "
                            "%(expected)s: a character was probably mistyped.", found=code[17], expected=expected),
                          field="uscc")
    return code


def is_valid_uscc(raw: str) -> bool:
    try:
        normalise_uscc(raw)
    except DomainError:
        return False
    return True


def make_uscc(rng: random.Random, region: str = "320583") -> str:
    """A well-formed code for demo data: legal person (9), company (1), the region, an organisation code."""
    body = "91" + region + "".join(rng.choice(ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + check_character(body)

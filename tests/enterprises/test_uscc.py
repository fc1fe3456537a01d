"""The unified social credit code check (GB 32100-2015)."""
import random

import pytest

from safety.common.errors import DomainError
from safety.enterprises.uscc import ALPHABET, is_valid_uscc, make_uscc, normalise_uscc

REAL_CODES = ["91350100M000100Y43", "91110000600037341L", "9144030071526726XG", "91310000MA1FL1MMXL"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(app, code):
    assert normalise_uscc(code) == code


@pytest.mark.parametrize("code", REAL_CODES)
def test_every_single_changed_character_is_caught(app, code):
    for position in range(18):
        for replacement in ALPHABET:
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1:]
            assert not is_valid_uscc(changed), changed


def test_lower_case_and_spaces_are_normalised(app):
    assert normalise_uscc(" 9131 0000 ma1f l1mm xl ") == "91310000MA1FL1MMXL"


def test_full_width_input_is_accepted_by_the_register(app):
    from safety.enterprises.validation import clean_uscc
    assert clean_uscc("９１３１００００ＭＡ１ＦＬ１ＭＭＸＬ") == "91310000MA1FL1MMXL"


@pytest.mark.parametrize("raw,code", [
    ("", "uscc_required"),
    ("   ", "uscc_required"),
    ("91310000MA1FL1MMX", "uscc_length"),
    ("91310000MA1FL1MMXL1", "uscc_length"),
    ("91310000MA1FL1MMIL", "uscc_character"),
    ("91310000MA1FL1MMXK", "uscc_check"),
])
def test_each_error_has_its_code_and_field(app, raw, code):
    with pytest.raises(DomainError) as caught:
        normalise_uscc(raw)
    assert caught.value.code == code
    assert caught.value.field == "uscc"


def test_length_error_says_how_many_characters(app):
    with pytest.raises(DomainError) as caught:
        normalise_uscc("91310000MA1FL1MMX")
    assert "17" in caught.value.message


def test_character_error_names_position_and_character(app):
    with pytest.raises(DomainError) as caught:
        normalise_uscc("91310000MA1FL1MMOL")
    assert "17" in caught.value.message and "O" in caught.value.message


def test_check_error_names_the_expected_character(app):
    with pytest.raises(DomainError) as caught:
        normalise_uscc("91310000MA1FL1MMXK")
    assert "L" in caught.value.message and "K" in caught.value.message


def test_demo_codes_are_valid(app):
    rng = random.Random(7)
    assert all(is_valid_uscc(make_uscc(rng)) for _ in range(200))

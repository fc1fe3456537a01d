"""The phone's part of a document issued on site: its number, when, and the receipt (signed, or refused with a
photo; who received it, when, how). Bad input is refused naming the field, before anything is looked up."""
from datetime import datetime, timedelta, timezone

import pytest

from safety.common.errors import DomainError
from safety.documents.field import parse_field_issue

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=timezone.utc)
SIGNATURE, PHOTO, DOC = ("6f1c1b0e-3a52-4c1e-9f0e-1d2c3b4a5e6f", "7a2d2c1f-4b63-4d2f-8a1f-2e3d4c5b6a7f",
                         "8b3e3d2a-5c74-4e3a-9b2a-3f4e5d6c7b8a")


def request(**receipt_overrides) -> dict:
    receipt = {"signature": SIGNATURE, "refused": False, "refusal_photo": None, "refusal_note": "",
               "recipient": "王厂长", "method": "in_person", "served_at": "2026-12-04T10:55:00+08:00"}
    receipt.update(receipt_overrides)
    return {"type": "rectification_order", "inspection_uuid": "9c4f4e3b-6d85-4f4b-8c3b-4a5f6e7d8c9b",
            "uuid": DOC, "number": 12, "year": 2026, "issued_at": "2026-12-04T10:54:00+08:00", "receipt": receipt}


def refused(code: str, field: str, body: dict, kind: str = "rectification_order") -> None:
    with pytest.raises(DomainError) as error:
        parse_field_issue(body, kind, now=NOW)
    assert (error.value.code, error.value.field) == (code, field)


def test_a_signed_document_reads_back_as_sent(app):
    issue = parse_field_issue(request(), "rectification_order", now=NOW)
    assert (issue.uuid, issue.year, issue.number) == (DOC, 2026, 12)
    assert issue.issued_at == datetime(2026, 12, 4, 2, 54, tzinfo=timezone.utc)
    assert (issue.receipt.signature, issue.receipt.refused, issue.receipt.recipient, issue.receipt.method) == (
        SIGNATURE, False, "王厂长", "in_person")


def test_a_request_made_in_the_office_has_no_phone_part(app):
    assert parse_field_issue({"type": "rectification_order", "inspection_uuid": DOC}, "rectification_order") is None


def test_a_phone_whose_block_ran_out_sends_no_number(app):
    body = {**request(), "number": None, "year": None}
    assert parse_field_issue(body, "onsite_measures", now=NOW).number is None


def test_a_refusal_is_recorded_with_its_photo(app):
    issue = parse_field_issue(request(signature=None, refused=True, refusal_photo=PHOTO, method="left_on_site",
                                      refusal_note="拒绝签字"), "onsite_measures", now=NOW)
    assert (issue.receipt.refused, issue.receipt.refusal_photo, issue.receipt.refusal_note) == (True, PHOTO, "拒绝签字")


def test_a_refusal_without_a_photo_is_refused(app):
    refused("refusal_photo_required", "receipt.refusal_photo",
            request(signature=None, refused=True, method="left_on_site"))


@pytest.mark.parametrize("body, code, field", [
    (request(signature=None), "signature_required", "receipt.signature"),
    (request(refused=True, refusal_photo=PHOTO, method="left_on_site"), "signed_and_refused", "receipt.signature"),
    (request(method="left_on_site"), "method_mismatch", "receipt.method"),
    (request(method="by_post"), "invalid_choice", "receipt.method"),
    (request(recipient=" "), "required", "receipt.recipient"),
    (request(served_at="yesterday"), "invalid_datetime", "receipt.served_at"),
    (request(refused="yes"), "invalid_type", "receipt.refused"),
    (request(signature="not-a-uuid"), "invalid_uuid", "receipt.signature"),
    ({**request(), "year": None}, "number_and_year", "number"),
    ({**request(), "number": 0}, "invalid_type", "number"),
    ({**request(), "number": "12"}, "invalid_type", "number"),
    ({**request(), "uuid": None}, "required", "uuid"),
    ({**request(), "inspection_uuid": None}, "inspection_required", "inspection_uuid"),
    ({**request(), "issued_at": (NOW + timedelta(days=2)).isoformat()}, "time_in_future", "issued_at"),
])
def test_bad_receipts_are_refused_naming_the_field(app, body, code, field):
    refused(code, field, body)


def test_a_circular_is_never_issued_on_a_phone(app):
    refused("not_for_type", "type", request(), kind="circular")

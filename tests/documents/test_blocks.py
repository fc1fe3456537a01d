"""Number blocks: reserved at each pull for an inspector's phone, consumed offline, released as void unused."""
import pytest
from sqlalchemy import select

from safety.common.errors import Conflict
from safety.documents.blocks import (FIELD_TYPES, NumberBlock, PendingNumber, ReservedNumber, claim_number,
                                     list_void_numbers, renew_number_blocks)
from safety.extensions import db
from tests.factories import make_user
from tests.livehttp import HttpSession, live_server
from tests.races import at_once

PULL = "/api/v1/sync/pull"
PHONE, OTHER_PHONE = "phone-a1b2", "phone-c3d4"


def blocks_of(body) -> dict:
    return {block["type"]: block for block in body["number_blocks"]}


def pull(client, **params):
    response = client.get(PULL, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def states(kind) -> dict[int, str]:
    return dict(db.session.execute(select(ReservedNumber.number, ReservedNumber.state)
                                   .where(ReservedNumber.kind == kind)).all())


@pytest.fixture
def signed_in(client, auth, inspector):
    auth.login("inspector")
    return client


def test_a_pull_reserves_a_block_of_each_field_type(signed_in, app):
    app.config["DOCUMENT_BLOCK_SIZE"] = 3
    body = pull(signed_in, device=PHONE)
    blocks = blocks_of(body)
    assert set(blocks) == set(FIELD_TYPES)
    year = blocks["inspection_record"]["year"]
    assert all(block["numbers"] == [1, 2, 3] and block["year"] == year for block in blocks.values())
    # the contract's fields are all still there
    assert {"cursor", "enterprises", "templates", "hazards"} <= set(body)


def test_an_untouched_block_comes_again_without_releasing_anything(signed_in):
    first = blocks_of(pull(signed_in, device=PHONE))
    again = blocks_of(pull(signed_in, device=PHONE))
    assert again == first
    assert set(states("onsite_measures").values()) == {"reserved"}


def test_a_used_block_closes_its_unused_numbers_void_and_a_fresh_block_follows(signed_in, app, inspector):
    app.config["DOCUMENT_BLOCK_SIZE"] = 4
    pull(signed_in, device=PHONE)
    claim_number(inspector, "rectification_order", _year(), 2)
    db.session.commit()
    blocks = blocks_of(pull(signed_in, device=PHONE))
    assert blocks["rectification_order"]["numbers"] == [5, 6, 7, 8]
    assert states("rectification_order") == {1: "void", 2: "used", 3: "void", 4: "void", 5: "reserved",
                                             6: "reserved", 7: "reserved", 8: "reserved"}
    # the other types were untouched: the same block
    assert blocks["inspection_record"]["numbers"] == [1, 2, 3, 4]
    void = [(kind, number, name) for kind, _year_, number, name, _at in list_void_numbers("rectification_order")]
    assert void == [("rectification_order", 1, "李检查"), ("rectification_order", 3, "李检查"),
                    ("rectification_order", 4, "李检查")]


def test_a_number_still_on_the_phone_stays_reserved_until_the_phone_stops_naming_it(signed_in, app, inspector):
    app.config["DOCUMENT_BLOCK_SIZE"] = 3
    year = blocks_of(pull(signed_in, device=PHONE))["onsite_measures"]["year"]
    # the phone gave number 1 on a document still in its outbox: the block closes, 1 stays the phone's
    blocks = blocks_of(pull(signed_in, device=PHONE, pending=f"onsite_measures:{year}:1"))
    assert blocks["onsite_measures"]["numbers"] == [4, 5, 6]
    assert states("onsite_measures") == {1: "reserved", 2: "void", 3: "void", 4: "reserved", 5: "reserved",
                                         6: "reserved"}
    # its document arrives later with that number: accepted
    assert claim_number(inspector, "onsite_measures", year, 1).state == "used"
    db.session.commit()
    # a pending number the phone drops (the draft was discarded) is void at the next pull
    blocks_of(pull(signed_in, device=PHONE, pending=f"onsite_measures:{year}:4"))
    pull(signed_in, device=PHONE)
    assert states("onsite_measures")[4] == "void"


def test_two_phones_of_one_inspector_never_share_a_block(signed_in):
    mine = blocks_of(pull(signed_in, device=PHONE))
    other = blocks_of(pull(signed_in, device=OTHER_PHONE))
    for kind in FIELD_TYPES:
        assert not set(mine[kind]["numbers"]) & set(other[kind]["numbers"])
    # the second phone's pull left the first phone's block alone
    assert blocks_of(pull(signed_in, device=PHONE)) == mine


def test_a_document_number_outside_the_senders_block_is_a_conflict(signed_in, inspector, grid):
    blocks = blocks_of(pull(signed_in, device=PHONE))
    year = blocks["inspection_record"]["year"]
    colleague = make_user("inspector", username="wang", grids=[grid])
    with pytest.raises(Conflict) as refused:
        claim_number(colleague, "inspection_record", year, blocks["inspection_record"]["numbers"][0])
    assert refused.value.code == "number_not_reserved"
    with pytest.raises(Conflict) as refused:
        claim_number(inspector, "inspection_record", year, 999)
    assert refused.value.code == "number_not_reserved"
    claim_number(inspector, "inspection_record", year, 1)
    with pytest.raises(Conflict) as refused:
        claim_number(inspector, "inspection_record", year, 1)
    assert refused.value.code == "number_used"


def test_a_released_number_is_never_given_again(signed_in, inspector, app):
    app.config["DOCUMENT_BLOCK_SIZE"] = 2
    year = blocks_of(pull(signed_in, device=PHONE))["inspection_record"]["year"]
    claim_number(inspector, "inspection_record", year, 1)
    db.session.commit()
    pull(signed_in, device=PHONE)  # 2 is released
    with pytest.raises(Conflict) as refused:
        claim_number(inspector, "inspection_record", year, 2)
    assert refused.value.code == "number_released"
    assert "作废" in refused.value.message  # said in the office's language: released as void


@pytest.mark.parametrize("params, code", [
    ({"device": "x" * 65}, "invalid_device"),
    ({"device": "bad device!"}, "invalid_device"),
    ({"device": PHONE, "pending": "circular:2026:1"}, "invalid_pending"),
    ({"device": PHONE, "pending": "onsite_measures:twenty:1"}, "invalid_pending"),
])
def test_a_malformed_device_or_pending_list_is_refused(signed_in, params, code):
    response = signed_in.get(PULL, query_string=params)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert db.session.scalar(select(db.func.count()).select_from(NumberBlock)) == 0


def test_no_block_without_a_device_nor_for_an_enterprise_account(client, auth, signed_in, enterprise):
    assert pull(signed_in)["number_blocks"] == []
    make_user("enterprise", username="acme", enterprise=enterprise)
    auth.login("acme")
    assert pull(client, device=PHONE)["number_blocks"] == []


def test_a_block_of_a_past_year_is_released_at_the_first_pull_of_the_new_one(app, inspector):
    from datetime import datetime, timezone
    app.config["DOCUMENT_BLOCK_SIZE"] = 2
    # 16:30 UTC on 31 December 2025 is still 2025 in Shanghai; 16:30 UTC the next day is 2026
    old = renew_number_blocks(inspector, PHONE, set(), now=datetime(2025, 12, 31, 15, 30, tzinfo=timezone.utc))
    assert {block["year"] for block in old} == {2025}
    new = renew_number_blocks(inspector, PHONE, {PendingNumber("onsite_measures", 2025, 2)},
                              now=datetime(2025, 12, 31, 16, 30, tzinfo=timezone.utc))
    assert {block["year"] for block in new} == {2026}
    assert all(block["numbers"] == [1, 2] for block in new)
    rows = db.session.execute(select(ReservedNumber.year, ReservedNumber.number, ReservedNumber.state)
                              .where(ReservedNumber.kind == "onsite_measures")).all()
    assert sorted(rows) == [(2025, 1, "void"), (2025, 2, "reserved"), (2026, 1, "reserved"),
                            (2026, 2, "reserved")]


def test_concurrent_pulls_never_double_a_number(app, inspector, grid):
    """Eight phones (two inspectors, four each) pull at the same moment, twice, on a live server: every
    number of a type is reserved once, and the series has no gap (PostgreSQL row locks, SQLite's write lock)."""
    make_user("inspector", username="wang", grids=[grid])
    db.session.commit()
    app.config["DOCUMENT_BLOCK_SIZE"] = 3
    with live_server(app) as port:
        sessions = []
        for username in ("inspector", "wang"):
            for _ in range(4):
                session = HttpSession(port)
                session.login(username)
                sessions.append(session)
        for round_ in range(2):
            answers = at_once(*[lambda s=s, n=n: s.request("GET", f"{PULL}?device=phone-{n}")
                                for n, s in enumerate(sessions)])
            assert all(answer is not None and answer[0] == 200 for answer in answers), answers
    db.session.expire_all()
    for kind in FIELD_TYPES:
        numbers = sorted(db.session.scalars(select(ReservedNumber.number).where(ReservedNumber.kind == kind)))
        assert numbers == list(range(1, 8 * 3 + 1))
    # each phone holds one open block per type
    open_blocks = db.session.execute(select(NumberBlock.device, NumberBlock.kind)
                                     .where(NumberBlock.closed_at.is_(None))).all()
    assert len(open_blocks) == len(set(open_blocks)) == 8 * 3


def _year():
    return db.session.scalar(select(NumberBlock.year).limit(1))

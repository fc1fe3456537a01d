"""A write that loses the race to its twin is rolled back and tried once more, never more."""
import pytest
from sqlalchemy.exc import IntegrityError

from safety.common.api import commit_or_meet_twin


def _lost_race():
    return IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))


def test_the_attempt_that_met_the_unique_index_runs_once_more(app):
    calls = []

    def attempt():
        calls.append(len(calls))
        if len(calls) == 1:
            raise _lost_race()
        return "the twin"

    with app.test_request_context():
        assert commit_or_meet_twin(attempt, "Thing 1") == "the twin"
    assert calls == [0, 1]


def test_the_retry_given_answers_instead_of_the_attempt(app):
    def attempt():
        raise _lost_race()

    with app.test_request_context():
        assert commit_or_meet_twin(attempt, "Thing 2", retry=lambda: ("stored by the twin", False)) == (
            "stored by the twin", False)


def test_a_second_loss_is_no_twin_and_is_not_caught(app):
    def attempt():
        raise _lost_race()

    with app.test_request_context(), pytest.raises(IntegrityError):
        commit_or_meet_twin(attempt, "Thing 3")

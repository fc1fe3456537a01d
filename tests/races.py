"""Races against a live server (tests/livehttp.py): requests released at the same moment, and a resend that
arrives while its twin's transaction is still open in the test."""
import threading
import time

from safety.extensions import db

# Long enough for a request to reach the lock it must wait on; the test's transaction holds it meanwhile.
TWIN_HOLDS_SECONDS = 1.5


def at_once(*calls):
    """Run each of ``calls`` in its own thread, all released together by a barrier; answers their results in the
    order of ``calls`` (None for a call that raised)."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n):
        start.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def behind_open_twin(call):
    """Run ``call`` in a thread while the test's own transaction (the twin, written but not committed) stays open
    for a moment, then commit it. Answers whether ``call`` was still waiting when the twin committed, and its
    result."""
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(result=call()))
    thread.start()
    time.sleep(TWIN_HOLDS_SECONDS)
    waiting = thread.is_alive()
    db.session.commit()
    thread.join(timeout=60)
    return waiting, answer.get("result")

"""The pull's ``returned``: the user's own inspections returned for amendment, each as its whole document.

Building a document reads seven statements and, for an inspection stored before fingerprints were kept,
recomputes what its representative signed; an inspector whose returned inspections wait for weeks pulled the
same few dozen documents again at every full pull (a third of its time). Each document is therefore kept, per
application, under the version of everything it shows (``safety.sync.queries.list_returned_inspections``),
with the reader's name and language (the flags are written in it): a pull reads the versions in one statement
and builds only the documents whose version moved. What is answered is always what a fresh build would give.

A worker that starts keeps every returned inspection's document before it serves
(:func:`keep_returned_documents_at_start`, from ``gunicorn.conf.py``): an inspector's first full pull after a
restart or a deploy then builds none, only those changed since.
"""
import logging

from flask import current_app
from flask_babel import force_locale, get_locale
from sqlalchemy import select

from safety.extensions import db
from safety.inspections import vocabulary as inspection_vocabulary
from safety.inspections.models import Inspection
from safety.inspections.queries import list_inspection_contents
from safety.sync.queries import list_returned_inspections
from safety.sync.serialize import returned_json
from safety.users.models import User

# Documents kept per application at most; beyond that they are all forgotten and built again as pulls ask. A
# document is about 40 KB in memory (714 of them, a generated district's, took 30 MB), so this bounds a worker's.
KEPT_LIMIT = 1000


def returned_documents(user: User, since: int | None) -> list[dict]:
    """The returned inspections of ``user`` changed after ``since``, oldest first, as ``returned_json`` makes them."""
    reader = (user.username, user.display_name, str(get_locale()))
    wanted = [(inspection_id, (*version, *reader)) for inspection_id, version in list_returned_inspections(user, since)]
    kept = current_app.extensions.setdefault("pulled_returned_inspections", {})  # shared by the worker's threads
    documents = {inspection_id: kept.get(inspection_id, (None, None)) for inspection_id, _version in wanted}
    missing = [inspection_id for inspection_id, version in wanted if documents[inspection_id][0] != version]
    if missing:
        if len(kept) + len(missing) > KEPT_LIMIT:
            kept.clear()
        versions = dict(wanted)
        for contents in list_inspection_contents(missing):
            # Read after its version: a change in between is kept under the older version, so the next pull
            # builds the document again rather than keeping the change unseen.
            inspection_id = contents.inspection.id
            documents[inspection_id] = kept[inspection_id] = (versions[inspection_id], returned_json(contents))
    # One deleted since its version was read is left out.
    return [documents[inspection_id][1] for inspection_id, version in wanted if documents[inspection_id][0] == version]


def keep_all_returned_documents() -> int:
    """Build and keep the document of every returned inspection, for its inspector in the language their account
    reads (a device that chose another builds its own at its next pull); answers how many. Within a request
    context: the documents hold URLs."""
    config = current_app.config
    inspectors = db.session.scalars(select(User).where(User.id.in_(
        select(Inspection.inspector_id).where(Inspection.review_state == inspection_vocabulary.RETURNED))))
    kept = 0
    for user in inspectors.all():
        with force_locale(user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]):
            kept += len(returned_documents(user, None))
    return kept


def keep_returned_documents_at_start(app) -> None:
    """:func:`keep_all_returned_documents` for a worker that has just loaded ``app``. A failure (the database not
    reachable yet) is logged and left: the pulls then build the documents as they need them."""
    try:
        with app.test_request_context("/"):
            kept = keep_all_returned_documents()
            db.session.remove()
    except Exception:  # noqa: BLE001 - a cache not filled must not keep the worker from serving
        logging.getLogger(__name__).warning("returned inspections' documents not kept at start", exc_info=True)
    else:
        logging.getLogger(__name__).info("kept %d returned inspections' documents", kept)

"""The pull's ``returned``: the user's own inspections returned for amendment, each as its whole document.

Building a document reads seven statements and, for an inspection stored before fingerprints were kept,
recomputes what its representative signed; an inspector whose returned inspections wait for weeks pulled the
same few dozen documents again at every full pull (a third of its time). Each document is therefore kept, per
application, under the version of everything it shows (``safety.sync.queries.list_returned_inspections``),
with the reader's name and language (the flags are written in it): a pull reads the versions in one statement
and builds only the documents whose version moved. What is answered is always what a fresh build would give.
"""
from flask import current_app
from flask_babel import get_locale

from safety.inspections.queries import list_inspection_contents
from safety.sync.queries import list_returned_inspections
from safety.sync.serialize import returned_json
from safety.users.models import User

# Documents kept per application at most; beyond that they are all forgotten and built again as pulls ask.
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

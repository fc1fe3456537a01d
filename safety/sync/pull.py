"""Assembling one pull: what changed for a user since their cursor, and the next cursor.

Rules a phone can rely on:

* ``full: true``: the lists are everything in scope; the phone replaces what it holds.
* ``full: false``: the lists hold only rows changed since the cursor; the phone
  updates by key (enterprise ``code``, template ``id``, hazard, inspection,
  task and returned inspection ``uuid``) and deletes what ``removed`` names.
  Dropping an enterprise drops its hazards with it.
* ``campaigns`` and ``staff`` are always complete, in a delta too: short lists the
  phone replaces whole.
* A task's ``status`` is as of the pull: a ``pending`` task whose ``due_on`` has
  passed since is overdue, and the phone shows it so (a delta does not send a task
  again only because a day went by).
* ``returned``: the user's own inspections returned for amendment, each as the
  inspection document with the URLs of its photos and signatures, so any phone
  the user signs in on can amend it offline. One leaves (``removed.returned``)
  once its revision is received or it is no longer returned.
* The same row may come twice across pulls (a change committed while the pull
  ran); applying it again changes nothing.
"""

from safety.checklists.serialize import versions_json
from safety.common.office_time import office_today
from safety.common.revisions import current_revision
from safety.hazards.serialize import pulled_hazards_json
from safety.sync import queries
from safety.sync.cursor import cursor_revision, make_cursor, scope_fingerprint
from safety.enterprises.sectors import sector_labels
from safety.sync.returned import returned_documents
from safety.sync.serialize import enterprises_json, review_json
from safety.sync.tasks import pull_tasks
from safety.users.models import User


def build_pull(user: User, raw_cursor: str | None) -> dict:
    """The pull response for ``user`` given the cursor the phone sent (``since``)."""
    # Read before any row: a row committed after this point carries a higher
    # revision and is sent again next time; nothing committed before it is missed.
    revision = current_revision()
    fingerprint = scope_fingerprint(user)
    since = cursor_revision(raw_cursor, fingerprint, revision)
    labels = sector_labels()
    template_rows = queries.list_latest_versions(since)
    versions = versions_json([(version_id, sync_rev) for version_id, _t, active, sync_rev in template_rows if active])
    year = pull_tasks(user, since, office_today())
    removed = {"enterprises": [], "templates": [], "hazards": [], "tasks": year["removed"], "returned": []}
    if since is not None:
        # Deactivating a template touches its versions, so it shows up here as changed but inactive.
        removed.update(enterprises=queries.list_removed_enterprise_codes(user, since),
                       templates=[template_id for _v, template_id, active, _r in template_rows if not active],
                       hazards=queries.list_closed_hazard_uuids(user, since),
                       returned=queries.list_no_longer_returned_uuids(user, since))
    return {
        "cursor": make_cursor(revision, fingerprint),
        "full": since is None,
        "enterprises": enterprises_json(queries.list_enterprises(user, since), labels),
        "templates": versions,
        "hazards": pulled_hazards_json(queries.list_hazards(user, since)),
        "inspections": [review_json(*row) for row in queries.list_review_results(user, since)],
        "tasks": year["tasks"],
        "campaigns": year["campaigns"],
        "staff": year["staff"],
        "returned": returned_documents(user, since),
        "removed": removed,
    }

"""Template versions as the sync contract's ``pull`` sends them to phones.

Shape (contract, field names fixed)::

    {"id": template id, "version", "name", "topic", "sectors",
     "sections": [{"title", "items": [{"id": item key, "prompt", "guidance", "basis",
                                       "kind", "photo_required_on_fail",
                                       "min", "max", "unit", "finding"}]}]}

``min``, ``max`` and ``unit`` (added to the contract's fields) are a number item's limits: a reading
outside them fails; either limit may be null. ``finding`` is the failure wording the phone pre-fills a
hazard's description with; empty when the template gives none.

``sectors`` are the enterprise sectors for which the phone suggests this
checklist when an inspection is opened without a task (see ``SECTOR_TOPICS``).

The item ``id`` is the item's key, which stays the same from version to
version, so an answer or a hazard names "the same check" across versions.
"""
from flask import current_app
from sqlalchemy import func, select

from safety.checklists.models import ChecklistTemplate, TemplateVersion
from safety.checklists.queries import content_options
from safety.checklists.topics import suggested_sectors
from safety.extensions import db

# How many kept versions beyond those pulled now may stay before the superseded ones are forgotten.
KEPT_SPARE = 50


def template_version_json(version: TemplateVersion) -> dict:
    """One version in the contract's shape; load it with :func:`load_versions_with_content` first."""
    template = version.template
    return {
        "id": template.id,
        "version": version.version,
        "name": template.name,
        "topic": template.topic,
        "sectors": suggested_sectors(template.topic),
        "sections": [
            {"title": section.title,
             "items": [{"id": item.key, "prompt": item.prompt, "guidance": item.guidance, "basis": item.basis,
                        "kind": item.kind, "photo_required_on_fail": bool(item.photo_required_on_fail),
                        "min": item.min_value, "max": item.max_value, "unit": item.unit or "",
                        "finding": item.finding or ""}
                       for item in section.items]}
            for section in version.sections
        ],
    }


def load_versions_with_content(version_ids) -> list[TemplateVersion]:
    """The versions with these ids, each with its template, sections and items, in three statements.

    Ordered by template and version number; unknown ids are left out.
    """
    version_ids = list(version_ids)
    if not version_ids:
        return []
    statement = (select(TemplateVersion).where(TemplateVersion.id.in_(version_ids))
                 .options(*content_options()).order_by(TemplateVersion.template_id, TemplateVersion.version))
    return list(db.session.scalars(statement).unique())


def versions_json(versions: list[tuple[int, int]]) -> list[dict]:
    """The versions named by ``(version id, sync_rev)``, each in the contract's shape, in the order given.

    Each answer is kept, per application, under its version's id and ``sync_rev``: a version's content
    changes only with its ``sync_rev`` (an edit of an unused version touches it, so does a change of its
    template's name, topic or active flag), so a kept answer is the version as it is. Only versions not kept
    yet are read, in three statements; a full pull of an unchanged checklist library reads none. One read
    while it changes is kept under the ``sync_rev`` it was read with.
    """
    kept = current_app.extensions.setdefault("pulled_template_versions", {})  # shared by the worker's threads
    wanted = list(versions)
    missing = [version_id for version_id, sync_rev in wanted if (version_id, sync_rev) not in kept]
    loaded = {}
    for version in load_versions_with_content(missing):
        loaded[version.id] = kept[(version.id, version.sync_rev)] = template_version_json(version)
    if len(kept) > len(wanted) + KEPT_SPARE:  # versions superseded or retired since: forget them
        current = set(wanted)
        for key in [key for key in list(kept) if key not in current]:
            kept.pop(key, None)
    answers = []
    for version_id, sync_rev in wanted:
        answer = kept.get((version_id, sync_rev)) or loaded.get(version_id)
        if answer is not None:  # a version deleted meanwhile is left out
            answers.append(answer)
    return answers


def latest_versions(include_inactive: bool = False) -> list[TemplateVersion]:
    """The latest version of each active template (of every template with ``include_inactive``), content loaded.

    Inactive templates are not offered to phones for new inspections.
    """
    latest = (select(TemplateVersion.template_id, func.max(TemplateVersion.version).label("number"))
              .group_by(TemplateVersion.template_id).subquery())
    statement = (select(TemplateVersion)
                 .join(latest, (latest.c.template_id == TemplateVersion.template_id)
                       & (latest.c.number == TemplateVersion.version))
                 .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
                 .options(*content_options()).order_by(TemplateVersion.template_id))
    if not include_inactive:
        statement = statement.where(ChecklistTemplate.active.is_(True))
    return list(db.session.scalars(statement).unique())

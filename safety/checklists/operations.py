"""Creating and editing checklist templates, with the versioning rule of the contract.

The rule: a version that an inspection has used is never edited. Every edit
names the version it was made on (the one the editor showed). When that
version is still unused it is changed in place; when an inspection has used
it, it is first copied to version N+1 (items keep their keys) and the change
goes into the copy. Only the latest version can be edited, so a page showing
an older version cannot overwrite a newer one.

Two editors saving at the same moment would both create version N+1: the
unique constraint on (template, version) lets one win and the other gets a
:class:`Conflict` instead of a server error.

Each function changes the session's objects and flushes; the caller commits.
Each change adds its audit entry to the same session: ``template.edited`` when
the latest version was changed in place, ``template.version_created`` when the
change made a new version.
"""
import math
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from safety.audit.operations import created, diff, record_audit
from safety.checklists.models import ANSWER_KINDS, ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.checklists.queries import is_version_used
from safety.checklists.serialize import load_versions_with_content
from safety.checklists.topics import TOPICS
from safety.common.actor import acting_user
from safety.common.errors import Conflict, DomainError, NotFound
from safety.common.revisions import touch
from safety.common.text import required_text
from safety.extensions import db

NAME_MAX = 200
TITLE_MAX = 200
KEY_MAX = 40
UNIT_MAX = 20


@dataclass
class ItemFields:
    """What an editor sets on an item; the key is the server's to give."""

    prompt: str
    guidance: str = ""
    basis: str = ""  # 依据
    kind: str = "pass_fail"
    photo_required_on_fail: bool = True
    # A number item's limits, as typed (text) or given (numbers); cleaned to floats or None.
    min_value: float | str | None = None
    max_value: float | str | None = None
    unit: str = ""
    finding: str = ""  # the failure wording a new hazard's description starts from


# --- templates ------------------------------------------------------------------------------

def create_template(name: str, topic: str, description: str = "", created_by=None) -> ChecklistTemplate:
    """A new active template with an empty version 1."""
    template = ChecklistTemplate(name=_clean_name(name), topic=_clean_topic(topic),
                                 description=(description or "").strip(), active=True)
    template.versions.append(TemplateVersion(version=1, created_by_id=created_by.id if created_by else None))
    db.session.add(template)
    db.session.flush()
    record_template_created(template)
    return template


def record_template_created(template: ChecklistTemplate) -> None:
    """The audit entry of a new template (made in the editor or installed from the library).

    The actor is whoever is signed in, not the version's ``created_by``: ``seed-demo``
    credits the demo administrator with the library but runs on the command line.
    """
    # The description can run to paragraphs; a new template's log entry names it by name and topic.
    record_audit(acting_user(), "template.created", "template", template.id, template.name,
                 created({"name": template.name, "topic": template.topic}))


def _details(template: ChecklistTemplate) -> dict:
    return {"name": template.name, "topic": template.topic, "description": template.description}


def update_template_details(template: ChecklistTemplate, name: str, topic: str, description: str) -> None:
    """Change name, topic and description. They are the template's, not a version's, so no
    new version is made; every version is touched because phones see the name and topic in each."""
    before = _details(template)
    template.name = _clean_name(name)
    template.topic = _clean_topic(topic)
    template.description = (description or "").strip()
    changes = diff(before, _details(template))
    if not changes:
        return
    _touch_all_versions(template)
    db.session.flush()
    record_audit(acting_user(), "template.edited", "template", template.id, template.name, changes)


def set_template_active(template: ChecklistTemplate, active: bool) -> None:
    """Deactivate (no longer offered to phones) or reactivate a template; its versions stay as they are."""
    if template.active == active:
        return
    template.active = active
    # The versions are touched so a phone's next pull learns that the template left or came back.
    _touch_all_versions(template)
    db.session.flush()
    record_audit(acting_user(), "template.activated" if active else "template.deactivated", "template",
                 template.id, template.name, {"active": [not active, active]})


def _touch_all_versions(template: ChecklistTemplate) -> None:
    for version in template.versions:
        touch(version)


def _clean_name(name: str) -> str:
    return required_text(name, field="name", max_length=NAME_MAX, missing=_("Give the checklist a name."),
                         too_long=_("The name may have at most %(max)s characters.", max=NAME_MAX))


def _clean_topic(topic: str) -> str:
    if topic not in TOPICS:
        raise DomainError("unknown_topic", _("Choose one of the topics."), field="topic")
    return topic


# --- sections -------------------------------------------------------------------------------

def add_section(template: ChecklistTemplate, base_number: int, title: str, user=None) -> TemplateVersion:
    """Append a section to the version edited from ``base_number``; returns the version changed."""
    title = _clean_title(title)
    base = latest_for_edit(template, base_number)
    working = _working_version(template, base, user)
    working.sections.append(TemplateSection(position=len(working.sections), title=title))
    return _flush(working, base, user, {"section_added": [None, title]})


def rename_section(template: ChecklistTemplate, base_number: int, section_id: int, title: str,
                   user=None) -> TemplateVersion:
    """Give a section a new title."""
    title = _clean_title(title)
    base = latest_for_edit(template, base_number)
    index = _section_index(base, section_id)
    working = _working_version(template, base, user)
    old_title = working.sections[index].title
    working.sections[index].title = title
    return _flush(working, base, user, {"section_title": [old_title, title]})


def move_section(template: ChecklistTemplate, base_number: int, section_id: int, offset: int,
                 user=None) -> TemplateVersion:
    """Move a section up (``offset`` -1) or down (+1); at either end nothing changes."""
    base = latest_for_edit(template, base_number)
    index = _section_index(base, section_id)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(base.sections):
        return base
    working = _working_version(template, base, user)
    title = working.sections[index].title
    _swap(working.sections, index, target)
    return _flush(working, base, user, {"section_position": [f"{index + 1}. {title}", f"{target + 1}. {title}"]})


def delete_section(template: ChecklistTemplate, base_number: int, section_id: int, user=None) -> TemplateVersion:
    """Remove a section with its items."""
    base = latest_for_edit(template, base_number)
    index = _section_index(base, section_id)
    working = _working_version(template, base, user)
    title = working.sections[index].title
    working.sections.remove(working.sections[index])
    _renumber(working.sections)
    return _flush(working, base, user, {"section_deleted": [title, None]})


def _clean_title(title: str) -> str:
    return required_text(title, field="title", max_length=TITLE_MAX, missing=_("Give the section a title."),
                         too_long=_("The title may have at most %(max)s characters.", max=TITLE_MAX))


def find_section(version: TemplateVersion, section_id: int) -> TemplateSection:
    """The section of ``version`` with this id, or NotFound."""
    for section in version.sections:
        if section.id == section_id:
            return section
    raise NotFound("section_not_found", _("Version %(version)s has no such section. Reload the page.",
                                          version=version.version))


def _section_index(version: TemplateVersion, section_id: int) -> int:
    # Sections have no key: a copy's sections match the original's by their place in the list.
    return version.sections.index(find_section(version, section_id))


# --- items ----------------------------------------------------------------------------------

def add_item(template: ChecklistTemplate, base_number: int, section_id: int, fields: ItemFields,
             user=None) -> TemplateVersion:
    """Append an item with a fresh key to a section."""
    fields = clean_item_fields(fields)
    base = latest_for_edit(template, base_number)
    index = _section_index(base, section_id)
    key = _next_item_key(template)
    working = _working_version(template, base, user)
    section = working.sections[index]
    section.items.append(TemplateItem(key=key, position=len(section.items), version=working, **vars(fields)))
    return _flush(working, base, user, {"item_added": [None, f"{key} {fields.prompt}"]})


def update_item(template: ChecklistTemplate, base_number: int, key: str, fields: ItemFields,
                user=None) -> TemplateVersion:
    """Change an item's prompt, guidance, basis, answer kind, photo rule, limits and finding; its key stays."""
    fields = clean_item_fields(fields)
    base = latest_for_edit(template, base_number)
    find_item(base, key)
    working = _working_version(template, base, user)
    item = find_item(working, key)
    before = {name: getattr(item, name) for name in vars(fields)}
    for name, value in vars(fields).items():
        setattr(item, name, value)
    # "<item key>.<field>": the log says which item of the version changed.
    changes = {f"{key}.{name}": change for name, change in diff(before, vars(fields)).items()}
    return _flush(working, base, user, changes)


def move_item(template: ChecklistTemplate, base_number: int, key: str, offset: int, user=None) -> TemplateVersion:
    """Move an item up (-1) or down (+1) within its section; at either end nothing changes."""
    base = latest_for_edit(template, base_number)
    item = find_item(base, key)
    items = item.section.items
    index = items.index(item)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(items):
        return base
    working = _working_version(template, base, user)
    _swap(find_item(working, key).section.items, index, target)
    return _flush(working, base, user, {"item_position": [f"{key}: {index + 1}", f"{key}: {target + 1}"]})


def delete_item(template: ChecklistTemplate, base_number: int, key: str, user=None) -> TemplateVersion:
    """Remove an item (from the copy when the version was used, so old answers keep their item)."""
    base = latest_for_edit(template, base_number)
    find_item(base, key)
    working = _working_version(template, base, user)
    item = find_item(working, key)
    section = item.section
    removed = f"{item.key} {item.prompt}"
    section.items.remove(item)
    _renumber(section.items)
    return _flush(working, base, user, {"item_deleted": [removed, None]})


def find_item(version: TemplateVersion, key: str) -> TemplateItem:
    """The item of ``version`` with ``key``, or NotFound."""
    for item in version.items():
        if item.key == key:
            return item
    raise NotFound("item_not_found", _("Version %(version)s has no item %(key)s.", version=version.version, key=key))


def clean_item_fields(fields: ItemFields) -> ItemFields:
    """Trimmed fields, or a DomainError naming the field at fault."""
    prompt = (fields.prompt or "").strip()
    if not prompt:
        raise DomainError("prompt_required", _("Write what the inspector is to check."), field="prompt")
    if fields.kind not in ANSWER_KINDS:
        raise DomainError("unknown_kind", _("Choose one of the answer kinds."), field="kind")
    min_value = _limit(fields.min_value, "min_value", _("The lower limit must be a number, such as 25 or 0.5."))
    max_value = _limit(fields.max_value, "max_value", _("The upper limit must be a number, such as 25 or 0.5."))
    unit = (fields.unit or "").strip()
    if fields.kind != "number":
        for name, value in (("min_value", min_value), ("max_value", max_value), ("unit", unit)):
            if value not in (None, ""):
                raise DomainError("limits_not_for_kind", _(
                    "Only a number item has limits and a unit: clear them, or choose the answer kind Number."),
                    field=name)
    if min_value is not None and max_value is not None and min_value > max_value:
        raise DomainError("limits_order", _("The lower limit %(min)s is above the upper limit %(max)s.",
                                            min=f"{min_value:g}", max=f"{max_value:g}"), field="min_value")
    if len(unit) > UNIT_MAX:
        raise DomainError("unit_too_long", _("The unit may have at most %(max)s characters.", max=UNIT_MAX),
                          field="unit")
    return ItemFields(prompt=prompt, guidance=(fields.guidance or "").strip(), basis=(fields.basis or "").strip(),
                      kind=fields.kind, photo_required_on_fail=bool(fields.photo_required_on_fail),
                      min_value=min_value, max_value=max_value, unit=unit, finding=(fields.finding or "").strip())


def _limit(value, field: str, message: str) -> float | None:
    """A limit as a float; None when left empty; a DomainError with ``message`` when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DomainError("invalid_limit", message, field=field)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise DomainError("invalid_limit", message, field=field) from None
    if not math.isfinite(number):
        raise DomainError("invalid_limit", message, field=field)
    return number


def _next_item_key(template: ChecklistTemplate) -> str:
    """``<topic>-NN``, one past the highest such key in any version of the template.

    A key that lives on in an older version is never given to a different item. Only a key deleted
    from a version no inspection used can come back, and nothing recorded refers to it.
    """
    prefix = template.topic.replace("_", "-")
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    with db.session.no_autoflush:
        keys = db.session.scalars(select(TemplateItem.key).join(TemplateVersion, TemplateItem.version_id ==
                                                                TemplateVersion.id)
                                  .where(TemplateVersion.template_id == template.id))
        numbers = [int(match.group(1)) for key in keys if (match := pattern.match(key))]
    key = f"{prefix}-{max(numbers, default=0) + 1:02d}"
    return key[:KEY_MAX]


# --- versioning -----------------------------------------------------------------------------

def latest_for_edit(template: ChecklistTemplate, base_number: int) -> TemplateVersion:
    """The version an edit was made on, with its content; refused unless it is still the latest."""
    latest = template.latest
    if latest is None or latest.version != base_number:
        raise Conflict("stale_version", _(
            "Version %(version)s is no longer the latest version of this checklist. "
            "Reload the page and make the change again.", version=base_number))
    load_versions_with_content([latest.id])
    return latest


def _working_version(template: ChecklistTemplate, base: TemplateVersion, user) -> TemplateVersion:
    """``base`` itself when no inspection used it (marked changed for phones), else its copy as version N+1."""
    if not is_version_used(base):
        touch(base)
        return base
    copy = TemplateVersion(version=base.version + 1, created_by_id=user.id if user else None)
    template.versions.append(copy)
    for old_section in base.sections:
        section = TemplateSection(position=old_section.position, title=old_section.title)
        copy.sections.append(section)
        for old in old_section.items:
            section.items.append(TemplateItem(
                key=old.key, position=old.position, prompt=old.prompt, guidance=old.guidance, basis=old.basis,
                kind=old.kind, photo_required_on_fail=old.photo_required_on_fail, min_value=old.min_value,
                max_value=old.max_value, unit=old.unit, finding=old.finding, version=copy))
    return copy


def _flush(working: TemplateVersion, base: TemplateVersion, user, changes: dict) -> TemplateVersion:
    """Store an editor change and its audit entry; a new version when ``working`` is a copy of ``base``."""
    try:
        db.session.flush()
    except IntegrityError:
        # The failed flush has ended the transaction; roll back so the caller's session stays usable.
        db.session.rollback()
        raise Conflict("concurrent_edit", _(
            "Someone else changed this checklist at the same moment. Your change was not saved; "
            "reload the page and make it again.")) from None
    template = working.template
    if working is base:
        record_audit(user if user is not None else acting_user(), "template.edited", "template", template.id,
                     template.name, {"version": [None, working.version], **changes})
    else:
        record_audit(user if user is not None else acting_user(), "template.version_created", "template",
                     template.id, template.name, {"version": [base.version, working.version], **changes})
    return working


def _swap(collection, index: int, target: int) -> None:
    ordered = list(collection)
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, obj in enumerate(ordered):
        obj.position = position
    # Keep the loaded list in the new order too, for anything that reads it before the next load.
    collection.sort(key=lambda obj: obj.position)


def _renumber(collection) -> None:
    for position, obj in enumerate(collection):
        obj.position = position

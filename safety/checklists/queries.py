"""Reads of checklist templates for the back office and the pull API.

Every function here issues a fixed number of statements, whatever the number
of templates, versions or items: pages and the pull stay constant in SQL.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.common.errors import NotFound
from safety.extensions import db
from safety.inspections.models import Inspection


def content_options():
    """Loader options that bring a version's template, sections and items in three statements."""
    return (joinedload(TemplateVersion.template),
            selectinload(TemplateVersion.sections).selectinload(TemplateSection.items))


@dataclass(frozen=True)
class TemplateRow:
    """One line of the template list: the template and figures about it."""

    template: ChecklistTemplate
    latest_version: int | None
    item_count: int
    inspection_count: int  # inspections that used any of its versions


def list_templates(topic: str | None = None, active: bool | None = None) -> list[TemplateRow]:
    """Every template with its latest version number, that version's item count and its usage, in one query."""
    latest = (select(TemplateVersion.template_id, func.max(TemplateVersion.version).label("number"))
              .group_by(TemplateVersion.template_id).subquery())
    latest_row = aliased(TemplateVersion)
    items = (select(TemplateItem.version_id, func.count(TemplateItem.id).label("count"))
             .group_by(TemplateItem.version_id).subquery())
    usage = (select(TemplateVersion.template_id, func.count(Inspection.id).label("count"))
             .join(Inspection, Inspection.template_version_id == TemplateVersion.id)
             .group_by(TemplateVersion.template_id).subquery())
    statement = (
        select(ChecklistTemplate, latest.c.number, func.coalesce(items.c.count, 0), func.coalesce(usage.c.count, 0))
        .outerjoin(latest, latest.c.template_id == ChecklistTemplate.id)
        .outerjoin(latest_row, (latest_row.template_id == ChecklistTemplate.id)
                   & (latest_row.version == latest.c.number))
        .outerjoin(items, items.c.version_id == latest_row.id)
        .outerjoin(usage, usage.c.template_id == ChecklistTemplate.id)
        .order_by(ChecklistTemplate.active.desc(), ChecklistTemplate.topic, ChecklistTemplate.name,
                  ChecklistTemplate.id)
    )
    if topic:
        statement = statement.where(ChecklistTemplate.topic == topic)
    if active is not None:
        statement = statement.where(ChecklistTemplate.active == active)
    return [TemplateRow(template, number, item_count, inspection_count)
            for template, number, item_count, inspection_count in db.session.execute(statement)]


def get_template(template_id: int) -> ChecklistTemplate:
    """The template with its versions (not their content), or NotFound."""
    template = db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.id == template_id)
                                 .options(selectinload(ChecklistTemplate.versions)))
    if template is None:
        raise NotFound("template_not_found", _("There is no checklist template %(id)s.", id=template_id))
    return template


def get_version(template: ChecklistTemplate, number: int) -> TemplateVersion:
    """Version ``number`` of ``template`` with its sections and items loaded, or NotFound."""
    version = db.session.scalar(select(TemplateVersion)
                                .where(TemplateVersion.template_id == template.id, TemplateVersion.version == number)
                                .options(*content_options()))
    if version is None:
        raise NotFound("version_not_found",
                       _("Checklist %(name)s has no version %(version)s.", name=template.name, version=number))
    return version


def version_usage(template: ChecklistTemplate) -> dict[int, int]:
    """How many inspections used each version of ``template``, by version number (unused ones absent)."""
    rows = db.session.execute(
        select(TemplateVersion.version, func.count(Inspection.id))
        .join(Inspection, Inspection.template_version_id == TemplateVersion.id)
        .where(TemplateVersion.template_id == template.id)
        .group_by(TemplateVersion.version))
    return {number: count for number, count in rows}


def is_version_used(version: TemplateVersion) -> bool:
    """Whether any inspection refers to ``version``: then it is frozen for good."""
    return bool(db.session.scalar(select(exists().where(Inspection.template_version_id == version.id))))


def existing_template_names(names) -> set[str]:
    """Which of ``names`` are already the names of templates."""
    names = list(names)
    if not names:
        return set()
    return set(db.session.scalars(select(ChecklistTemplate.name).where(ChecklistTemplate.name.in_(names))))

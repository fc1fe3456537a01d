"""The standard checklist library: one ready template per topic, installed on demand.

``install_library`` is what ``seed-demo`` and the admin's "install" button call.
It skips every template whose name is already taken, so it can run again after
an office has edited, renamed or deactivated some of them.
"""
from safety.checklists.library_data import (
    confined_space, construction, dust, electrical, fire, flood_lightning, gas, hazardous_chemicals,
    special_equipment)
from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.checklists.operations import record_template_created
from safety.checklists.queries import existing_template_names
from safety.extensions import db

LIBRARY: tuple[dict, ...] = tuple(module.TEMPLATE for module in (
    fire, electrical, special_equipment, hazardous_chemicals, dust, confined_space, gas, construction,
    flood_lightning))


def missing_library_names() -> list[str]:
    """Names of library templates not installed yet, in library order."""
    existing = existing_template_names(data["name"] for data in LIBRARY)
    return [data["name"] for data in LIBRARY if data["name"] not in existing]


def install_library(created_by=None) -> list[ChecklistTemplate]:
    """Add each library template whose name no template has yet, as version 1; returns those added."""
    missing = set(missing_library_names())
    created = [_build(data, created_by) for data in LIBRARY if data["name"] in missing]
    db.session.add_all(created)
    db.session.flush()
    for template in created:
        record_template_created(template)
    return created


def _build(data: dict, created_by) -> ChecklistTemplate:
    template = ChecklistTemplate(name=data["name"], topic=data["topic"], description=data["description"],
                                 active=True)
    version = TemplateVersion(version=1, created_by_id=created_by.id if created_by else None)
    template.versions.append(version)
    for section_position, section_data in enumerate(data["sections"]):
        section = TemplateSection(position=section_position, title=section_data["title"])
        version.sections.append(section)
        for position, item_data in enumerate(section_data["items"]):
            section.items.append(TemplateItem(position=position, version=version, **item_data))
    return template

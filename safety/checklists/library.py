"""The standard checklist library: one ready template per topic, installed on demand.

``install_library`` is what ``seed-demo`` and the admin's "install" button call.
It skips every template whose name is already taken, so it can run again after
an office has edited, renamed or deactivated some of them.
"""
import tomllib
from pathlib import Path

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion
from safety.checklists.operations import record_template_created
from safety.checklists.queries import existing_template_names
from safety.extensions import db

# The content is Chinese data an office adopts as it is, kept as data files (checklists/standard/<topic>.toml)
# so an office can read, review and contribute a checklist without reading Python.
STANDARD_DIRECTORY = Path(__file__).with_name("standard")
STANDARD_TOPICS = ("fire", "electrical", "special_equipment", "hazardous_chemicals", "dust", "confined_space", "gas",
                   "construction", "flood_lightning")  # the order the library offers them in
_ITEM_DEFAULTS = {"basis": "", "kind": "pass_fail", "photo_required_on_fail": True, "finding": ""}
_NUMBER_DEFAULTS = {"unit": "", "min_value": None, "max_value": None}


def _read_standard(topic: str) -> dict:
    """One standard checklist with every item's defaults filled in (the files leave them out)."""
    data = tomllib.loads((STANDARD_DIRECTORY / f"{topic}.toml").read_text(encoding="utf-8"))
    for section in data["sections"]:
        section["items"] = [
            {**_ITEM_DEFAULTS, **(_NUMBER_DEFAULTS if item.get("kind") == "number" else {}), **item}
            for item in section["items"]]
    return data


LIBRARY: tuple[dict, ...] = tuple(_read_standard(topic) for topic in STANDARD_TOPICS)


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

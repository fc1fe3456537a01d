"""The standard library: a real checklist for each of the nine topics, installed once."""
import re

import pytest
from sqlalchemy import func, select

from safety.checklists.library import LIBRARY, install_library, missing_library_names
from safety.checklists.models import ANSWER_KINDS, ChecklistTemplate, TemplateItem
from safety.checklists.serialize import load_versions_with_content, template_version_json
from safety.checklists.topics import TOPICS
from safety.extensions import db
from tests.factories import make_template, make_user

BY_TOPIC = {data["topic"]: data for data in LIBRARY}
# A citation names a law or regulation (《...》) or a standard by its code (GB, GB/T, JGJ, AQ, TSG, DL/T, GBZ).
CITATION = re.compile(r"《[^》]+》|\b(GB|GB/T|GBZ|JGJ|AQ|TSG|DL/T)\s?[A-Z]?\s?\d")


def _items(data):
    return [item for section in data["sections"] for item in section["items"]]


def test_every_topic_has_one_library_template():
    assert sorted(BY_TOPIC) == sorted(TOPICS) and len(LIBRARY) == len(TOPICS)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_template_has_at_least_ten_items_in_two_to_four_sections(topic):
    data = BY_TOPIC[topic]
    assert len(_items(data)) >= 10
    assert 2 <= len(data["sections"]) <= 4
    assert all(section["title"] and section["items"] for section in data["sections"])


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_item_has_a_prompt_guidance_and_a_valid_kind(topic):
    for item in _items(BY_TOPIC[topic]):
        assert item["prompt"].strip() and item["guidance"].strip(), item["key"]
        assert item["kind"] in ANSWER_KINDS


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_pass_fail_check_cites_its_legal_basis(topic):
    for item in _items(BY_TOPIC[topic]):
        if item["kind"] == "pass_fail":
            assert CITATION.search(item["basis"]), f"{item['key']} has no law or standard in its basis"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_keys_are_readable_unique_and_numbered_by_topic(topic):
    keys = [item["key"] for item in _items(BY_TOPIC[topic])]
    prefix = topic.replace("_", "-")
    assert keys == [f"{prefix}-{n:02d}" for n in range(1, len(keys) + 1)]


def test_the_library_marks_major_hazard_checks_with_their_standard():
    guidance = " ".join(item["guidance"] for data in LIBRARY for item in _items(data))
    for standard in ("GB 35181", "《工贸企业重大事故隐患判定标准》", "《房屋市政工程生产安全重大事故隐患判定标准（2022版）》",
                     "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》"):
        assert standard in guidance
    assert sum(1 for item in _items(BY_TOPIC["dust"]) if "重大隐患判定" in item["guidance"]) >= 6


def test_install_adds_the_nine_templates_once(app):
    admin = make_user("admin")
    installed = install_library(created_by=admin)
    assert sorted(t.topic for t in installed) == sorted(TOPICS)
    assert install_library() == []
    assert db.session.scalar(select(func.count()).select_from(ChecklistTemplate)) == 9
    assert missing_library_names() == []
    assert all(t.latest.version == 1 and t.latest.created_by_id == admin.id for t in installed)


def test_install_skips_names_already_taken_and_keeps_the_office_s_template(app):
    own = make_template(name="消防安全检查表", items=2)
    installed = install_library()
    assert len(installed) == 8 and "消防安全检查表" not in {t.name for t in installed}
    assert db.session.scalar(select(func.count()).select_from(TemplateItem)
                             .where(TemplateItem.version_id == own.latest.id)) == 2


def test_installed_content_is_the_library_s(app):
    [version_id] = [t.latest.id for t in install_library() if t.topic == "gas"]
    db.session.commit()
    db.session.expunge_all()
    [version] = load_versions_with_content([version_id])
    body = template_version_json(version)
    data = BY_TOPIC["gas"]
    assert body["name"] == data["name"]
    assert [s["title"] for s in body["sections"]] == [s["title"] for s in data["sections"]]
    assert [i["id"] for s in body["sections"] for i in s["items"]] == [i["key"] for i in _items(data)]
    assert body["sections"][0]["items"][0]["basis"] == data["sections"][0]["items"][0]["basis"]


def test_the_command_installs_the_library_and_can_run_again(app, runner):
    first = runner.invoke(args=["install-checklists"])
    again = runner.invoke(args=["install-checklists"])
    assert first.exit_code == 0 and "9 checklists installed." in first.output
    assert again.exit_code == 0 and "0 checklists installed." in again.output
    assert db.session.scalar(select(func.count()).select_from(ChecklistTemplate)) == 9

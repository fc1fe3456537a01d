"""Each record vocabulary names each of its values once, in Chinese and in English, and the field app receives
those same labels through its catalogue."""
import pytest
from flask_babel import force_locale

from safety.campaigns import vocabulary as campaigns
from safety.documents import onsite
from safety.hazards import vocabulary as hazards
from safety.inspections import vocabulary as inspections

# (name in the field app's catalogue, the values, their labels)
VOCABULARIES = [
    ("hazard_status", hazards.STATUSES, hazards.STATUS_LABELS),
    ("hazard_level", hazards.LEVELS, hazards.LEVEL_LABELS),
    ("hazard_mode", hazards.MODES, hazards.MODE_LABELS),
    ("hazard_event", hazards.EVENT_TYPES, hazards.EVENT_LABELS),
    ("inspection_kind", inspections.KINDS, inspections.KIND_LABELS),
    ("identified_by", inspections.IDENTIFIED_BY, inspections.IDENTIFIED_BY_LABELS),
    ("review_state", inspections.REVIEW_STATES, inspections.REVIEW_STATE_LABELS),
    ("answer_result", inspections.RESULTS, inspections.RESULT_LABELS),
    ("campaign_kind", campaigns.CAMPAIGN_KINDS, campaigns.CAMPAIGN_KIND_LABELS),
    ("task_status", campaigns.TASK_STATUSES, campaigns.TASK_STATUS_LABELS),
    ("team_role", campaigns.TEAM_ROLES, campaigns.TEAM_ROLE_LABELS),
    ("onsite_measure", onsite.MEASURES, onsite.MEASURE_LABELS),
]
LOCALES = ["zh_CN", "en"]


def _labels(labels: dict, locale: str) -> dict[str, str]:
    with force_locale(locale):
        return {value: str(label) for value, label in labels.items()}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name, values, labels", VOCABULARIES, ids=[name for name, *_ in VOCABULARIES])
def test_every_value_has_one_label_of_its_own(app, name, values, labels, locale):
    shown = _labels(labels, locale)
    assert list(shown) == list(values)
    assert all(text and text != value for value, text in shown.items())
    # Two values under one label could not be told apart in a list or a filter.
    assert len(set(shown.values())) == len(values)


@pytest.mark.parametrize("name, values, labels", VOCABULARIES, ids=[name for name, *_ in VOCABULARIES])
def test_every_label_is_translated_into_chinese(app, name, values, labels):
    english, chinese = _labels(labels, "en"), _labels(labels, "zh_CN")
    assert [value for value in values if chinese[value] == english[value]] == []


def test_the_chinese_labels_are_the_offices_words(app):
    """The words the office already reads on its ledger and its notices."""
    assert _labels(hazards.STATUS_LABELS, "zh_CN") == {
        "open": "待整改", "rectified": "已整改，待复查", "pending_verification": "待核查销号", "closed": "已销号"}
    assert _labels(hazards.LEVEL_LABELS, "zh_CN") == {"general": "一般隐患", "major": "重大隐患"}
    assert _labels(hazards.MODE_LABELS, "zh_CN") == {"on_the_spot": "现场整改", "deadline": "限期整改"}
    assert _labels(inspections.KIND_LABELS, "zh_CN") == {
        "routine": "日常检查", "campaign": "专项检查", "lookback": "回头看复查", "unannounced": "四不两直检查",
        "restart": "复产验收"}


def test_a_reason_not_applied_is_worded_for_every_status(app):
    assert list(hazards.NOT_IN_STATE_MESSAGES) == list(hazards.STATUSES)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_field_apps_catalogue_carries_every_label(client, locale):
    msgids = client.get("/app/i18n/vocabulary.json").get_json()
    messages = client.get(f"/app/i18n/{locale}.json").get_json()
    assert sorted(msgids) == sorted(name for name, *_ in VOCABULARIES)
    for name, values, labels in VOCABULARIES:
        # What labels.js shows: the value's msgid, translated as t() does (a msgid without translation is itself).
        shown = {value: messages.get(msgid, msgid) for value, msgid in msgids[name].items()}
        assert shown == _labels(labels, locale), name


def test_the_worker_precaches_the_vocabulary_with_the_catalogues(client):
    shell = client.get("/service_worker.js").get_data(as_text=True).split("\n", 1)[0]
    assert '"/app/i18n/vocabulary.json"' in shell

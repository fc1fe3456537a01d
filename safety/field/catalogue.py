"""The field app's messages: the msgids its JavaScript uses, translated by the server's gettext catalogue.

The app calls ``t('English msgid')`` (static/js/i18n.js); ``pybabel extract``
collects those calls like ``_()`` in Python, so one catalogue serves both
front ends. Here the same extraction picks the msgids the app needs, and the
compiled catalogue of a locale gives their translations, sent as one JSON
object the service worker precaches.

The labels of the record vocabularies (an inspection's kind, a hazard's status…)
are not written in the app: the server's vocabulary modules name each value once.
The app receives each value's msgid (:func:`field_vocabulary`), and the locale's
catalogue translates those msgids with the rest of its messages.
"""
import os
from functools import lru_cache

from babel import Locale
from babel.messages.extract import extract_from_file
from babel.support import NullTranslations, Translations
from flask import current_app
from flask_babel import force_locale

from safety.campaigns import vocabulary as campaign_vocabulary
from safety.documents import onsite as onsite_vocabulary
from safety.hazards import vocabulary as hazard_vocabulary
from safety.inspections import vocabulary as inspection_vocabulary

# The keyword the app's JavaScript uses, as babel.cfg declares it for static/js/.
JS_KEYWORDS = {"t": None}
# The vocabularies the app names (static/js/labels.js), by the names it asks for them by.
VOCABULARIES = {**inspection_vocabulary.VOCABULARIES, **hazard_vocabulary.VOCABULARIES,
                **campaign_vocabulary.VOCABULARIES, **onsite_vocabulary.VOCABULARIES}
# Where they are written: a change there is a new shell for the phones.
VOCABULARY_SOURCES = (inspection_vocabulary.__file__, hazard_vocabulary.__file__, campaign_vocabulary.__file__,
                      onsite_vocabulary.__file__)


def _js_files(js_root: str) -> list[str]:
    paths = []
    for dirpath, _dirs, names in os.walk(js_root):
        paths.extend(os.path.join(dirpath, name) for name in names if name.endswith(".js"))
    return sorted(paths)


def translations_directory() -> str:
    return os.path.join(current_app.root_path, "translations")


def catalogue_files() -> list[str]:
    """The compiled catalogues (.mo): their bytes decide what the JSON says."""
    found = []
    for dirpath, _dirs, names in os.walk(translations_directory()):
        found.extend(os.path.join(dirpath, name) for name in names if name.endswith(".mo"))
    return sorted(found)


def field_vocabulary() -> dict[str, dict[str, str]]:
    """``{vocabulary: {value: msgid}}``: what the app asks ``t()`` for to name each value.

    Msgids are written in English, so a label's English text is its msgid.
    """
    with force_locale("en"):
        return {name: {value: str(label) for value, label in labels.items()} for name, labels in VOCABULARIES.items()}


@lru_cache(maxsize=8)
def _messages(js_root: str, translations_dir: str, locale: str, mtime_key: float,
              vocabulary_msgids: frozenset[str]) -> dict[str, str]:
    msgids = set(vocabulary_msgids)
    for path in _js_files(js_root):
        for _lineno, message, _comments, _context in extract_from_file("javascript", path, keywords=JS_KEYWORDS):
            msgids.add(message if isinstance(message, str) else message[0])
    # A Locale, not the string: it resolves zh_CN to the catalogue's folder name, zh_Hans_CN.
    translations = Translations.load(translations_dir, [Locale.parse(locale)])
    if isinstance(translations, NullTranslations) and not isinstance(translations, Translations):
        return {}
    result = {}
    for msgid in sorted(msgids):
        text = translations.gettext(msgid)
        if text != msgid:  # an untranslated message falls back to its msgid in the app anyway
            result[msgid] = text
    return result


def field_messages(locale: str) -> dict[str, str]:
    """``{msgid: translation}`` of every message the field app uses, in ``locale``: those of its JavaScript
    and the labels of the vocabularies it names."""
    js_root = os.path.join(current_app.static_folder, "js")
    newest = max([os.path.getmtime(path) for path in _js_files(js_root) + catalogue_files()] or [0.0])
    vocabulary_msgids = frozenset(msgid for msgids in field_vocabulary().values() for msgid in msgids.values())
    return _messages(js_root, translations_directory(), locale, newest, vocabulary_msgids)

"""The kinds of break a check of the evidence names, with one label each."""
from flask_babel import lazy_gettext as _l

from safety.common.words import labeller

BREAK_LABELS = {
    "event_unsealed": _l("An event stored without its hash"),
    "chain_broken": _l("An event removed, inserted or reordered"),
    "event_changed": _l("An event changed after it was recorded"),
    "photo_missing": _l("A photo's original is missing"),
    "photo_changed": _l("A photo's original changed"),
    "document_changed": _l("A document changed after it was issued"),
    "digest_changed": _l("A daily digest changed"),
    "digest_chain_broken": _l("A daily digest out of its chain"),
    "digest_not_audited": _l("A daily digest differs from the audit log"),
    "hazard_differs_from_digest": _l("A hazard's log differs from its sealed day"),
}

break_label = labeller(BREAK_LABELS)

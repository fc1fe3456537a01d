"""What gunicorn.conf.py does to a worker besides its settings."""
import gc
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_keeps_the_returned_documents_then_freezes_its_start_up_objects(app, caplog):
    caplog.set_level(logging.INFO, logger="safety.sync.returned")
    settings = runpy.run_path(str(CONFIG))
    assert gc.get_freeze_count() == 0
    try:
        settings["post_worker_init"](SimpleNamespace(wsgi=app))
        # Everything alive now is out of the collector's reach; a full collection no longer walks it.
        assert gc.get_freeze_count() > 1000
        assert len(gc.get_objects()) < gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
    # safety.sync.returned's own test checks what is kept; here, that the worker asked for it.
    assert "kept 0 returned inspections' documents" in caplog.messages

"""What gunicorn.conf.py does to a worker besides its settings."""
import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_its_start_up_objects_once_it_has_loaded_the_application():
    settings = runpy.run_path(str(CONFIG))
    assert gc.get_freeze_count() == 0
    try:
        settings["post_worker_init"](None)
        # Everything alive now is out of the collector's reach; a full collection no longer walks it.
        assert gc.get_freeze_count() > 1000
        assert len(gc.get_objects()) < gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0

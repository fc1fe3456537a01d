"""Keeping Python's garbage collector off the objects a server process makes once, at start-up.

A worker holds a few hundred thousand objects it made while starting (modules, the application and its routes,
SQLAlchemy's mappers, the message catalogues) and keeps them until it exits. Python's full collection walks all of
them each time it runs, and a request that allocates a lot, such as a phone's full pull (a couple of megabytes of
JSON), sets off a full collection every few requests: 70–80 ms added to one pull in three or four, which was the
difference between the pull's median and its 95th percentile (docs/BENCHMARKS.md). ``gc.freeze()`` moves every
object alive at that moment out of the collector's reach for good; objects made later are collected as before.
"""
import gc


def freeze_start_up_objects() -> None:
    """Collect what start-up left as garbage, then leave every object alive now out of later collections.

    Call it once per process, after the application is made and before it serves (gunicorn's
    ``post_worker_init`` in ``gunicorn.conf.py``). What is frozen is never freed, so not in code that makes
    applications over and over, as the tests do.
    """
    gc.collect()
    gc.freeze()

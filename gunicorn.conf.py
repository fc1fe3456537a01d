"""gunicorn settings for `make serve`; every value can be overridden from the environment."""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")  # behind the TLS-terminating reverse proxy
# One worker per core with four threads each: requests are CPU-bound Python, so more processes than cores only
# add switching, while threads overlap each request's database and disk waits. On 2 cores this took 50 concurrent
# inspection syncs from about 35 to 45 per second and halved their p95, against gunicorn's usual 2 x cores + 1
# workers of 2 threads (docs/BENCHMARKS.md); a slow phone's upload is buffered by the proxy, not by a thread.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# Photo uploads from a phone on a weak signal take a while; don't cut them off early.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Honour X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Once the worker has loaded the application, before it serves: build the returned inspections' documents
    the pulls send (safety.sync.returned), then keep every object made so far out of garbage collections
    (safety.common.heap says why)."""
    from safety.common.heap import freeze_start_up_objects
    from safety.sync.returned import keep_returned_documents_at_start
    keep_returned_documents_at_start(worker.wsgi)
    freeze_start_up_objects()

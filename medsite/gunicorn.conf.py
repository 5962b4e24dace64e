"""gunicorn settings for `make serve`; every value can be overridden from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: requests are short and CPU-bound (rendering), the usual 2 × cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# Restart workers now and then so that no leak grows unbounded; jitter keeps them apart.
max_requests = 20000
max_requests_jitter = 2000
# Under load an access log per request costs more than the request; the proxy logs them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

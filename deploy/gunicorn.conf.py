"""Gunicorn settings for one app instance (`gunicorn -c deploy/gunicorn.conf.py portal.wsgi`).

Each instance listens on its own address (GUNICORN_BIND, e.g. 127.0.0.1:8001); nginx spreads
requests over all of them. Instances keep no state of their own (see README, "Deployment"),
so any number may run, on one host or many.
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: the app does blocking database work and nothing slow is left in the request
# (mail and feed fetching run in the worker). Two per core unless WEB_CONCURRENCY says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows past the memory budget.
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master: workers start fast and share the imported code's memory.
preload_app = True
# nginx on the same host is the only client; it sets X-Forwarded-For / X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

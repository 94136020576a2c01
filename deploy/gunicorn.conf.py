"""gunicorn for Maktaba: ``gunicorn -c deploy/gunicorn.conf.py library.wsgi:application``.

Sync workers behind nginx (which buffers slow clients both ways). Each worker keeps its own search
posting cache (``MAKTABA_SEARCH["ARRAY_CACHE_MB"]``), so workers are counted from the cores, not
multiplied. Every value can be changed from the environment (deploy/maktaba.env.example).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/maktaba/gunicorn.sock")
workers = max(2, int(os.environ.get("GUNICORN_WORKERS", "0")) or multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "maktaba-web"
# Django reads X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER); gunicorn trusts nobody.
forwarded_allow_ips = ""
# On a unix socket the peer is nginx: log the client address nginx forwarded, and the time taken.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

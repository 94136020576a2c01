"""The site shell the service worker keeps: styles, script, icons and the two offline pages.

The worker's version is a hash of its own text and of every shell file's bytes, so a change to
any of them installs a new worker, which fetches the shell again and drops the old copy.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .offline_settings import offline_setting

SHELL_STATIC = (
    "css/maktaba.css",
    "offline/offline.js",
    "offline/icon-192.png",
    "offline/icon-512.png",
)


def _static_bytes(name: str) -> bytes:
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:
        return handle.read()


def localized(name: str) -> list[str]:
    """A page URL in every language of the site."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(reverse(name))
    return urls


def private_paths() -> list[str]:
    """The portal and the admins, with and without a language prefix."""
    paths = []
    for path in offline_setting("PRIVATE_PATHS"):
        paths.append(path)
        paths += [f"/{code}{path}" for code, _name in settings.LANGUAGES]
    return paths


@lru_cache(maxsize=1)
def worker_script() -> str:
    """The text of ``/sw.js``: the worker template with this site's URLs and version."""
    shell = [staticfiles_storage.url(name) for name in SHELL_STATIC]
    fallbacks = localized("offline_pages:offline")
    config = {
        "shell": shell + fallbacks + localized("offline_pages:saved"),
        "static": shell,
        "language": settings.LANGUAGE_CODE,
        "fallbacks": fallbacks,
        "private": private_paths(),
        "state": reverse("offline:state"),
        "resource": reverse("offline:resource", args=[0]).replace("0", "{id}", 1),
    }
    body = render_to_string("catalog/offline/sw.js", {"config": json.dumps(config)})
    digest = hashlib.sha256(body.encode())
    for name in SHELL_STATIC:
        digest.update(_static_bytes(name))
    return body.replace("__VERSION__", digest.hexdigest()[:16])


def worker_version(script: str) -> str:
    """The version written in the worker's text (its ETag)."""
    return script.split("const VERSION = '", 1)[1].split("'", 1)[0]

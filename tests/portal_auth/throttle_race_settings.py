"""Settings of the processes ``throttle_race`` starts: the test settings, with the database,
cache and portal tunables the racing test hands over in ``MAKTABA_THROTTLE_RACE`` (JSON)."""

import json
import os

from library.settings.test import *  # noqa: F403

_RACE = json.loads(os.environ["MAKTABA_THROTTLE_RACE"])
DATABASES = {"default": _RACE["database"]}
CACHES = {"default": _RACE["cache"]}
MAKTABA_PORTAL = {**MAKTABA_PORTAL, **_RACE["portal"]}  # noqa: F405

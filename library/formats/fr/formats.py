"""French as written in Morocco: 3 décembre 2026, 03/12/2026 09:30."""

from ..morocco import *  # noqa: F403

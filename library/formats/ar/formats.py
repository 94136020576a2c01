"""Moroccan Arabic: 3 دجنبر 2026, 03/12/2026 09:30 (the month names come from the translations)."""

from ..morocco import *  # noqa: F403

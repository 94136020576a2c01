"""Progress is kept for the school year only (law 09-08): once a year has ended, its pupils'
progress rows go. The assignments themselves (the teacher's work) stay."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import PupilProgress


def purge_ended_years(today: datetime.date | None = None) -> int:
    """Delete the progress of school years that ended before ``today``; the count deleted."""
    today = today or timezone.localdate()
    deleted, _ = PupilProgress.objects.filter(year__ends_on__lt=today).delete()
    return deleted

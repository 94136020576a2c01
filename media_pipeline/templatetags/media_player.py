"""``{% media_player asset as player %}``: what the player include needs, chosen per visitor.

Data saving is on by default: the visitor's explicit choice (a cookie set by a plain link) wins,
then the browser's ``Save-Data: on`` header, then ``MAKTABA_MEDIA["DATA_SAVER_DEFAULT"]``. With
data saving on, the smallest file comes first among the ``<source>``s; ``?quality=<rung>``
puts a chosen rung first (the rung that plays first is ``player.quality``, marked in the
quality links, each with its size), ``?listen=1`` turns a video lesson into sound only, and
``?t=<seconds>`` starts the player there (a media fragment ``#t=`` on each source: "continue where
you left off" is a plain link). Everything works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..media_settings import media_setting
from ..models import MediaAsset, Rendition

register = template.Library()

LABELS = {
    "datasaver": _("Data saver"),
    "360p": _("360p"),
    "480p": _("480p"),
    "720p": _("720p"),
    "audio_opus": _("Sound only (Opus)"),
    "audio_aac": _("Sound only (AAC)"),
    "hls": _("HLS playlist"),
    "poster": _("Poster image"),
}


@dataclass
class Player:
    asset: MediaAsset
    data_saver: bool
    listen: bool
    quality: str
    video_sources: list[Rendition]
    audio_sources: list[Rendition]
    qualities: list[Rendition]
    downloads: list[Rendition]
    start: int = 0  # seconds: where the sources begin (``#t=``), 0 for the beginning

    @property
    def is_video(self) -> bool:
        return self.asset.kind == MediaAsset.Kind.VIDEO and bool(self.video_sources)


def data_saver_on(request: HttpRequest | None) -> bool:
    if request is not None:
        choice = request.COOKIES.get(media_setting("DATA_SAVER_COOKIE"))
        if choice in ("0", "1"):
            return choice == "1"
        if request.headers.get("Save-Data", "").strip().lower() == "on":
            return True
    return bool(media_setting("DATA_SAVER_DEFAULT"))


def label_of(rendition: Rendition) -> str:
    return str(LABELS.get(rendition.profile, rendition.profile))


def _playing_first(ordered: list[Rendition]) -> str:
    """The rung a browser plays: the first MP4 of the sources (the HLS playlist, when it leads,
    is taken only by the few browsers that play it natively)."""
    return next((r.profile for r in ordered if r.type == Rendition.Type.VIDEO), "")


def start_time(query, duration: float | None) -> int:
    """``?t=<seconds>`` when it is a time inside the recording, else 0."""
    value = str(query.get("t", "")).strip()
    if not value.isdigit() or not duration:
        return 0
    seconds = int(value)
    return seconds if 0 < seconds < duration else 0


@register.filter
def clock(seconds: float | None) -> str:
    """A duration as a clock reads it: ``3:05``, ``1:02:07`` (the same digits in every
    language, shown left to right)."""
    if not seconds:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def whole_seconds(seconds: float | None) -> int:
    return round(seconds or 0)


@register.filter
def profile_label(name: str) -> str:
    """A rung's name as editors read it (``datasaver`` → "Data saver")."""
    return str(LABELS.get(name, name))


@register.simple_tag(takes_context=True)
def media_player(context, asset: MediaAsset) -> Player:
    request: HttpRequest | None = context.get("request")
    renditions = list(asset.renditions.all())
    for rendition in renditions:
        rendition.label = label_of(rendition)
    videos = [r for r in renditions if r.type == Rendition.Type.VIDEO]
    hls = [r for r in renditions if r.type == Rendition.Type.HLS]
    audios = sorted(
        (r for r in renditions if r.type == Rendition.Type.AUDIO),
        key=lambda r: (r.profile != "audio_opus", r.size),  # Opus first, AAC as the fallback
    )
    saver = data_saver_on(request)
    query = request.GET if request is not None else {}
    quality = query.get("quality", "")
    smallest_first = sorted(videos, key=lambda r: r.size)
    chosen = [r for r in smallest_first if r.profile == quality]
    if chosen:
        ordered = chosen + [r for r in smallest_first if r not in chosen]
    elif saver:
        ordered = smallest_first
    else:
        # Best first, with the adaptive HLS playlist ahead for players that take it natively.
        ordered = hls + sorted(smallest_first, key=lambda r: (-(r.height or 0), -r.size))
    return Player(
        asset=asset,
        data_saver=saver,
        listen=asset.kind == MediaAsset.Kind.AUDIO or query.get("listen") == "1",
        quality=_playing_first(ordered),
        video_sources=ordered,
        audio_sources=audios,
        qualities=smallest_first,
        downloads=smallest_first + audios,
        start=start_time(query, asset.duration),
    )

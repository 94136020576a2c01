"""Admin forms for catalogue pages."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


def level_groups(levels) -> list[tuple[str, list[tuple[int, str]]]]:
    """Levels under their cycle's name, for checkboxes grouped by cycle."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for level in levels:
        groups.setdefault(level.cycle.name, []).append((level.pk, str(level)))
    return list(groups.items())


def track_groups(tracks) -> list[tuple[str, list[tuple[int, str]]]]:
    """Tracks under the level (or levels) that offer them, each track once: «1BAC», «2BAC»,
    «1BAC · 2BAC» for the streams both years share."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for track in tracks:
        codes = " · ".join(level.code for level in track.levels.all()) or "—"
        groups.setdefault(codes, []).append((track.pk, track.name))
    return list(groups.items())


class ResourcePageForm(WagtailAdminPageForm):
    """Lets ``ResourcePage.clean()`` see the levels and tracks chosen in the form.

    Django assigns many-to-many values only when saving, after model validation, so without this
    ``clean()`` checked the levels and tracks stored before the edit (none, for a new page) and
    a subject could be saved at a level where it is not taught. Parental many-to-many fields and
    tags only change the instance in memory, so assigning them before validation writes nothing.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "levels" in self.fields:
            levels = self.fields["levels"].queryset.select_related("cycle")
            self.fields["levels"].choices = level_groups(levels.order_by("sort_order"))
        if "tracks" in self.fields:
            tracks = self.fields["tracks"].queryset.prefetch_related("levels")
            self.fields["tracks"].choices = track_groups(tracks.order_by("sort_order", "slug"))

    def _post_clean(self) -> None:
        self.save_cluster_m2m()
        super()._post_clean()

"""1BAC offers its own streams, 2BAC the series they split into; track-bound subjects know their
tracks.

The first year of the bac has streams (sciences expérimentales, sciences mathématiques, sciences
économiques et gestion, lettres et sciences humaines, the technology streams, arts appliqués and
the originel ones); the second year splits the first four into the bac series (sciences
physiques, SVT, sciences agronomiques; sciences mathématiques A and B; sciences économiques,
gestion comptable; lettres, sciences humaines). Until now every series was offered at 1BAC too.

This migration, on every install:
- creates the four 1BAC streams and takes 1BAC off the series that belong to 2BAC only;
- moves each 1BAC resource from a series to its stream (a resource also at 2BAC keeps the series
  for 2BAC), in the live row and in its latest revision, so the editor opens what is live;
- ties the subjects that only some tracks study (physics-chemistry, SVT, economics, accounting,
  business organisation, engineering sciences, technology) to those tracks, unless an editor
  already chose tracks for them.

The school classes and coefficients of the portal follow in ``portal_auth``'s own migration.
Sources: docs/taxonomy.md (the ministry's structure of the bac; coefficients and the finer
subject lists are to be checked against its current orientation guide).
"""

from django.db import migrations

# stream slug, international options, ar, fr, en, the 2BAC series it splits into
STREAMS = [
    (
        "sciences-experimentales",
        True,
        "علوم تجريبية",
        "Sciences expérimentales",
        "Experimental sciences",
        ["sciences-physiques", "sciences-vie-terre", "sciences-agronomiques"],
    ),
    (
        "sciences-mathematiques",
        True,
        "علوم رياضية",
        "Sciences mathématiques",
        "Mathematical sciences",
        ["sciences-math-a", "sciences-math-b"],
    ),
    (
        "sciences-economiques-gestion",
        True,
        "علوم اقتصادية وتدبير",
        "Sciences économiques et gestion",
        "Economics and management",
        ["sciences-economiques", "gestion-comptable"],
    ),
    (
        "lettres-sciences-humaines",
        False,
        "آداب وعلوم إنسانية",
        "Lettres et sciences humaines",
        "Arts and humanities",
        ["lettres", "sciences-humaines"],
    ),
]

SCIENCE_TRACKS = [
    "sciences-experimentales",
    "sciences-mathematiques",
    "sciences-physiques",
    "sciences-vie-terre",
    "sciences-agronomiques",
    "sciences-math-a",
]
TECHNOLOGY_TRACKS = ["sciences-tech-electriques", "sciences-tech-mecaniques"]
ECONOMICS_TRACKS = ["sciences-economiques-gestion", "sciences-economiques", "gestion-comptable"]

# subject slug → the tracks whose programme has it (at the levels the subject is taught)
PROGRAMMES = {
    "physique-chimie": ["tc-sciences", "tc-technologique", "sciences-math-b"]
    + SCIENCE_TRACKS
    + TECHNOLOGY_TRACKS,
    "svt": ["tc-sciences"] + SCIENCE_TRACKS,
    "economie": ECONOMICS_TRACKS,
    "comptabilite": ECONOMICS_TRACKS,
    "organisation-entreprises": ECONOMICS_TRACKS,
    "sciences-ingenieur": TECHNOLOGY_TRACKS + ["sciences-math-b"],
    "technologie": ["tc-technologique"],
}


def forwards(apps, schema_editor):
    Level = apps.get_model("catalog", "Level")
    Track = apps.get_model("catalog", "Track")
    Subject = apps.get_model("catalog", "Subject")
    ResourcePage = apps.get_model("catalog", "ResourcePage")
    bac1 = Level.objects.filter(code="1BAC").first()
    bac2 = Level.objects.filter(code="2BAC").first()
    if bac1 is None or bac2 is None:
        return
    tracks = {t.slug: t for t in Track.objects.all()}
    stream_of = {}  # series pk → stream pk
    for slug, intl, ar, fr, en, series in STREAMS:
        orders = [tracks[s].sort_order for s in series if s in tracks]
        stream, _ = Track.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ar": ar,
                "name_fr": fr,
                "name_en": en,
                "international_options": intl,
                "sort_order": min(orders) if orders else 0,
            },
        )
        stream.levels.add(bac1)
        tracks[slug] = stream
        for series_slug in series:
            track = tracks.get(series_slug)
            if track is not None:
                stream_of[track.pk] = stream.pk
                track.levels.remove(bac1)
                track.levels.add(bac2)

    level_links = ResourcePage.levels.through.objects
    track_links = ResourcePage.tracks.through.objects
    at_bac1 = set(level_links.filter(level=bac1).values_list("resourcepage_id", flat=True))
    at_bac2 = set(level_links.filter(level=bac2).values_list("resourcepage_id", flat=True))
    moved = {}  # page pk → {series pk → stream pk}
    for link in track_links.filter(track_id__in=stream_of, resourcepage_id__in=at_bac1):
        page_id, series_id = link.resourcepage_id, link.track_id
        track_links.get_or_create(resourcepage_id=page_id, track_id=stream_of[series_id])
        if page_id not in at_bac2:
            link.delete()
        moved.setdefault(page_id, {})[series_id] = stream_of[series_id]
    _follow_in_latest_revisions(apps, ResourcePage, moved, at_bac2)

    for subject_slug, track_slugs in PROGRAMMES.items():
        subject = Subject.objects.filter(slug=subject_slug).first()
        if subject is None or subject.tracks.exists():
            continue
        subject.tracks.set([tracks[s] for s in track_slugs if s in tracks])


def _follow_in_latest_revisions(apps, ResourcePage, moved, at_bac2):
    """The latest revision of each moved page names the stream too (a draft opens as live)."""
    Revision = apps.get_model("wagtailcore", "Revision")
    pages = ResourcePage.objects.filter(pk__in=moved).exclude(latest_revision=None)
    for page in pages.only("pk", "latest_revision_id"):
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is None or not isinstance(revision.content, dict):
            continue
        named = revision.content.get("tracks")
        if not isinstance(named, list):
            continue
        changed = list(named)
        for series_id, stream_id in moved[page.pk].items():
            if series_id in changed:
                if stream_id not in changed:
                    changed.append(stream_id)
                if page.pk not in at_bac2:
                    changed.remove(series_id)
        if changed != named:
            revision.content = {**revision.content, "tracks": changed}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_subject_tracks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

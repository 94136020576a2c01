"""1BAC classes and coefficients follow the 1BAC streams (catalog 0009).

A 1BAC class recorded in a 2BAC series («1BAC sciences physiques») is moved to the stream that
series belongs to («sciences expérimentales»), and so are the 1BAC coefficient rows of that
series, unless the stream already has a row for the subject (then the series' row, which no
1BAC class can use any more, is removed).
"""

from django.db import migrations

SERIES_STREAM = {
    "sciences-physiques": "sciences-experimentales",
    "sciences-vie-terre": "sciences-experimentales",
    "sciences-agronomiques": "sciences-experimentales",
    "sciences-math-a": "sciences-mathematiques",
    "sciences-math-b": "sciences-mathematiques",
    "sciences-economiques": "sciences-economiques-gestion",
    "gestion-comptable": "sciences-economiques-gestion",
    "lettres": "lettres-sciences-humaines",
    "sciences-humaines": "lettres-sciences-humaines",
}


def forwards(apps, schema_editor):
    Level = apps.get_model("catalog", "Level")
    Track = apps.get_model("catalog", "Track")
    SchoolClass = apps.get_model("portal_auth", "SchoolClass")
    SubjectCoefficient = apps.get_model("portal_auth", "SubjectCoefficient")
    bac1 = Level.objects.filter(code="1BAC").first()
    if bac1 is None:
        return
    tracks = {
        t.slug: t for t in Track.objects.filter(slug__in=[*SERIES_STREAM, *SERIES_STREAM.values()])
    }
    for series_slug, stream_slug in SERIES_STREAM.items():
        series, stream = tracks.get(series_slug), tracks.get(stream_slug)
        if series is None or stream is None:
            continue
        SchoolClass.objects.filter(level=bac1, track=series).update(track=stream)
        for row in SubjectCoefficient.objects.filter(level=bac1, track=series):
            if SubjectCoefficient.objects.filter(
                level=bac1, track=stream, subject_id=row.subject_id
            ).exists():
                row.delete()
            else:
                row.track = stream
                row.save(update_fields=["track"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_bac_streams_and_track_programmes"),
        ("portal_auth", "0016_notification_channels_and_school_sms"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

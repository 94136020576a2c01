"""Seed subject coefficients for 3AC, 1BAC and 2BAC sciences physiques.

VERIFY AGAINST THE MINISTRY'S CIRCULARS before relying on these figures: they follow the usual
published tables (e.g. 2BAC sciences physiques: mathematics 7, physics-chemistry 7, SVT 5) but
schools must check them. Editors correct them in the admin; this migration only creates missing
rows (matched by level, track and subject) and never overwrites an edited value.
"""

from decimal import Decimal

from django.db import migrations

# level code, track slug or None, {subject slug: coefficient}
COEFFICIENTS = [
    (
        "3AC",
        None,
        {
            "arabe": 4,
            "francais": 4,
            "anglais": 2,
            "mathematiques": 4,
            "physique-chimie": 2,
            "svt": 2,
            "histoire-geographie": 2,
            "education-islamique": 2,
            "informatique": 1,
            "technologie": 1,
            "education-physique": 1,
            "education-artistique": 1,
            "education-familiale": 1,
        },
    ),
    (
        "1BAC",
        "sciences-physiques",
        {
            "arabe": 2,
            "francais": 4,
            "anglais": 2,
            "mathematiques": 4,
            "physique-chimie": 4,
            "svt": 4,
            "histoire-geographie": 2,
            "education-islamique": 2,
            "philosophie": 2,
            "education-physique": 2,
        },
    ),
    (
        "2BAC",
        "sciences-physiques",
        {
            "anglais": 2,
            "mathematiques": 7,
            "physique-chimie": 7,
            "svt": 5,
            "philosophie": 2,
            "education-islamique": 2,
            "education-physique": 2,
        },
    ),
]


def seed(apps, schema_editor):
    Level = apps.get_model("catalog", "Level")
    Track = apps.get_model("catalog", "Track")
    Subject = apps.get_model("catalog", "Subject")
    SubjectCoefficient = apps.get_model("portal_auth", "SubjectCoefficient")
    for level_code, track_slug, table in COEFFICIENTS:
        level = Level.objects.filter(code=level_code).first()
        track = Track.objects.filter(slug=track_slug).first() if track_slug else None
        if level is None or (track_slug and track is None):
            continue
        for subject_slug, coefficient in table.items():
            subject = Subject.objects.filter(slug=subject_slug).first()
            if subject is None:
                continue
            SubjectCoefficient.objects.get_or_create(
                level=level,
                track=track,
                subject=subject,
                defaults={"coefficient": Decimal(coefficient)},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_moroccan_taxonomy"),
        ("portal_auth", "0005_marks_timetables_absences"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

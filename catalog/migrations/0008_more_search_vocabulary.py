"""More colloquial level and subject names for the search page's taxonomy mentions.

Written for Maktaba like 0007 (the forms pupils type: «bac 1», «باكلوريا» without its alef, «السنة
الثالثة إعدادي», «العلوم الطبيعية» and «sciences naturelles» for SVT, «التاريخ» and «الجغرافيا» for
history-geography, «الإعلاميات» for computing…). Rows that exist are kept; editors extend the table
in the admin.
"""

from django.db import migrations

MENTIONS = [
    *[
        (w, "level", "1BAC")
        for w in [
            "bac 1",
            "1 بكالوريا",
            "1 باكالوريا",
            "الأولى باكلوريا",
            "أولى باكلوريا",
            "premiere annee bac",
        ]
    ],
    *[
        (w, "level", "2BAC")
        for w in [
            "bac 2",
            "2 بكالوريا",
            "2 باكالوريا",
            "الثانية باكلوريا",
            "ثانية باكلوريا",
            "deuxieme annee bac",
            "الباك",
            "البكالوريا",
            "بكالوريا",
            "باكالوريا",
        ]
    ],
    *[
        (w, "level", code)
        for code, words in {
            "1AC": ["السنة الأولى إعدادي", "1ere college", "1ère année collège"],
            "2AC": ["السنة الثانية إعدادي", "2eme college", "2ème année collège"],
            "3AC": ["السنة الثالثة إعدادي", "3eme college", "3ème année collège"],
        }.items()
        for w in words
    ],
    *[
        (w, "subject", slug)
        for slug, words in {
            "svt": [
                "العلوم الطبيعية",
                "علوم طبيعية",
                "علوم الحياة",
                "sciences naturelles",
                "sciences de la vie et de la terre",
            ],
            "physique-chimie": ["sciences physiques", "العلوم الفيزيائية", "الفيزياء و الكيمياء"],
            "histoire-geographie": [
                "التاريخ",
                "تاريخ",
                "الجغرافيا",
                "جغرافيا",
                "الجغرافية",
                "التاريخ و الجغرافيا",
                "histoire",
                "géographie",
                "géo",
            ],
            "francais": ["اللغة الفرنسية"],
            "anglais": ["انجليزي", "الانجليزي", "اللغة الإنجليزية", "اللغة الانجليزية"],
            "education-islamique": ["الإسلامية", "التربية الدينية"],
            "informatique": ["الإعلاميات", "إعلاميات", "الاعلاميات", "اعلاميات"],
            "economie": ["économie générale", "الاقتصاد العام"],
        }.items()
        for w in words
    ],
]


def seed(apps, schema_editor):
    Level = apps.get_model("catalog", "Level")
    Subject = apps.get_model("catalog", "Subject")
    TaxonomyMention = apps.get_model("catalog", "TaxonomyMention")
    targets = {
        "level": {lv.code: lv for lv in Level.objects.all()},
        "subject": {s.slug: s for s in Subject.objects.all()},
    }
    for words, kind, key in MENTIONS:
        target = targets[kind].get(key)
        if target is None or TaxonomyMention.objects.filter(text=words).exists():
            continue
        TaxonomyMention.objects.create(text=words, **{kind: target})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_seed_search_vocabulary")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

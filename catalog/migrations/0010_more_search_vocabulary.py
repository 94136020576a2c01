"""More colloquial level and subject names for the search page's taxonomy mentions, and more
curriculum synonyms.

Written for Maktaba like 0007 (the forms pupils type: «bac 1», «باكلوريا» without its alef, «السنة
الثالثة إعدادي», «العلوم الطبيعية» and «sciences naturelles» for SVT, «التاريخ» and «الجغرافيا» for
history-geography, «الإعلاميات» for computing…). Rows that exist are kept; editors extend the table
in the admin. The synonyms pair the programme's term with the one pupils also meet (a loanword,
an abbreviation, the other name of the notion: «الصبغيات» / «الكروموسومات», «اليخضور» /
«الكلوروفيل», «ln» / «logarithme népérien», «ADN» / «acide désoxyribonucléique»).
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


SYNONYMS = [
    # Arabic
    (["الصبغيات", "الكروموسومات", "الصبغي", "الكروموسوم"], "ar"),
    (["المورثة", "الجين", "المورثات", "الجينات"], "ar"),
    (["الحمض النووي", "ADN", "DNA"], "ar"),
    (["اليخضور", "الكلوروفيل"], "ar"),
    (["البروتيدات", "البروتينات"], "ar"),
    (["السكريات", "الغليسيدات", "الكربوهيدرات"], "ar"),
    (["الدهنيات", "الدهون", "الليبيدات"], "ar"),
    (["الانقسام غير المباشر", "الميتوز"], "ar"),
    (["الحاسب الآلي", "الحاسوب", "الكمبيوتر"], "ar"),
    (["الشبكة العنكبوتية", "الإنترنت", "الانترنت"], "ar"),
    (["الدالة اللوغاريتمية", "اللوغاريتم النيبيري", "ln"], "ar"),
    (["الدالة الأسية", "exp"], "ar"),
    (["الحرب العالمية الثانية", "الحرب الكونية الثانية"], "ar"),
    (["الحرب العالمية الأولى", "الحرب الكونية الأولى"], "ar"),
    # French
    (["ADN", "acide désoxyribonucléique"], "fr"),
    (["chromosome", "caryotype"], "fr"),
    (["mitose", "division cellulaire"], "fr"),
    (["ln", "logarithme népérien"], "fr"),
    (["exp", "exponentielle"], "fr"),
    (["pgcd", "plus grand commun diviseur"], "fr"),
    (["ppcm", "plus petit commun multiple"], "fr"),
    (["thm", "théorème"], "fr"),
    (["la Seconde Guerre mondiale", "la Deuxième Guerre mondiale", "la guerre de 1939-1945"], "fr"),
    (["39-45", "1939-1945"], "fr"),
    (["exode rural", "migration rurale"], "fr"),
    (["protectorat", "colonisation"], "fr"),
    (["désertification", "avancée du désert", "ensablement"], "fr"),
    # English
    (["WW1", "World War I", "First World War"], "en"),
    (["WW2", "World War II", "Second World War"], "en"),
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
    CurriculumSynonym = apps.get_model("catalog", "CurriculumSynonym")
    existing = set(CurriculumSynonym.objects.values_list("terms", flat=True))
    for terms, language in SYNONYMS:
        text = "\n".join(terms)
        if text not in existing:
            CurriculumSynonym.objects.create(terms=text, note=language)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_bac_streams_and_track_programmes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Seed the colloquial taxonomy mentions and the curriculum thesaurus.

Written for Maktaba from the school structure of ../shared/domain/morocco.md and the way pupils
name levels and subjects (codes, «باك», «TC», «svt», «philo»…); the thesaurus pairs a programme's
term with the pupils' everyday one. Editors extend both in the admin; rows that exist are kept.
"""

from django.db import migrations

# (words, kind, key): kind is "level" (code), "track" (slug) or "subject" (slug).
MENTIONS = [
    *[
        (w, "level", "1BAC")
        for w in [
            "1bac",
            "1 bac",
            "1er bac",
            "1ere bac",
            "1ère bac",
            "premiere bac",
            "première bac",
            "1 باك",
            "أولى باك",
            "الأولى باك",
            "اولى باك",
            "الاولى باك",
            "الأولى بكالوريا",
            "الأولى باكالوريا",
            "أولى بكالوريا",
            "السنة الأولى باكالوريا",
            "1bac biof",
            "first year bac",
            "1ère année bac",
            "1 ere annee bac",
        ]
    ],
    *[
        (w, "level", "2BAC")
        for w in [
            "2bac",
            "2 bac",
            "2eme bac",
            "2ème bac",
            "deuxieme bac",
            "deuxième bac",
            "terminale",
            "2 باك",
            "ثانية باك",
            "الثانية باك",
            "تانية باك",
            "الثانية بكالوريا",
            "الثانية باكالوريا",
            "ثانية بكالوريا",
            "السنة الثانية باكالوريا",
            "باك",
            "bac",
            "second year bac",
            "2ème année bac",
            "2 eme annee bac",
        ]
    ],
    *[
        (w, "level", "TC")
        for w in [
            "tc",
            "tronc commun",
            "جذع مشترك",
            "الجذع المشترك",
            "جدع مشترك",
            "الجدع المشترك",
            "common core",
        ]
    ],
    *[
        (w, "level", code)
        for code, words in {
            "1AC": [
                "1ac",
                "1 ac",
                "1ere annee college",
                "الأولى إعدادي",
                "اولى اعدادي",
                "1 اعدادي",
            ],
            "2AC": [
                "2ac",
                "2 ac",
                "2eme annee college",
                "الثانية إعدادي",
                "ثانية اعدادي",
                "2 اعدادي",
            ],
            "3AC": [
                "3ac",
                "3 ac",
                "3eme annee college",
                "الثالثة إعدادي",
                "ثالثة اعدادي",
                "3 اعدادي",
            ],
            "1AP": ["1ap", "الأول ابتدائي", "الأولى ابتدائي", "1 ابتدائي"],
            "2AP": ["2ap", "الثاني ابتدائي", "الثانية ابتدائي", "2 ابتدائي"],
            "3AP": ["3ap", "الثالث ابتدائي", "الثالثة ابتدائي", "3 ابتدائي"],
            "4AP": ["4ap", "الرابع ابتدائي", "الرابعة ابتدائي", "4 ابتدائي"],
            "5AP": ["5ap", "الخامس ابتدائي", "الخامسة ابتدائي", "5 ابتدائي"],
            "6AP": ["6ap", "السادس ابتدائي", "السادسة ابتدائي", "6 ابتدائي"],
        }.items()
        for w in words
    ],
    *[
        (w, "subject", slug)
        for slug, words in {
            "svt": ["svt", "علوم الحياة والأرض", "علوم الحياة و الأرض", "biologie", "biology"],
            "physique-chimie": [
                "pc",
                "physique",
                "chimie",
                "physique chimie",
                "الفيزياء",
                "فيزياء",
                "الكيمياء",
                "الفيزياء والكيمياء",
                "physics",
            ],
            "mathematiques": ["math", "maths", "mathématiques", "الرياضيات", "رياضيات", "رياضة"],
            "philosophie": ["philo", "philosophie", "الفلسفة", "فلسفة", "philosophy"],
            "histoire-geographie": [
                "الاجتماعيات",
                "اجتماعيات",
                "histoire geo",
                "histoire géo",
                "histoire geographie",
                "hg",
                "التاريخ والجغرافيا",
                "history",
            ],
            "francais": ["français", "francais", "الفرنسية", "فرنسية", "french"],
            "arabe": ["العربية", "عربية", "اللغة العربية", "arabe"],
            "anglais": ["anglais", "english", "الإنجليزية", "انجليزية", "الانجليزية"],
            "education-islamique": [
                "التربية الإسلامية",
                "التربية الاسلامية",
                "تربية إسلامية",
                "اسلامية",
                "islamique",
            ],
            "informatique": ["informatique", "المعلوميات", "معلوميات", "computing"],
            "economie": ["économie", "economie", "eco", "الاقتصاد", "اقتصاد"],
            "comptabilite": ["comptabilité", "comptabilite", "compta", "المحاسبة", "محاسبة"],
            "activite-scientifique": [
                "النشاط العلمي",
                "نشاط علمي",
                "activité scientifique",
                "eveil scientifique",
            ],
            "technologie": ["technologie", "التكنولوجيا"],
        }.items()
        for w in words
    ],
    *[
        (w, "track", slug)
        for slug, words in {
            "sciences-math-a": ["sm", "sma", "sm a", "sciences math", "علوم رياضية"],
            "sciences-physiques": ["spc", "biof pc", "علوم فيزيائية"],
            "sciences-vie-terre": ["svt biof"],
            "sciences-economiques": ["sciences eco", "علوم اقتصادية"],
            "lettres": ["آداب", "lettres", "adab"],
            "tc-sciences": ["tcs", "tc sciences", "جذع مشترك علمي", "جدع مشترك علمي"],
            "tc-lettres": ["tcl", "جذع مشترك أدبي"],
        }.items()
        for w in words
    ],
]

SYNONYMS = [
    # Arabic
    (["الاحتباس الحراري", "ظاهرة الدفيئة", "الغازات الدفيئة"], "ar"),
    (["البناء الضوئي", "التركيب الضوئي", "التمثيل الضوئي", "التمثيل اليخضوري"], "ar"),
    (["الاستعمار الفرنسي", "الحماية الفرنسية", "فرض الحماية"], "ar"),
    (["الحرب الكبرى", "الحرب العالمية الأولى"], "ar"),
    (["الكمبيوتر", "الحاسوب"], "ar"),
    (["البادية", "القروية"], "ar"),
    (["الهجرة القروية", "النزوح القروي", "الهجرة من البادية"], "ar"),
    (["زحف الرمال", "التصحر"], "ar"),
    (["الاقتصاد العام", "الاقتصاد"], "ar"),
    (["الإنشاء", "التعبير الكتابي"], "ar"),
    (["الخلية العصبية", "العصبون"], "ar"),
    (["الكهرباء", "الدارة الكهربائية"], "ar"),
    (["النشاط الإشعاعي", "التناقص الإشعاعي", "النشاط الاشعاعي"], "ar"),
    (["فيتاغورس", "فيثاغورس"], "ar"),
    (["الهزة الأرضية", "الزلزال"], "ar"),
    # French
    (["la Grande Guerre", "la Première Guerre mondiale", "la guerre de 1914-1918"], "fr"),
    (["14-18", "1914-1918"], "fr"),
    (["réchauffement climatique", "effet de serre", "changement climatique"], "fr"),
    (["la bourse de 1929", "le krach de 1929", "la crise de 1929"], "fr"),
    (["tremblement de terre", "séisme"], "fr"),
    (["neurone", "système nerveux", "message nerveux"], "fr"),
    (["assimilation chlorophyllienne", "photosynthèse"], "fr"),
    (["globalisation", "mondialisation"], "fr"),
    (["immunité", "immunologie", "système immunitaire"], "fr"),
    (["Mahfouz", "نجيب محفوظ"], "fr"),
    # English
    (["global warming", "greenhouse effect", "climate change", "environment"], "en"),
]


def seed(apps, schema_editor):
    Level = apps.get_model("catalog", "Level")
    Track = apps.get_model("catalog", "Track")
    Subject = apps.get_model("catalog", "Subject")
    TaxonomyMention = apps.get_model("catalog", "TaxonomyMention")
    CurriculumSynonym = apps.get_model("catalog", "CurriculumSynonym")
    levels = {lv.code: lv for lv in Level.objects.all()}
    tracks = {t.slug: t for t in Track.objects.all()}
    subjects = {s.slug: s for s in Subject.objects.all()}
    for words, kind, key in MENTIONS:
        target = {"level": levels, "track": tracks, "subject": subjects}[kind].get(key)
        if target is None or TaxonomyMention.objects.filter(text=words).exists():
            continue
        TaxonomyMention.objects.create(text=words, **{kind: target})
    if not CurriculumSynonym.objects.exists():
        for terms, language in SYNONYMS:
            CurriculumSynonym.objects.create(terms="\n".join(terms), note=language)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_vocabulary")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

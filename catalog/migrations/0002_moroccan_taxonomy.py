"""The Moroccan school taxonomy, present on every install.

Sources: ../shared/domain/morocco.md (ministry notices). Editors may rename or extend these rows in
the admin; this migration only creates rows that are missing (matched by slug) and never deletes.
"""

from django.db import migrations

CYCLES = [
    # slug, ar, fr, en
    ("primaire", "التعليم الابتدائي", "Primaire", "Primary"),
    ("college", "التعليم الثانوي الإعدادي", "Collège", "Lower secondary"),
    ("qualifiant", "التعليم الثانوي التأهيلي", "Secondaire qualifiant", "Upper secondary"),
]

LEVELS = [
    # code, cycle, ar, fr, en
    ("1AP", "primaire", "المستوى الأول ابتدائي", "1re année primaire", "Primary year 1"),
    ("2AP", "primaire", "المستوى الثاني ابتدائي", "2e année primaire", "Primary year 2"),
    ("3AP", "primaire", "المستوى الثالث ابتدائي", "3e année primaire", "Primary year 3"),
    ("4AP", "primaire", "المستوى الرابع ابتدائي", "4e année primaire", "Primary year 4"),
    ("5AP", "primaire", "المستوى الخامس ابتدائي", "5e année primaire", "Primary year 5"),
    ("6AP", "primaire", "المستوى السادس ابتدائي", "6e année primaire", "Primary year 6"),
    ("1AC", "college", "السنة الأولى إعدادي", "1re année collège", "Lower secondary year 1"),
    ("2AC", "college", "السنة الثانية إعدادي", "2e année collège", "Lower secondary year 2"),
    ("3AC", "college", "السنة الثالثة إعدادي", "3e année collège", "Lower secondary year 3"),
    ("TC", "qualifiant", "الجذع المشترك", "Tronc commun", "Common core"),
    (
        "1BAC",
        "qualifiant",
        "السنة الأولى بكالوريا",
        "1re année du bac",
        "First year of the baccalaureate",
    ),
    (
        "2BAC",
        "qualifiant",
        "السنة الثانية بكالوريا",
        "2e année du bac",
        "Second year of the baccalaureate",
    ),
]

BAC = ["1BAC", "2BAC"]
TRACKS = [
    # slug, levels, international options, ar, fr, en
    (
        "tc-sciences",
        ["TC"],
        True,
        "جذع مشترك علمي",
        "Tronc commun sciences",
        "Common core: sciences",
    ),
    (
        "tc-lettres",
        ["TC"],
        False,
        "جذع مشترك آداب وعلوم إنسانية",
        "Tronc commun lettres et sciences humaines",
        "Common core: arts and humanities",
    ),
    (
        "tc-technologique",
        ["TC"],
        True,
        "جذع مشترك تكنولوجي",
        "Tronc commun technologique",
        "Common core: technology",
    ),
    (
        "tc-originel",
        ["TC"],
        False,
        "جذع مشترك التعليم الأصيل",
        "Tronc commun enseignement originel",
        "Common core: traditional education",
    ),
    (
        "sciences-math-a",
        BAC,
        True,
        "علوم رياضية أ",
        "Sciences mathématiques A",
        "Mathematical sciences A",
    ),
    (
        "sciences-math-b",
        BAC,
        True,
        "علوم رياضية ب",
        "Sciences mathématiques B",
        "Mathematical sciences B",
    ),
    ("sciences-physiques", BAC, True, "علوم فيزيائية", "Sciences physiques", "Physical sciences"),
    (
        "sciences-vie-terre",
        BAC,
        True,
        "علوم الحياة والأرض",
        "Sciences de la vie et de la terre",
        "Life and earth sciences",
    ),
    (
        "sciences-agronomiques",
        BAC,
        True,
        "علوم زراعية",
        "Sciences agronomiques",
        "Agricultural sciences",
    ),
    ("sciences-economiques", BAC, True, "علوم اقتصادية", "Sciences économiques", "Economics"),
    (
        "gestion-comptable",
        BAC,
        True,
        "علوم التدبير المحاسباتي",
        "Gestion comptable",
        "Accounting management",
    ),
    (
        "sciences-tech-electriques",
        BAC,
        True,
        "علوم وتكنولوجيات كهربائية",
        "Sciences et technologies électriques",
        "Electrical sciences and technology",
    ),
    (
        "sciences-tech-mecaniques",
        BAC,
        True,
        "علوم وتكنولوجيات ميكانيكية",
        "Sciences et technologies mécaniques",
        "Mechanical sciences and technology",
    ),
    ("lettres", BAC, False, "آداب", "Lettres", "Literature"),
    ("sciences-humaines", BAC, False, "علوم إنسانية", "Sciences humaines", "Humanities"),
    ("sciences-charia", BAC, False, "العلوم الشرعية", "Sciences de la charia", "Sharia sciences"),
    (
        "lettres-originelles",
        BAC,
        False,
        "الآداب الأصيلة",
        "Lettres originelles",
        "Traditional literature",
    ),
    ("arts-appliques", BAC, False, "الفنون التطبيقية", "Arts appliqués", "Applied arts"),
]

PRIMARY = ["1AP", "2AP", "3AP", "4AP", "5AP", "6AP"]
COLLEGE = ["1AC", "2AC", "3AC"]
QUALIFIANT = ["TC", "1BAC", "2BAC"]
SECONDARY = COLLEGE + QUALIFIANT
SUBJECTS = [
    # slug, levels, ar, fr, en
    ("arabe", PRIMARY + SECONDARY, "اللغة العربية", "Arabe", "Arabic"),
    ("francais", PRIMARY + SECONDARY, "اللغة الفرنسية", "Français", "French"),
    ("anglais", ["5AP", "6AP"] + SECONDARY, "اللغة الإنجليزية", "Anglais", "English"),
    ("amazigh", PRIMARY, "اللغة الأمازيغية", "Amazigh", "Amazigh"),
    ("mathematiques", PRIMARY + SECONDARY, "الرياضيات", "Mathématiques", "Mathematics"),
    (
        "activite-scientifique",
        PRIMARY,
        "النشاط العلمي",
        "Activité scientifique",
        "Science activities",
    ),
    (
        "physique-chimie",
        SECONDARY,
        "الفيزياء والكيمياء",
        "Physique-chimie",
        "Physics and chemistry",
    ),
    ("svt", SECONDARY, "علوم الحياة والأرض", "SVT", "Life and earth sciences"),
    (
        "histoire-geographie",
        ["3AP", "4AP", "5AP", "6AP"] + SECONDARY,
        "الاجتماعيات",
        "Histoire-géographie",
        "History and geography",
    ),
    (
        "education-islamique",
        PRIMARY + SECONDARY,
        "التربية الإسلامية",
        "Éducation islamique",
        "Islamic education",
    ),
    ("philosophie", QUALIFIANT, "الفلسفة", "Philosophie", "Philosophy"),
    (
        "economie",
        ["1BAC", "2BAC"],
        "الاقتصاد العام والإحصاء",
        "Économie générale et statistiques",
        "Economics and statistics",
    ),
    (
        "comptabilite",
        ["1BAC", "2BAC"],
        "المحاسبة والرياضيات المالية",
        "Comptabilité et mathématiques financières",
        "Accounting and financial mathematics",
    ),
    (
        "organisation-entreprises",
        ["1BAC", "2BAC"],
        "الاقتصاد والتنظيم الإداري للمقاولات",
        "Économie et organisation administrative des entreprises",
        "Business organisation",
    ),
    (
        "sciences-ingenieur",
        ["1BAC", "2BAC"],
        "علوم المهندس",
        "Sciences de l'ingénieur",
        "Engineering sciences",
    ),
    ("informatique", COLLEGE + ["TC"], "المعلوميات", "Informatique", "Computing"),
    ("technologie", COLLEGE + ["TC"], "التكنولوجيا", "Technologie", "Technology"),
    (
        "education-physique",
        PRIMARY + SECONDARY,
        "التربية البدنية",
        "Éducation physique",
        "Physical education",
    ),
    (
        "education-artistique",
        PRIMARY + COLLEGE,
        "التربية التشكيلية",
        "Éducation artistique",
        "Art education",
    ),
    ("education-familiale", COLLEGE, "التربية الأسرية", "Éducation familiale", "Family education"),
]


def create_taxonomy(apps, schema_editor):
    Cycle = apps.get_model("catalog", "Cycle")
    Level = apps.get_model("catalog", "Level")
    Track = apps.get_model("catalog", "Track")
    Subject = apps.get_model("catalog", "Subject")

    cycles = {}
    for order, (slug, ar, fr, en) in enumerate(CYCLES):
        cycles[slug], _ = Cycle.objects.get_or_create(
            slug=slug, defaults={"name_ar": ar, "name_fr": fr, "name_en": en, "sort_order": order}
        )
    levels = {}
    for order, (code, cycle, ar, fr, en) in enumerate(LEVELS):
        levels[code], _ = Level.objects.get_or_create(
            code=code,
            defaults={
                "slug": code.lower(),
                "cycle": cycles[cycle],
                "name_ar": ar,
                "name_fr": fr,
                "name_en": en,
                "sort_order": order,
            },
        )
    for order, (slug, codes, intl, ar, fr, en) in enumerate(TRACKS):
        track, created = Track.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ar": ar,
                "name_fr": fr,
                "name_en": en,
                "sort_order": order,
                "international_options": intl,
            },
        )
        if created:
            track.levels.set([levels[c] for c in codes])
    for order, (slug, codes, ar, fr, en) in enumerate(SUBJECTS):
        subject, created = Subject.objects.get_or_create(
            slug=slug, defaults={"name_ar": ar, "name_fr": fr, "name_en": en, "sort_order": order}
        )
        if created:
            subject.levels.set([levels[c] for c in codes])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_taxonomy, migrations.RunPython.noop)]

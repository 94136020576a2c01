"""The demo catalogue: realistic titles across cycles, levels, tracks, subjects and languages.

About 60% Arabic, 30% French and 10% English, as in Moroccan classrooms. Every row respects the
taxonomy (a subject taught at its levels, tracks offered at them), so the importer accepts it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoResource:
    language: str
    subject: str
    levels: tuple[str, ...]
    tracks: tuple[str, ...]
    kind: str
    title: str
    tags: tuple[str, ...]

    @property
    def file_extension(self) -> str:
        return {"document": ".pdf", "audio": ".m4a", "video": ".mp4"}[self.kind]


def _r(language, subject, levels, title, tags="", tracks="", kind="document") -> DemoResource:
    return DemoResource(
        language=language,
        subject=subject,
        levels=tuple(levels.split()),
        tracks=tuple(tracks.split()),
        kind=kind,
        title=title,
        tags=tuple(tag for tag in tags.split("|") if tag),
    )


SCIENCES_MATH = "sciences-math-a sciences-math-b"

RESOURCES: list[DemoResource] = [
    # --- primaire ---------------------------------------------------------------------------
    _r("ar", "arabe", "1AP", "تعلم الحروف الهجائية: حرف الباء", "قراءة|حروف"),
    _r("ar", "mathematiques", "2AP", "الجمع والطرح في حدود 100", "حساب|تمارين"),
    _r("ar", "activite-scientifique", "3AP", "دورة حياة النبات", "نبات|ملاحظة"),
    _r("ar", "histoire-geographie", "5AP", "خريطة المغرب: الجهات الاثنتا عشرة", "جغرافيا|خرائط"),
    _r("ar", "education-islamique", "4AP", "سورة الفاتحة: حفظ وتفسير مبسط", "قرآن"),
    _r("ar", "amazigh", "1AP", "تعلم حروف تيفيناغ", "أمازيغية|حروف"),
    _r("ar", "mathematiques", "5AP", "مساحة المستطيل والمربع", "هندسة|مساحة"),
    _r("ar", "arabe", "6AP", "التعبير الكتابي: وصف مشهد طبيعي", "تعبير|كتابة"),
    _r("ar", "education-artistique", "3AP", "الألوان الأساسية والثانوية", "رسم|ألوان"),
    _r("fr", "francais", "4AP", "Lecture : Le petit chaperon rouge", "lecture|conte"),
    _r("fr", "mathematiques", "6AP", "Les fractions : comparer et additionner", "fractions"),
    _r("en", "anglais", "6AP", "My family and my house", "vocabulary"),
    # --- collège ----------------------------------------------------------------------------
    _r("ar", "mathematiques", "3AC", "نظمة معادلتين من الدرجة الأولى بمجهولين", "جبر|معادلات"),
    _r("ar", "physique-chimie", "1AC", "حالات المادة وتحولاتها", "مادة|تجارب"),
    _r("ar", "svt", "1AC", "التنفس عند النباتات والحيوانات", "تنفس|أحياء"),
    _r("ar", "histoire-geographie", "2AC", "الدولة المرابطية", "تاريخ|المغرب"),
    _r("ar", "education-islamique", "2AC", "سورة يس: الدرس الأول", "قرآن"),
    _r("ar", "informatique", "1AC", "مكونات الحاسوب", "حاسوب"),
    _r("ar", "arabe", "3AC", "الجملة الشرطية وأدوات الشرط", "نحو|لغة"),
    _r("ar", "technologie", "2AC", "التحليل الوظيفي لمنتوج تقني", "تكنولوجيا"),
    _r("ar", "education-familiale", "1AC", "التغذية الصحية المتوازنة", "صحة|تغذية"),
    _r("ar", "svt", "3AC", "التغذية عند الإنسان: الهضم والامتصاص", "هضم|جسم الإنسان"),
    _r("fr", "physique-chimie", "3AC", "La loi d'Ohm", "électricité|BIOF"),
    _r("fr", "mathematiques", "2AC", "Le théorème de Pythagore", "géométrie"),
    _r("fr", "francais", "1AC", "Le conte merveilleux : structure et personnages", "conte"),
    _r("fr", "svt", "3AC", "L'immunité : les défenses de l'organisme", "immunologie|BIOF"),
    _r("en", "anglais", "3AC", "Present perfect: form and use", "grammar"),
    # --- tronc commun -----------------------------------------------------------------------
    _r("ar", "mathematiques", "TC", "المعادلات من الدرجة الثانية", "جبر|معادلات", "tc-sciences"),
    _r("ar", "physique-chimie", "TC", "التأثيرات البينية الميكانيكية", "ميكانيك", "tc-sciences"),
    _r("ar", "philosophie", "TC", "مدخل إلى الفلسفة: دهشة السؤال", "فلسفة"),
    _r("ar", "histoire-geographie", "TC", "أوروبا من القرن 15 إلى القرن 19", "تاريخ"),
    _r("ar", "svt", "TC", "تشكل الصخور الرسوبية", "جيولوجيا", "tc-sciences"),
    _r("ar", "informatique", "TC", "الخوارزميات والبرمجة: مفاهيم أساسية", "برمجة|خوارزميات"),
    _r("fr", "mathematiques", "TC", "Les équations du second degré", "algèbre", "tc-sciences"),
    _r("fr", "francais", "TC", "Le roman : Le Dernier Jour d'un condamné", "roman|Hugo"),
    _r("en", "anglais", "TC", "Reading comprehension: Education and technology", "reading"),
    # --- 1re année du bac -------------------------------------------------------------------
    _r("ar", "physique-chimie", "1BAC", "الشغل الميكانيكي والطاقة الحركية", "طاقة|ميكانيك",
       "sciences-experimentales"),
    _r("ar", "mathematiques", "1BAC", "المتتاليات العددية", "متتاليات|تحليل", "sciences-mathematiques"),
    _r("ar", "arabe", "1BAC", "الشعر العربي الحديث: تكسير البنية", "شعر|أدب",
       "lettres-sciences-humaines"),
    _r("ar", "education-islamique", "1BAC", "مدخل التزكية: سورة يوسف", "قرآن|تزكية"),
    _r("ar", "economie", "1BAC", "الحاجات والخيرات الاقتصادية", "اقتصاد",
       "sciences-economiques-gestion"),
    _r("ar", "organisation-entreprises", "1BAC", "المقاولة ومحيطها", "مقاولة",
       "sciences-economiques-gestion"),
    _r("ar", "histoire-geographie", "1BAC", "الإمبريالية: المفهوم والأسباب", "تاريخ"),
    _r("ar", "svt", "1BAC", "إنتاج المادة العضوية وتدفق الطاقة", "بيولوجيا",
       "sciences-experimentales"),
    _r("ar", "philosophie", "1BAC", "الإنسان بين الطبيعة والثقافة", "فلسفة"),
    _r("fr", "physique-chimie", "1BAC", "Travail et puissance d'une force", "mécanique|BIOF",
       "sciences-mathematiques"),
    _r("fr", "mathematiques", "1BAC", "Les suites numériques : cours et exercices", "suites",
       "sciences-economiques-gestion"),
    _r("fr", "comptabilite", "1BAC", "Les amortissements : méthode linéaire", "comptabilité",
       "sciences-economiques-gestion"),
    _r("fr", "sciences-ingenieur", "1BAC", "Analyse fonctionnelle : le diagramme FAST",
       "ingénierie", "sciences-tech-electriques sciences-tech-mecaniques"),
    _r("en", "anglais", "1BAC", "Gerund and infinitive", "grammar"),
    # --- 2e année du bac --------------------------------------------------------------------
    _r("ar", "physique-chimie", "2BAC", "التناقص الإشعاعي", "نووي|فيزياء", "sciences-physiques"),
    _r("ar", "mathematiques", "2BAC", "الأعداد العقدية", "أعداد عقدية", SCIENCES_MATH),
    _r("ar", "svt", "2BAC", "استهلاك المادة العضوية وتدفق الطاقة", "بيولوجيا",
       "sciences-vie-terre"),
    _r("ar", "philosophie", "2BAC", "مجزوءة الوضع البشري: الشخص", "فلسفة|امتحان"),
    _r("ar", "histoire-geographie", "2BAC", "الحرب العالمية الأولى: الأسباب والنتائج", "تاريخ"),
    _r("ar", "arabe", "2BAC", "منهجية تحليل نص شعري", "منهجية|شعر"),
    _r("ar", "education-islamique", "2BAC", "مدخل الاستجابة: الإيمان والغيب", "عقيدة"),
    _r("ar", "comptabilite", "2BAC", "تحليل القوائم التركيبية", "محاسبة", "gestion-comptable"),
    _r("fr", "physique-chimie", "2BAC", "Les ondes mécaniques progressives", "ondes|BIOF",
       "sciences-physiques sciences-vie-terre"),
    _r("fr", "mathematiques", "2BAC", "Étude des fonctions logarithmes", "analyse",
       "sciences-physiques sciences-vie-terre"),
    _r("fr", "philosophie", "2BAC", "La vérité : opinion et raison", "philosophie"),
    _r("fr", "economie", "2BAC", "La croissance économique", "économie", "sciences-economiques"),
    _r("fr", "francais", "2BAC", "Antigone de Jean Anouilh", "théâtre|examen"),
    _r("en", "anglais", "2BAC", "Writing a formal letter", "writing|exam"),
    # --- recordings (made with ffmpeg when it is installed) ---------------------------------
    _r("ar", "arabe", "2AP", "قصة مسموعة: الأرنب والسلحفاة", "قصة|استماع", kind="audio"),
    _r("ar", "education-islamique", "1AP", "سورة الإخلاص: تلاوة للحفظ", "قرآن|تلاوة",
       kind="audio"),
    _r("fr", "francais", "3AP", "Comptine : les jours de la semaine", "écoute", kind="audio"),
    _r("ar", "physique-chimie", "1BAC", "تجربة: قياس شدة التيار الكهربائي", "تجارب|كهرباء",
       "sciences-experimentales", kind="video"),
    _r("en", "physique-chimie", "1BAC", "Newton's laws", "mechanics", "sciences-experimentales",
       kind="video"),
    _r("fr", "svt", "1AC", "La photosynthèse en vidéo", "photosynthèse", kind="video"),
]  # fmt: skip


SUMMARIES = {
    "ar": [
        "درس مبسط حول «{title}» لتلاميذ {level}، مع أمثلة محلولة وتمارين تطبيقية.",
        "ملخص منظم لـ«{title}» في مادة {subject}، {level}، يساعد على المراجعة قبل الفروض.",
        "بطاقة تعليمية: «{title}» — الأهداف، المفاهيم الأساسية، ووضعيات للتقويم.",
    ],
    "fr": [
        "Cours simplifié sur « {title} » pour la {level}, avec exemples et exercices corrigés.",
        "Fiche de révision : « {title} » ({subject}, {level}), pour préparer les contrôles.",
        "Séquence d'apprentissage : « {title} » — objectifs, notions clés et évaluation.",
    ],
    "en": [
        "A short lesson on “{title}” for {level}, with worked examples and exercises.",
        "Revision sheet: “{title}” ({subject}, {level}), to prepare for tests.",
    ],
}

BODY = {
    "ar": [
        "الأهداف: يتعرف المتعلم على المفاهيم الأساسية للدرس، ويوظفها في وضعيات متنوعة من "
        "حياته اليومية، ويتدرب على التعبير عن أفكاره بلغة سليمة.",
        "التمرين الأول: اقرأ الوضعية بتمعن، ثم استخرج المعطيات، وحدد المطلوب، واقترح طريقة "
        "للحل مع تعليل كل خطوة.",
        "للمراجعة: أعد صياغة الدرس بأسلوبك في خمسة أسطر، ثم قارن ملخصك بملخص زميلك.",
    ],
    "fr": [
        "Objectifs : comprendre les notions essentielles de la leçon et savoir les utiliser "
        "dans des situations variées de la vie quotidienne.",
        "Exercice 1 : lis attentivement l'énoncé, relève les données, précise ce qui est "
        "demandé, puis propose une démarche en justifiant chaque étape.",
        "Pour réviser : reformule la leçon en cinq lignes, puis compare ton résumé avec "
        "celui d'un camarade.",
    ],
    "en": [
        "Objectives: understand the key ideas of the lesson and use them in everyday situations.",
        "Exercise 1: read the text carefully, list the data, state what is asked, then explain "
        "each step of your answer.",
        "Review: rewrite the lesson in five lines and compare your summary with a classmate's.",
    ],
}

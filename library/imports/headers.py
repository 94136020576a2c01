"""The one table of column headers every import accepts, and finding the header row of a sheet.

Each column an importer may read is a ``Column``: its Arabic and French labels (what the
template files write, in Massar's words) and the other ways schools, Massar and office suites
head it. Headers are compared after ``normalise_header`` (case, accents, spaces, tatweel,
punctuation), so the table holds one spelling of each.

Invariants (``tests/imports/test_headers.py`` checks them):
- a column's labels are among its synonyms: a template file always imports back;
- within the columns one importer reads, no header means two columns (``check_unambiguous``);
  the same word may mean different columns for different importers («الاسم» is the first
  name in a pupils file, the full name in a marks sheet).

An importer names the columns it reads (``COLUMNS`` of each importer) and asks ``find_header``
for the header row: the first of the sheet's first ``HEADER_SEARCH_ROWS`` rows that has its
anchor columns (the Massar code, for pupils), so title rows above the header are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .tables import Table, cell_text, normalise_header

HEADER_SEARCH_ROWS = 40


@dataclass(frozen=True)
class Column:
    ar: str
    fr: str
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.ar, self.fr, *self.synonyms)


MASSAR_CODE = Column(
    "رمز مسار",
    "Code Massar",
    (
        "رقم مسار",
        "رمز التلميذ",
        "رقم التلميذ",
        "الرمز",
        "massar",
        "code eleve",
        "code de l eleve",
        "massar code",
        "cne",
        "code",
    ),
)
TEST_WORDS = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع"}


def test_column(n: int) -> Column:
    return Column(
        f"الفرض {n}",
        f"Devoir {n}",
        (f"فرض {n}", f"الفرض {TEST_WORDS[n]}", f"controle {n}", f"test {n}", f"note {n}"),
    )


COLUMNS: dict[str, Column] = {
    # people
    "massar_code": MASSAR_CODE,
    "full_name": Column(
        "الاسم الكامل",
        "Nom et prénom",
        ("الاسم والنسب", "اسم التلميذ", "nom complet", "nom", "الاسم", "name", "full name"),
    ),
    "last_name_ar": Column("النسب", "Nom (arabe)", ("nom arabe", "nom ar", "last name arabic")),
    "first_name_ar": Column(
        "الاسم", "Prénom (arabe)", ("prenom arabe", "prenom ar", "first name arabic")
    ),
    "last_name_latin": Column(
        "النسب بالحروف اللاتينية", "Nom", ("nom latin", "last name", "nom fr")
    ),
    "first_name_latin": Column(
        "الاسم بالحروف اللاتينية", "Prénom", ("prenom latin", "first name", "prenom fr")
    ),
    "birth_date": Column(
        "تاريخ الازدياد",
        "Date de naissance",
        ("date naissance", "تاريخ الميلاد", "birth date", "date of birth"),
    ),
    "class_name": Column("القسم", "Classe", ("class", "الفصل", "groupe")),
    "level": Column("المستوى", "Niveau", ("level",)),
    "track": Column("الشعبة", "Filière", ("track", "المسلك")),
    # guardians (numbered: a second guardian's headers end in 2)
    "guardian_cin": Column(
        "رقم البطاقة الوطنية للولي",
        "CIN tuteur",
        ("cin du tuteur", "cin", "ب ت و الولي", "guardian cin"),
    ),
    "guardian_last_name_ar": Column("نسب الولي", "Nom arabe tuteur"),
    "guardian_first_name_ar": Column("اسم الولي", "Prénom arabe tuteur"),
    "guardian_last_name_latin": Column(
        "نسب الولي بالحروف اللاتينية", "Nom tuteur", ("nom du tuteur", "guardian last name")
    ),
    "guardian_first_name_latin": Column(
        "اسم الولي بالحروف اللاتينية",
        "Prénom tuteur",
        ("prenom du tuteur", "guardian first name"),
    ),
    "guardian_phone": Column(
        "هاتف الولي",
        "Téléphone tuteur",
        ("telephone", "tel", "الهاتف", "guardian phone", "gsm"),
    ),
    "guardian_relationship": Column(
        "صفة الولي", "Lien de parenté", ("lien", "relation", "القرابة", "relationship")
    ),
    # marks (the keys are the mark components)
    "test_1": test_column(1),
    "test_2": test_column(2),
    "test_3": test_column(3),
    "test_4": test_column(4),
    "activities": Column(
        "الأنشطة المندمجة",
        "Activités intégrées",
        ("الانشطة المندمجة", "الأنشطة", "activites", "activities"),
    ),
    "exam_local": Column("الامتحان المحلي", "Examen local", ("local exam",)),
    "exam_regional": Column("الامتحان الجهوي", "Examen régional", ("regional exam",)),
    "exam_national": Column("الامتحان الوطني", "Examen national", ("national exam",)),
    # absences
    "date": Column("التاريخ", "Date", ("date absence", "تاريخ الغياب")),
    "period": Column("الفترة", "Période", ("period", "demi journee")),
    "hours": Column("عدد الساعات", "Heures", ("hours", "nombre d heures", "الساعات")),
    "justified": Column("مبرر", "Justifiée", ("justifie", "justified", "مبررة", "التبرير")),
    "reason": Column("السبب", "Motif", ("reason", "سبب الغياب")),
    # timetable
    "day": Column("اليوم", "Jour", ("day",)),
    "start": Column("البداية", "Début", ("heure debut", "start", "من", "بداية الحصة")),
    "end": Column("النهاية", "Fin", ("heure fin", "end", "إلى", "الى", "نهاية الحصة")),
    "subject": Column("المادة", "Matière", ("subject",)),
    "teacher": Column("الأستاذ", "Enseignant", ("professeur", "teacher", "الاستاذ", "الأستاذة")),
    "room": Column("القاعة", "Salle", ("room",)),
    "effective_from": Column(
        "ابتداء من", "À partir du", ("applies from", "effective from", "ابتداءا من")
    ),
    # school directors
    "school_code": Column(
        "رمز المؤسسة",
        "Code de l'établissement",
        ("code etablissement", "code ecole", "school code", "code gresa", "رمز المدرسة"),
    ),
    "email": Column(
        "البريد الإلكتروني المهني",
        "E-mail officiel",
        (
            "البريد الإلكتروني",
            "البريد الالكتروني",
            "email",
            "e mail",
            "courriel",
            "adresse e mail",
            "official email",
        ),
    ),
    # the catalogue's resources (manifests)
    "title": Column("العنوان", "Titre", ("title",)),
    "summary": Column("الملخص", "Résumé", ("summary", "ملخص")),
    "language": Column("اللغة", "Langue", ("language",)),
    "levels": Column("المستويات", "Niveaux", ("levels",)),
    "tracks": Column("الشعب", "Filières", ("tracks",)),
    "kind": Column("النوع", "Type", ("kind",)),
    "tags": Column("الوسوم", "Mots-clés", ("tags", "mots cles")),
    "file": Column("الملف", "Fichier", ("file",)),
    "thumbnail": Column("الصورة المصغرة", "Vignette", ("thumbnail",)),
}

GUARDIAN_FIELDS = tuple(key for key in COLUMNS if key.startswith("guardian_"))


class AmbiguousHeader(ValueError):
    """Two columns of one importer share a header (a programming error)."""


def alias_table(fields: Iterable[str], numbered: Iterable[str] = ()) -> dict[str, str]:
    """Normalised header → field, for ``fields``; a ``numbered`` field ``f`` is also read as
    ``f1`` (its header as is, or ending in 1) and ``f2`` (ending in 2)."""
    table: dict[str, str] = {}

    def add(name: str, field: str) -> None:
        if table.setdefault(name, field) != field:
            raise AmbiguousHeader(f"«{name}» heads both {table[name]} and {field}")

    for field in fields:
        for name in COLUMNS[field].names:
            add(normalise_header(name), field)
    for field in numbered:
        for name in COLUMNS[field].names:
            norm = normalise_header(name)
            for suffix, key in (("", "1"), (" 1", "1"), ("1", "1"), (" 2", "2"), ("2", "2")):
                add(norm + suffix, field + key)
    return table


def check_unambiguous(fields: Iterable[str], numbered: Iterable[str] = ()) -> None:
    """``AmbiguousHeader`` if a header would mean two of these columns."""
    alias_table(fields, numbered)


def column_map(headers: Sequence[object], aliases: dict[str, str]) -> dict[str, int]:
    """Field → column index (the first column with one of its headers wins)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = aliases.get(normalise_header(cell_text(header)))
        if key and key not in found:
            found[key] = index
    return found


def find_header(
    table: Table,
    fields: Iterable[str],
    anchors: Sequence[str],
    *,
    numbered: Iterable[str] = (),
) -> tuple[Table, dict[str, int]]:
    """The table seen from its header row, and its columns.

    The header row is the first of the first ``HEADER_SEARCH_ROWS`` rows where every field of
    ``anchors`` has a column; when none has, the first row stays the header (so the importer
    names the missing columns).
    """
    aliases = alias_table(fields, numbered)
    rows = [(table.header_row, list(table.headers)), *table.rows]
    for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = column_map(cells, aliases)
        if all(anchor in columns for anchor in anchors):
            headers = [cell_text(cell) for cell in cells]
            return Table(headers, rows[position + 1 :], table.encoding, number), columns
    return table, column_map(table.headers, aliases)


def labels(fields: Iterable[str], language: str) -> list[str]:
    """The headers a template file writes for ``fields``, in ``language`` (ar or fr)."""
    return [getattr(COLUMNS[field], "fr" if language == "fr" else "ar") for field in fields]

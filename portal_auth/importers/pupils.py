"""Import pupils and their guardians for one school from a school export (CSV or XLSX).

One row per pupil: Massar code, names, birth date, class (and level/track when the class is
new), then up to two guardians (CIN, names, phone, relationship; the second guardian's columns
end in ``2``). The whole file is checked first; any error → nothing is written and every error
is reported as ``row N: message``. A dry run performs the same work inside a transaction that is
rolled back, so its preview counts are exact. Re-importing updates pupils and guardians (matched
by Massar code and CIN), moves pupils whose class changed (their account is kept) and never
duplicates. The names and phone of a guardian who also has a child at another school are never
changed by one school's file: the report lists what the file gives and what is kept instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from catalog.models import Level, Track
from library.imports.report import ImportReport

from ..conf import portal_setting
from ..models import (
    Enrolment,
    Guardian,
    GuardianLink,
    Pupil,
    School,
    SchoolClass,
    SchoolYear,
)
from ..schools.scoping import guardian_shared_beyond
from ..validators import (
    is_cin,
    is_massar_code,
    normalise_cin,
    normalise_massar_code,
    normalise_phone,
    validate_phone,
)
from .reading import TableError, cell_text, normalise_header, read_columns

PUPIL_FIELDS = (
    "massar_code",
    "last_name_ar",
    "first_name_ar",
    "last_name_latin",
    "first_name_latin",
    "birth_date",
    "class_name",
    "level",
    "track",
)
GUARDIAN_FIELDS = (
    "guardian_cin",
    "guardian_last_name_ar",
    "guardian_first_name_ar",
    "guardian_last_name_latin",
    "guardian_first_name_latin",
    "guardian_phone",
    "guardian_relationship",
)
ANCHORS = ("massar_code",)
# The template's columns: the pupil, then one guardian.
TEMPLATE_FIELDS = (*PUPIL_FIELDS, *GUARDIAN_FIELDS)
RELATIONSHIPS = {
    GuardianLink.Relationship.FATHER: ("pere", "père", "father", "الأب", "أب", "اب", "الاب"),
    GuardianLink.Relationship.MOTHER: ("mere", "mère", "mother", "الأم", "أم", "ام", "الام"),
    GuardianLink.Relationship.GUARDIAN: ("tuteur", "tutrice", "guardian", "الولي", "ولي", "الوصي"),
}


def parse_date(text: str) -> datetime.date | None:
    """``14/03/2009``, ``14-03-2009``, ``2009-03-14`` (and Excel dates, already ISO)."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _relationship(text: str) -> str:
    value = normalise_header(text)
    for key, names in RELATIONSHIPS.items():
        if value in {normalise_header(n) for n in names}:
            return key
    return GuardianLink.Relationship.OTHER if value else GuardianLink.Relationship.GUARDIAN


@dataclass
class PupilsImportReport(ImportReport):
    """What an import of pupils and guardians did (or, in a dry run, would do)."""

    encoding: str = ""
    pupils_created: int = 0
    pupils_updated: int = 0
    pupils_moved: int = 0
    classes_created: int = 0
    guardians_created: int = 0
    guardians_updated: int = 0
    links_created: int = 0
    notices: list[str] = field(default_factory=list)  # written anyway; staff should read them

    def summary(self) -> str:
        return _(
            "%(rows)d rows: %(pc)d pupils created, %(pu)d updated, %(pm)d changed class; "
            "%(cc)d classes created; %(gc)d guardians created, %(gu)d updated; %(lc)d links created."
        ) % {
            "rows": self.rows,
            "pc": self.pupils_created,
            "pu": self.pupils_updated,
            "pm": self.pupils_moved,
            "cc": self.classes_created,
            "gc": self.guardians_created,
            "gu": self.guardians_updated,
            "lc": self.links_created,
        }


class _RowError(Exception):
    pass


class _Rollback(Exception):
    pass


class PupilImporter:
    """Validate and apply one file for one school in the current school year."""

    def __init__(self, school: School, year: SchoolYear | None = None) -> None:
        self.school = school
        self.year = year or SchoolYear.objects.current()
        self.levels = {level.code.upper(): level for level in Level.objects.all()}
        self.tracks = list(Track.objects.all())
        self.noticed_cins: set[str] = set()

    # --- reading ----------------------------------------------------------------------------

    def run(self, data: bytes, filename: str, *, dry_run: bool) -> PupilsImportReport:
        report = PupilsImportReport(dry_run=dry_run)
        if len(data) > portal_setting("IMPORT_MAX_BYTES"):
            report.errors.append(_("The file is too large."))
            return report
        if self.year is None:
            report.errors.append(_("No school year is set up yet: ask an administrator."))
            return report
        try:
            table, columns = read_columns(
                data, filename, PUPIL_FIELDS, ANCHORS, numbered=GUARDIAN_FIELDS
            )
        except TableError as error:
            report.errors.append(str(error))
            return report
        report.encoding = table.encoding
        missing = [name for name in ("massar_code", "class_name") if name not in columns]
        if not any(
            k in columns
            for k in ("last_name_ar", "first_name_ar", "last_name_latin", "first_name_latin")
        ):
            missing.append("nom / النسب")
        if missing:
            report.errors.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
            return report
        rows = [(n, cells) for n, cells in table.rows if any(cell_text(c) for c in cells)]
        if len(rows) > portal_setting("IMPORT_MAX_ROWS"):
            report.errors.append(_("Too many rows in one file."))
            return report
        report.rows = len(rows)
        parsed = self._parse_all(rows, columns, report)
        if report.errors:
            return report
        try:
            with transaction.atomic():
                self._preload(parsed)
                for number, record in parsed:
                    try:
                        self._apply(record, report)
                    except _RowError as error:
                        report.errors.append(_("row %(n)d: %(msg)s") % {"n": number, "msg": error})
                if report.errors or dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        return report

    def _parse_all(self, rows, columns, report: PupilsImportReport) -> list[tuple[int, dict]]:
        parsed, seen = [], {}
        for number, cells in rows:

            def get(key: str, cells=cells) -> str:
                index = columns.get(key)
                return cell_text(cells[index]) if index is not None and index < len(cells) else ""

            try:
                record = self._parse_row(get)
            except _RowError as error:
                report.errors.append(_("row %(n)d: %(msg)s") % {"n": number, "msg": error})
                continue
            code = record["massar_code"]
            if code in seen:
                report.errors.append(
                    _("row %(n)d: Massar code %(code)s already appears on row %(first)d.")
                    % {"n": number, "code": code, "first": seen[code]}
                )
                continue
            seen[code] = number
            parsed.append((number, record))
        return parsed

    def _parse_row(self, get) -> dict:
        code = normalise_massar_code(get("massar_code"))
        if not is_massar_code(code):
            raise _RowError(
                _("“%(value)s” is not a Massar code (one letter and nine digits).")
                % {"value": get("massar_code")[:20]}
            )
        names = {
            k: get(k)[:80]
            for k in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")
        }
        if not any(names.values()):
            raise _RowError(_("the pupil has no name."))
        birth_text = get("birth_date")
        birth_date = parse_date(birth_text) if birth_text else None
        if birth_text and birth_date is None:
            raise _RowError(
                _("“%(value)s” is not a date (day/month/year).") % {"value": birth_text[:20]}
            )
        class_name = get("class_name")[:32]
        if not class_name:
            raise _RowError(_("the class is missing."))
        guardians = []
        for number in ("1", "2"):

            def of(key: str, number: str = number) -> str:
                return get(f"guardian_{key}{number}")

            cin_text = of("cin")
            if not cin_text:
                continue
            cin = normalise_cin(cin_text)
            if not is_cin(cin):
                raise _RowError(
                    _("“%(value)s” is not a CIN number (letters then digits).")
                    % {"value": cin_text[:20]}
                )
            phone_text = of("phone")
            phone = normalise_phone(phone_text) if phone_text else ""
            if phone:
                try:
                    validate_phone(phone)
                except ValidationError:
                    raise _RowError(
                        _("“%(value)s” is not a Moroccan phone number.")
                        % {"value": phone_text[:20]}
                    )
            guardian_names = {
                k: of(k)[:80]
                for k in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")
            }
            guardians.append(
                {
                    "cin": cin,
                    "phone": phone,
                    "names": guardian_names,
                    "relationship": _relationship(of("relationship")),
                }
            )
        if len({g["cin"] for g in guardians}) < len(guardians):
            raise _RowError(_("the same CIN is given for both guardians."))
        return {
            "massar_code": code,
            "names": names,
            "birth_date": birth_date,
            "class_name": class_name,
            "level": get("level"),
            "track": get("track"),
            "guardians": guardians,
        }

    # --- writing ----------------------------------------------------------------------------

    def _level_for(self, class_name: str, level_text: str) -> Level:
        if level_text:
            level = self.levels.get(level_text.upper().replace(" ", ""))
            if level is None:
                matches = [
                    lv for lv in self.levels.values() if level_text in (lv.name_ar, lv.name_fr)
                ]
                level = matches[0] if matches else None
            if level is None:
                raise _RowError(_("unknown level “%(value)s”.") % {"value": level_text[:20]})
            return level
        compact = re.sub(r"[\s\-_]", "", class_name.upper())
        for code in sorted(self.levels, key=len, reverse=True):
            if compact.startswith(code):
                return self.levels[code]
        raise _RowError(
            _("class “%(value)s” is new and its level is not given.") % {"value": class_name}
        )

    def _track_for(self, text: str, level: Level) -> Track | None:
        if not text:
            return None
        wanted = normalise_header(text)
        for track in self.tracks:
            if wanted in {
                normalise_header(track.slug),
                normalise_header(track.name_fr),
                normalise_header(track.name_ar),
            }:
                return track
        raise _RowError(_("unknown track “%(value)s”.") % {"value": text[:40]})

    def _preload(self, parsed: list[tuple[int, dict]]) -> None:
        """Read everything the file refers to in a handful of queries (not several per row)."""
        massar_codes = [record["massar_code"] for _n, record in parsed]
        cins = {g["cin"] for _n, record in parsed for g in record["guardians"]}
        self.classes = {
            c.name: c for c in SchoolClass.objects.filter(school=self.school, year=self.year)
        }
        self.pupils = {p.massar_code: p for p in Pupil.objects.filter(massar_code__in=massar_codes)}
        self.enrolments = {
            e.pupil_id: e
            for e in Enrolment.objects.filter(
                year=self.year, pupil__in=list(self.pupils.values())
            ).select_related("school_class")
        }
        self.guardians = {g.cin: g for g in Guardian.objects.filter(cin__in=cins)}
        self.links = {
            (link.guardian_id, link.pupil_id): link
            for link in GuardianLink.objects.filter(
                guardian__in=list(self.guardians.values()), pupil__in=list(self.pupils.values())
            )
        }

    def _class_for(self, record: dict, report: PupilsImportReport) -> SchoolClass:
        existing = self.classes.get(record["class_name"])
        if existing:
            return existing
        level = self._level_for(record["class_name"], record["level"])
        school_class = SchoolClass.objects.create(
            school=self.school,
            year=self.year,
            name=record["class_name"],
            level=level,
            track=self._track_for(record["track"], level),
        )
        self.classes[school_class.name] = school_class
        report.classes_created += 1
        return school_class

    def _apply(self, record: dict, report: PupilsImportReport) -> None:
        school_class = self._class_for(record, report)
        pupil = self.pupils.get(record["massar_code"])
        values = {k: v for k, v in record["names"].items() if v}
        if record["birth_date"]:
            values["birth_date"] = record["birth_date"]
        enrolment = self.enrolments.get(pupil.pk) if pupil else None
        if pupil is None:
            pupil = Pupil.objects.create(massar_code=record["massar_code"], **values)
            self.pupils[pupil.massar_code] = pupil
            report.pupils_created += 1
        else:
            if enrolment and enrolment.school_class.school_id != self.school.pk:
                raise _RowError(
                    _(
                        "Massar code %(code)s is enrolled in another school this year; ask the directorate."
                    )
                    % {"code": pupil.massar_code}
                )
            if any(getattr(pupil, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(pupil, key, value)
                pupil.save(update_fields=list(values))
                report.pupils_updated += 1
        if enrolment is None:
            self.enrolments[pupil.pk] = Enrolment.objects.create(
                pupil=pupil, school_class=school_class, year=self.year
            )
        elif enrolment.school_class_id != school_class.pk:
            enrolment.school_class = school_class
            enrolment.save(update_fields=["school_class"])
            report.pupils_moved += 1
        for data in record["guardians"]:
            self._apply_guardian(pupil, data, report)

    def _apply_guardian(self, pupil: Pupil, data: dict, report: PupilsImportReport) -> None:
        values = {k: v for k, v in data["names"].items() if v}
        if data["phone"]:
            values["phone"] = data["phone"]
        guardian = self.guardians.get(data["cin"])
        if guardian is None:
            if not any(data["names"].values()):
                raise _RowError(_("guardian %(cin)s has no name.") % {"cin": data["cin"]})
            guardian = Guardian.objects.create(cin=data["cin"], **values)
            self.guardians[guardian.cin] = guardian
            report.guardians_created += 1
        elif any(getattr(guardian, k) != v for k, v in values.items()):
            in_this_file = [p.pk for p in self.pupils.values()]
            if guardian_shared_beyond(guardian, self.school, self.year, also_here=in_this_file):
                self._notice_shared_guardian(guardian, values, report)
                values = {}
            for key, value in values.items():
                setattr(guardian, key, value)
            if values:
                guardian.save(update_fields=list(values))
                report.guardians_updated += 1
        link = self.links.get((guardian.pk, pupil.pk))
        if link is None:
            self.links[(guardian.pk, pupil.pk)] = GuardianLink.objects.create(
                guardian=guardian, pupil=pupil, relationship=data["relationship"]
            )
            report.links_created += 1
        elif link.relationship != data["relationship"]:
            link.relationship = data["relationship"]
            link.save(update_fields=["relationship"])

    def _notice_shared_guardian(self, guardian: Guardian, values: dict, report: PupilsImportReport):
        """Once per CIN and file: what the file gives, what stays, and whom to tell."""
        if guardian.cin in self.noticed_cins:
            return
        self.noticed_cins.add(guardian.cin)
        differing = [k for k, v in values.items() if getattr(guardian, k) != v]

        def described(source) -> str:
            return "; ".join(
                f"{capfirst(Guardian._meta.get_field(k).verbose_name)}: {source(k) or '—'}"
                for k in differing
            )

        report.notices.append(
            _(
                "Guardian %(cin)s also has a child at another school, so this file does not change "
                "their name or phone. The file gives: %(given)s. Kept: %(kept)s. If the file is "
                "right, tell the directorate: both schools share this record."
            )
            % {
                "cin": guardian.cin,
                "given": described(values.get),
                "kept": described(lambda k: getattr(guardian, k)),
            }
        )


def import_pupils(
    school: School, data: bytes, filename: str, *, dry_run: bool
) -> PupilsImportReport:
    """Check (``dry_run``) or import one file for ``school``; atomic either way."""
    return PupilImporter(school).run(data, filename, dry_run=dry_run)

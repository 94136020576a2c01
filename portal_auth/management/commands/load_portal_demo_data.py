"""``python manage.py load_portal_demo_data``: a small school world to try the portal (dev only).

Creates (or finds again) a directorate of Casablanca-Settat, two schools, the current school
year, classes, pupils and guardians — one guardian with two children in different schools — and
a demo director, then prints fresh activation codes. Running it again re-issues the codes.
The director's password is random and printed once (or taken from
``MAKTABA_DEMO_DIRECTOR_PASSWORD`` and not printed); a later run keeps it unless
``--reset-passwords`` is given.
Named apart from the catalogue's ``load_demo_data`` so neither command hides the other.
"""

import datetime
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from catalog.models import Level, Track
from portal_auth.accounts import codes
from portal_auth.models import (
    Academy,
    Directorate,
    Enrolment,
    Guardian,
    GuardianLink,
    Pupil,
    School,
    SchoolClass,
    SchoolYear,
    StaffRole,
)

DIRECTOR_PASSWORD_VARIABLE = "MAKTABA_DEMO_DIRECTOR_PASSWORD"

SCHOOLS = [
    # code, ar, fr, classes: (name, level, track)
    (
        "DEMO-L1",
        "ثانوية ابن بطوطة التأهيلية",
        "Lycée Ibn Battouta",
        [("1BAC-SE-1", "1BAC", "sciences-experimentales")],
    ),
    ("DEMO-C1", "إعدادية الخوارزمي", "Collège Al Khawarizmi", [("2AC-1", "2AC", None)]),
]
PUPILS = [
    # massar, school, class, first ar, last ar, first latin, last latin, birth
    ("J130000001", "DEMO-L1", "1BAC-SE-1", "سلمى", "العلوي", "Salma", "Alaoui", (2008, 3, 14)),
    ("J130000002", "DEMO-L1", "1BAC-SE-1", "يوسف", "بناني", "Youssef", "Bennani", (2008, 11, 2)),
    ("J130000003", "DEMO-C1", "2AC-1", "آدم", "العلوي", "Adam", "Alaoui", (2012, 1, 9)),
    ("J130000004", "DEMO-C1", "2AC-1", "هند", "التازي", "Hind", "Tazi", (2012, 6, 21)),
]
GUARDIANS = [
    # cin, first ar, last ar, first latin, last latin, phone, children (massar, relationship)
    (
        "BE100001",
        "محمد",
        "العلوي",
        "Mohammed",
        "Alaoui",
        "+212612345678",
        [("J130000001", "father"), ("J130000003", "father")],
    ),
    (
        "BE100002",
        "فاطمة",
        "بناني",
        "Fatima",
        "Bennani",
        "+212661000111",
        [("J130000002", "mother")],
    ),
]


class Command(BaseCommand):
    help = "Create demo schools, pupils and guardians and print activation codes (dev only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the existing demo director a new password (printed).",
        )

    def handle(self, *args, force: bool, reset_passwords: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development: set DEBUG or pass --force.")
        with transaction.atomic():
            lines = self._load(reset_passwords=reset_passwords)
        for line in lines:
            self.stdout.write(line)

    def _load(self, *, reset_passwords: bool) -> list[str]:
        academy = Academy.objects.get(slug="casablanca-settat")
        directorate, _ = Directorate.objects.get_or_create(
            code="DEMO-ANFA",
            defaults={"academy": academy, "name_ar": "مديرية أنفا", "name_fr": "Direction d'Anfa"},
        )
        year = SchoolYear.objects.filter(is_current=True).first()
        if year is None:
            start = datetime.date.today().year - (1 if datetime.date.today().month < 9 else 0)
            year, _ = SchoolYear.objects.get_or_create(
                label=f"{start}-{start + 1}",
                defaults={
                    "starts_on": datetime.date(start, 9, 1),
                    "ends_on": datetime.date(start + 1, 7, 15),
                },
            )
            SchoolYear.objects.filter(pk=year.pk).update(is_current=True)
        classes = {}
        for code, ar, fr, class_rows in SCHOOLS:
            school, _ = School.objects.get_or_create(
                code=code, defaults={"directorate": directorate, "name_ar": ar, "name_fr": fr}
            )
            for name, level, track in class_rows:
                classes[name], _ = SchoolClass.objects.get_or_create(
                    school=school,
                    year=year,
                    name=name,
                    defaults={
                        "level": Level.objects.get(code=level),
                        "track": Track.objects.get(slug=track) if track else None,
                    },
                )
        pupils = {}
        for massar, _school, class_name, far, lar, flat, llat, birth in PUPILS:
            pupil, _ = Pupil.objects.get_or_create(
                massar_code=massar,
                defaults={
                    "first_name_ar": far,
                    "last_name_ar": lar,
                    "first_name_latin": flat,
                    "last_name_latin": llat,
                    "birth_date": datetime.date(*birth),
                },
            )
            Enrolment.objects.get_or_create(
                pupil=pupil, year=year, defaults={"school_class": classes[class_name]}
            )
            pupils[massar] = pupil
        links = []
        for cin, far, lar, flat, llat, phone, children in GUARDIANS:
            guardian, _ = Guardian.objects.get_or_create(
                cin=cin,
                defaults={
                    "first_name_ar": far,
                    "last_name_ar": lar,
                    "first_name_latin": flat,
                    "last_name_latin": llat,
                    "phone": phone,
                },
            )
            for massar, relationship in children:
                link, _ = GuardianLink.objects.get_or_create(
                    guardian=guardian, pupil=pupils[massar], defaults={"relationship": relationship}
                )
                links.append(link)
        User = get_user_model()
        director, created = User.objects.get_or_create(username="demo-director")
        shown = gettext("(unchanged; use --reset-passwords for a new one)")
        if created or reset_passwords:
            shown = set_director_password(director)
        if created:
            StaffRole.objects.create(
                user=director,
                role="director",
                scope="school",
                school=School.objects.get(code="DEMO-L1"),
            )
        if not director.email:
            # The e-book reaches directors by their official e-mail.
            director.email = "directeur.demo@men.gov.ma"
            director.save(update_fields=["email"])
        # The catalogue's demo regional editor sends the e-book to this academy's directors.
        editor = User.objects.filter(username="editor").first()
        if editor is not None:
            StaffRole.objects.get_or_create(
                user=editor, role="regional_editor", scope="academy", academy=academy
            )
        lines = [
            "Demo director (admin at /admin/): demo-director / " + shown,
            "Pupil activation codes (/account/activate/pupil/):",
        ]
        for pupil in pupils.values():
            if pupil.user_id is None:
                issued = codes.issue_pupil_code(pupil)
                lines.append(
                    f"  {pupil.massar_code}  {pupil.full_name_latin:<18} {issued.printable}"
                )
        lines.append("Guardian codes (/account/activate/guardian/): CIN, child's Massar code, code")
        for link in links:
            if link.confirmed_at is None:
                issued = codes.issue_guardian_code(link)
                lines.append(f"  {link.guardian.cin}  {link.pupil.massar_code}  {issued.printable}")
        return lines


def set_director_password(director) -> str:
    """Give the director the operator's password, or a random one; return what to print."""
    chosen = os.environ.get(DIRECTOR_PASSWORD_VARIABLE, "")
    password = chosen or secrets.token_urlsafe(12)
    director.set_password(password)
    director.save()
    if chosen:
        return gettext("(the password in %(variable)s)") % {"variable": DIRECTOR_PASSWORD_VARIABLE}
    return password

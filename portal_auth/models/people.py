"""People: pupils, their enrolments, guardians and guardian–pupil links, staff roles.

Law 09-08 applies and most data subjects are minors: only what the service needs is kept
(identifiers used for login, names, birth date to tell homonyms apart, a contact for guardians).
No addresses, no photos, no health or family details.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..validators import validate_cin, validate_massar_code, validate_phone
from .organisation import Academy, Directorate, School, SchoolClass, SchoolYear


class PersonName(models.Model):
    """Abstract base: first and last names in Arabic and in Latin script."""

    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=80, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic)"), max_length=80, blank=True)
    first_name_latin = models.CharField(_("first name (Latin)"), max_length=80, blank=True)
    last_name_latin = models.CharField(_("last name (Latin)"), max_length=80, blank=True)

    class Meta:
        abstract = True

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def full_name_latin(self) -> str:
        return f"{self.first_name_latin} {self.last_name_latin}".strip()

    @property
    def full_name(self) -> str:
        """The name in the script of the active language, falling back to the other one."""
        lang = (get_language() or "ar").split("-")[0]
        if lang == "ar":
            return self.full_name_ar or self.full_name_latin
        return self.full_name_latin or self.full_name_ar

    def clean(self) -> None:
        if not (self.full_name_ar or self.full_name_latin):
            raise ValidationError(_("Enter a name in Arabic or in Latin script."))


class Pupil(PersonName):
    """A pupil, known by their Massar code; the account (``user``) exists once activated."""

    massar_code = models.CharField(
        _("Massar code"), max_length=10, unique=True, validators=[validate_massar_code]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["last_name_latin", "first_name_latin", "massar_code"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.massar_code})"

    def enrolment_for(self, year: SchoolYear | None = None) -> Enrolment | None:
        """The pupil's enrolment in ``year`` (the current year by default)."""
        year = year or SchoolYear.objects.current()
        if year is None:
            return None
        return self.enrolments.select_related("school_class__school").filter(year=year).first()

    @property
    def current_class(self) -> SchoolClass | None:
        enrolment = self.enrolment_for()
        return enrolment.school_class if enrolment else None

    @property
    def current_school(self) -> School | None:
        school_class = self.current_class
        return school_class.school if school_class else None


class Enrolment(models.Model):
    """A pupil in a class for one school year; a change of class keeps the pupil (and account)."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("pupil")
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("class")
    )
    year = models.ForeignKey(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("school year"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "year"], name="one_enrolment_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.pupil} → {self.school_class}"

    def clean(self) -> None:
        if self.school_class_id and self.year_id and self.school_class.year_id != self.year_id:
            raise ValidationError(_("The class belongs to another school year."))

    def save(self, *args, **kwargs) -> None:
        # The year always follows the class, so the two can never disagree.
        if self.school_class_id and not self.year_id:
            self.year_id = self.school_class.year_id
        super().save(*args, **kwargs)


class Guardian(PersonName):
    """A parent or legal guardian, known by their CIN; consents for the minor (law 09-08)."""

    cin = models.CharField(
        _("national ID card number (CIN)"), max_length=8, unique=True, validators=[validate_cin]
    )
    phone = models.CharField(_("phone"), max_length=13, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    consented_at = models.DateTimeField(
        _("consented to the processing of data"),
        null=True,
        blank=True,
        help_text=_("Set when the guardian activates their account and accepts the notice."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["last_name_latin", "first_name_latin", "cin"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.cin})"


class GuardianLink(models.Model):
    """A guardian's link to a pupil, as the school recorded it.

    The school creates the link (import or admin); the guardian's account sees the child only
    once the guardian has entered the code printed for that child (``confirmed_at``), and only
    while the child's school has not suspended the link (``suspended_at``). A guardian with
    children at several schools has one account and one link per child: each school suspends
    its own links, never the account. A link recorded under the wrong guardian is *ended*
    (``ended_at``, with ``suspended_at``) and a new link made for the right one
    (``accounts/relinking.py``); an ended link is never lifted again.
    """

    class Relationship(models.TextChoices):
        FATHER = "father", _("father")
        MOTHER = "mother", _("mother")
        GUARDIAN = "guardian", _("legal guardian")
        OTHER = "other", _("other")

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="links", verbose_name=_("guardian")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="guardian_links", verbose_name=_("pupil")
    )
    relationship = models.CharField(
        _("relationship"),
        max_length=16,
        choices=Relationship.choices,
        default=Relationship.GUARDIAN,
    )
    confirmed_at = models.DateTimeField(_("confirmed by the guardian"), null=True, blank=True)
    suspended_at = models.DateTimeField(
        _("suspended by the school"),
        null=True,
        blank=True,
        help_text=_("While set, the guardian's account does not see this child."),
    )
    ended_at = models.DateTimeField(
        _("ended by the school"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the school moved this link to the right guardian: the link stays for the "
            "audit, suspended, and never opens again."
        ),
    )

    class Meta:
        verbose_name = _("guardian link")
        verbose_name_plural = _("guardian links")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "pupil"], name="unique_guardian_pupil")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} – {self.pupil} ({self.get_relationship_display()})"


class StaffRole(models.Model):
    """What a staff user does and where: a role with a scope (a school, directorate or academy)."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("director")
        ADMIN_STAFF = "admin_staff", _("administrative staff")
        TEACHER = "teacher", _("teacher")
        # Sends the e-book to the academy's directors and imports them; sees no pupil.
        REGIONAL_EDITOR = "regional_editor", _("regional editor")

    class Scope(models.TextChoices):
        SCHOOL = "school", _("school")
        DIRECTORATE = "directorate", _("directorate")
        ACADEMY = "academy", _("academy")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.SCHOOL)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_roles"
    )
    directorate = models.ForeignKey(
        Directorate, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_roles"
    )
    academy = models.ForeignKey(
        Academy, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_roles"
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            # Exactly the foreign key named by ``scope`` is set.
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="school",
                        school__isnull=False,
                        directorate__isnull=True,
                        academy__isnull=True,
                    )
                    | Q(
                        scope="directorate",
                        school__isnull=True,
                        directorate__isnull=False,
                        academy__isnull=True,
                    )
                    | Q(
                        scope="academy",
                        school__isnull=True,
                        directorate__isnull=True,
                        academy__isnull=False,
                    )
                ),
                name="staff_role_scope_matches_target",
            ),
            models.CheckConstraint(
                condition=~Q(role="teacher") | Q(scope="school"), name="teacher_scope_is_school"
            ),
            models.CheckConstraint(
                condition=~Q(role="regional_editor") | Q(scope="academy"),
                name="regional_editor_scope_is_academy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_target}"

    @property
    def scope_target(self) -> School | Directorate | Academy | None:
        return {"school": self.school, "directorate": self.directorate, "academy": self.academy}[
            self.scope
        ]

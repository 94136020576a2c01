"""One CIN, two schools in two academies: a school cannot pre-empt or rewrite a shared guardian.

School A (Casablanca-Settat) records the CIN of a guardian whose child is at school B
(Rabat-Salé-Kénitra) against one of its own pupils and activates the account first with its own
code. That account reaches A's pupil only: each link is activated by its own school's code. B's
code, entered on the activation form, is not a dead end: whoever holds the account signs in
with its password on the same page and B's child is added. If the person with B's slip does not
know that password, nothing of either child is shown and the page says plainly what to do.

An import by one school never rewrites the names or phone of a guardian another school shares:
the report says what differs instead.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal_auth.accounts import activation, codes
from portal_auth.importers.pupils import import_pupils
from portal_auth.models import Academy, ActivationCode, Guardian, GuardianLink
from tests.factories.records import year_containing_today
from tests.factories.schools import (
    link_guardian,
    make_class,
    make_directorate,
    make_guardian,
    make_pupil,
    make_school,
    make_school_year,
    make_staff,
)

pytestmark = pytest.mark.django_db

A_PASSWORD = "opened-by-school-a-1"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    year = year_containing_today()
    school_a = make_school(make_directorate(Academy.objects.get(slug="casablanca-settat")))
    school_b = make_school(make_directorate(Academy.objects.get(slug="rabat-sale-kenitra")))
    pupil_a = make_pupil(make_class(school_a, level="2BAC", year=year))
    pupil_b = make_pupil(make_class(school_b, level="2BAC", year=year))
    guardian = make_guardian(phone="+212612345678", last_name_latin="Bennani")
    return {
        "guardian": guardian,
        "school_a": school_a,
        "school_b": school_b,
        "pupil_a": pupil_a,
        "pupil_b": pupil_b,
        "link_a": link_guardian(guardian, pupil_a, confirmed=False),
        "link_b": link_guardian(guardian, pupil_b, confirmed=False),
        "staff_a": make_staff("admin_staff", school_a),
        "staff_b": make_staff("admin_staff", school_b),
    }


def code_for(link, staff) -> str:
    return codes.issue_guardian_code(link, staff).printable


def activate(client, guardian, pupil, code, password):
    return client.post(
        reverse("portal_auth:activate_guardian"),
        {
            "cin": guardian.cin,
            "massar_code": pupil.massar_code,
            "code": code,
            "password1": password,
            "password2": password,
            "consent": "on",
        },
    )


def visible(client) -> set[int]:
    user = client.session.get("_auth_user_id")
    if user is None:
        return set()
    from django.contrib.auth import get_user_model

    from portal_auth.schools.scoping import pupils_for_account

    return set(
        pupils_for_account(get_user_model().objects.get(pk=user)).values_list("pk", flat=True)
    )


def pre_empt(world) -> Client:
    """School A's slip activates the account first."""
    holder = Client()
    response = activate(
        holder,
        world["guardian"],
        world["pupil_a"],
        code_for(world["link_a"], world["staff_a"]),
        A_PASSWORD,
    )
    assert response.status_code == 302
    return holder


def test_the_first_schools_code_opens_only_its_own_link(world):
    holder = pre_empt(world)
    assert visible(holder) == {world["pupil_a"].pk}
    world["link_b"].refresh_from_db()
    assert world["link_b"].confirmed_at is None


def test_a_second_schools_code_offers_to_sign_in_and_adds_that_link(world):
    holder = pre_empt(world)
    code_b = code_for(world["link_b"], world["staff_b"])
    guardian, pupil_b = world["guardian"], world["pupil_b"]
    response = activate(Client(), guardian, pupil_b, code_b, "whatever-new-pass-1")
    assert response.status_code == 200
    page = response.content.decode()
    # Not a dead end: the same page asks for the account's password, the code carried along.
    action = reverse("portal_auth:activate_guardian_existing")
    assert f'action="{action}"' in page
    assert str(activation.EXISTING_ACCOUNT_MESSAGE) in page
    assert str(activation.NOT_YOUR_ACCOUNT_HELP) in page
    owner = Client()
    response = owner.post(
        action,
        {
            "cin": guardian.cin,
            "massar_code": pupil_b.massar_code,
            "code": code_b,
            "password": A_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert visible(owner) == {world["pupil_a"].pk, pupil_b.pk}
    assert visible(holder) == {world["pupil_a"].pk, pupil_b.pk}  # the same account
    assert ActivationCode.objects.get(guardian=guardian, pupil=pupil_b).status == "used"
    guardian.refresh_from_db()
    assert guardian.user.check_password(A_PASSWORD)


def test_the_wrong_password_adds_nothing_and_keeps_the_code(world):
    holder = pre_empt(world)
    code_b = code_for(world["link_b"], world["staff_b"])
    guardian, pupil_b = world["guardian"], world["pupil_b"]
    stranger = Client()
    response = stranger.post(
        reverse("portal_auth:activate_guardian_existing"),
        {
            "cin": guardian.cin,
            "massar_code": pupil_b.massar_code,
            "code": code_b,
            "password": "not-the-password",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert str(activation.NOT_YOUR_ACCOUNT_HELP) in page
    assert visible(stranger) == set()
    assert visible(holder) == {world["pupil_a"].pk}
    assert ActivationCode.objects.get(guardian=guardian, pupil=pupil_b).status == "active"
    world["link_b"].refresh_from_db()
    assert world["link_b"].confirmed_at is None
    guardian.refresh_from_db()
    assert guardian.user.check_password(A_PASSWORD)


def test_the_right_password_with_a_wrong_code_adds_nothing(world):
    pre_empt(world)
    code_for(world["link_b"], world["staff_b"])
    guardian, pupil_b = world["guardian"], world["pupil_b"]
    client = Client()
    response = client.post(
        reverse("portal_auth:activate_guardian_existing"),
        {
            "cin": guardian.cin,
            "massar_code": pupil_b.massar_code,
            "code": "AAAA-BBBB-CCCC-DD",
            "password": A_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert visible(client) == set()
    world["link_b"].refresh_from_db()
    assert world["link_b"].confirmed_at is None


GUARDIAN_HEADERS = (
    "Code Massar,Nom,Prénom,Classe,CIN tuteur,Nom tuteur,Prénom tuteur,Téléphone,Lien"
)


def pupils_file(pupil, school_class_name, guardian, last_name, phone) -> bytes:
    return (
        f"{GUARDIAN_HEADERS}\n"
        f"{pupil.massar_code},{pupil.last_name_latin},{pupil.first_name_latin},{school_class_name},"
        f"{guardian.cin},{last_name},Mohammed,{phone},Père\n"
    ).encode()


def test_an_import_never_rewrites_a_guardian_another_school_shares(world):
    guardian, pupil_a = world["guardian"], world["pupil_a"]
    data = pupils_file(pupil_a, pupil_a.current_class.name, guardian, "Someone Else", "0661000111")
    report = import_pupils(world["school_a"], data, "eleves.csv", dry_run=False)
    assert report.errors == []
    guardian.refresh_from_db()
    assert (guardian.last_name_latin, guardian.first_name_latin, guardian.phone) == (
        "Bennani",
        "Mohammed",
        "+212612345678",
    )
    assert report.guardians_updated == 0
    # The difference is reported plainly, with the CIN and what was kept.
    assert len(report.notices) == 1
    notice = report.notices[0]
    assert guardian.cin in notice and "another school" in notice
    assert "Someone Else" in notice and "Bennani" in notice and "+212661000111" in notice


def test_the_import_preview_shows_the_difference(world):
    guardian, pupil_a = world["guardian"], world["pupil_a"]
    client = Client()
    client.force_login(world["staff_a"], backend="portal_auth.accounts.backends.StaffModelBackend")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "eleves.csv",
        pupils_file(pupil_a, pupil_a.current_class.name, guardian, "Someone Else", "0661000111"),
    )
    response = client.post(
        reverse("portal_auth_staff:import"),
        {"school": world["school_a"].pk, "file": upload},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/admin/portal/import/runs/")
    assert guardian.cin in page and "Someone Else" in page


def test_an_import_still_updates_a_guardian_only_its_school_has(world):
    guardian, pupil_a = world["guardian"], world["pupil_a"]
    GuardianLink.objects.filter(pk=world["link_b"].pk).delete()
    data = pupils_file(pupil_a, pupil_a.current_class.name, guardian, "Tazi", "0661000111")
    report = import_pupils(world["school_a"], data, "eleves.csv", dry_run=False)
    assert report.errors == [] and report.notices == []
    guardian.refresh_from_db()
    assert (guardian.last_name_latin, guardian.phone) == ("Tazi", "+212661000111")
    assert report.guardians_updated == 1


def test_an_import_linking_a_known_cin_to_a_new_pupil_keeps_the_other_schools_names(world):
    guardian = world["guardian"]
    data = (
        f"{GUARDIAN_HEADERS}\n"
        f"K140000009,Tazi,Omar,{world['pupil_a'].current_class.name},{guardian.cin},Tazi,Ahmed,,Père\n"
    ).encode()
    GuardianLink.objects.filter(pk=world["link_a"].pk).delete()
    report = import_pupils(world["school_a"], data, "eleves.csv", dry_run=False)
    assert report.errors == [] and report.links_created == 1
    guardian.refresh_from_db()
    assert (guardian.last_name_latin, guardian.first_name_latin) == ("Bennani", "Mohammed")
    assert len(report.notices) == 1
    assert Guardian.objects.filter(cin=guardian.cin).count() == 1


def test_a_guardian_whose_other_children_are_in_the_same_file_is_not_shared(world):
    guardian, pupil_a = world["guardian"], world["pupil_a"]
    GuardianLink.objects.filter(pk=world["link_b"].pk).delete()
    last_year = make_school_year("2019-2020", current=False)
    sibling = make_pupil(make_class(world["school_a"], level="2BAC", year=last_year))
    link_guardian(guardian, sibling)
    class_name = pupil_a.current_class.name
    data = (
        f"{GUARDIAN_HEADERS}\n"
        f"{pupil_a.massar_code},Alaoui,Salma,{class_name},{guardian.cin},Tazi,Ahmed,,Père\n"
        f"{sibling.massar_code},Alaoui,Adam,{class_name},{guardian.cin},Tazi,Ahmed,,Père\n"
    ).encode()
    report = import_pupils(world["school_a"], data, "eleves.csv", dry_run=False)
    assert report.errors == [] and report.notices == []
    guardian.refresh_from_db()
    assert guardian.last_name_latin == "Tazi"

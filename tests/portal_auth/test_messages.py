"""Messages to the school: threads, escaping, attachments by magic bytes, limits, read state."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from portal_auth.desk.document_requests import RequestError
from portal_auth.desk.school_messages import reply, start_thread
from portal_auth.models import MessageThread, Notification, ThreadPost
from tests.factories.desk import desk_staff, family, in_english  # noqa: F401  (fixture)
from tests.factories.schools import give_pupil_account, make_pupil

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def home():
    school, pupil, _guardian, user = family()
    return school, pupil, user


def _new(client, pupil, **extra):
    data = {
        "pupil": pupil.pk,
        "category": "question",
        "subject": "Emploi du temps",
        "body": "Bonjour",
    } | extra
    return client.post(reverse("portal_auth:thread_new"), data)


def test_html_and_script_are_shown_as_text_everywhere(client, home):
    school, pupil, user = home
    client.force_login(user)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = _new(client, pupil, subject=payload, body=payload)
    assert response.status_code == 302
    thread = MessageThread.objects.get()
    assert thread.posts.get().body == payload  # stored as typed
    for url in (
        reverse("portal_auth:thread_detail", args=[thread.pk]),
        reverse("portal_auth:thread_list"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    staff = desk_staff(school)
    client.force_login(staff)
    for url in (
        reverse("portal_requests_staff:thread", args=[thread.pk]),
        reverse("portal_requests_staff:threads"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_one_megabyte_message_is_refused_with_a_clear_message(client, home):
    _school, pupil, user = home
    client.force_login(user)
    response = _new(client, pupil, body="ب" * 1_000_000, subject="س" * 100_000)
    assert response.status_code == 200
    assert "too long" in response.content.decode()
    assert len(response.content) < 50_000  # the refused text is not sent back
    assert not MessageThread.objects.exists()


def test_daily_limit_per_pupil_counts_pupil_and_guardians(client, home, settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "MESSAGES_PER_DAY": 2}
    _school, pupil, user = home
    pupil_user = give_pupil_account(pupil)
    thread = start_thread(user, pupil, "idea", "Club", "Un club d'échecs ?")
    start_thread(pupil_user, pupil, "suggestion", "Bibliothèque", "Plus de livres")
    with pytest.raises(RequestError) as error:
        start_thread(user, pupil, "question", "Encore", "Et encore")
    assert "limit" in str(error.value.message)
    client.force_login(user)
    response = client.post(
        reverse("portal_auth:thread_detail", args=[thread.pk]), {"body": "une réponse"}
    )
    assert response.status_code == 200 and "limit" in response.content.decode()
    assert ThreadPost.objects.count() == 2


def test_a_child_not_theirs_is_refused(client, home):
    _school, _pupil, user = home
    stranger = make_pupil()
    with pytest.raises(RequestError):
        start_thread(user, stranger, "question", "x", "y")
    client.force_login(user)
    assert _new(client, stranger).status_code == 200
    assert not MessageThread.objects.exists()


def test_attachments_are_checked_by_their_bytes_not_their_name(client, home):
    _school, pupil, user = home
    client.force_login(user)
    fake = SimpleUploadedFile("bulletin.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = _new(client, pupil, attachment=fake)
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not MessageThread.objects.exists()
    html = SimpleUploadedFile("photo.png", b"<html><script>x</script>", "image/png")
    assert _new(client, pupil, attachment=html).status_code == 200
    real = SimpleUploadedFile("photo.jpg", png_bytes(), "image/jpeg")  # a PNG, misnamed: fine
    assert _new(client, pupil, attachment=real).status_code == 302
    post = ThreadPost.objects.get()
    assert post.attachment_type == "image/png" and post.attachment.name.endswith(".png")
    assert "photo" not in post.attachment.name


def test_attachments_have_a_size_limit(client, home, settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ATTACHMENT_MAX_BYTES": 1000}
    _school, pupil, user = home
    client.force_login(user)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf")
    response = _new(client, pupil, attachment=big)
    assert response.status_code == 200 and "too large" in response.content.decode()
    assert not ThreadPost.objects.exists()


def test_attachments_are_served_only_to_the_thread(client, home):
    school, pupil, user = home
    thread = start_thread(
        user,
        pupil,
        "complaint",
        "Photo",
        "Voir la pièce jointe",
        SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    post = thread.posts.get()
    url = reverse("portal_auth:attachment", args=[post.pk])
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(desk_staff(school))
    assert client.get(url).status_code == 200
    other_school, _p, _g, other_user = family()
    for who in (other_user, desk_staff(other_school)):
        client.force_login(who)
        assert client.get(url).status_code == 404


def test_staff_reply_marks_unread_and_notifies_the_author(client, home):
    school, pupil, user = home
    thread = start_thread(user, pupil, "question", "Horaires", "Quand ouvre le bureau ?")
    assert thread.unread_for_staff() and not thread.unread_for_author()
    staff = desk_staff(school)
    client.force_login(staff)
    client.get(reverse("portal_requests_staff:thread", args=[thread.pk]))
    thread.refresh_from_db()
    assert not thread.unread_for_staff()
    response = client.post(
        reverse("portal_requests_staff:thread", args=[thread.pk]), {"body": "De 8h à 12h."}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.unread_for_author()
    assert Notification.objects.get().recipient == user
    client.force_login(user)
    listing = client.get(reverse("portal_auth:thread_list")).content.decode()
    assert "De 8h" not in listing  # the list shows subjects, not bodies
    client.get(reverse("portal_auth:thread_detail", args=[thread.pk]))
    thread.refresh_from_db()
    assert not thread.unread_for_author()


def test_staff_of_another_school_cannot_read_or_reply(client, home):
    _school, pupil, user = home
    thread = start_thread(user, pupil, "question", "x", "y")
    outsider = desk_staff(family()[0])
    with pytest.raises(RequestError):
        reply(thread, outsider, "intrusion")
    client.force_login(outsider)
    url = reverse("portal_requests_staff:thread", args=[thread.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "intrusion"}).status_code == 404
    assert thread.posts.count() == 1


def _submission_key(html: str) -> str:
    import re

    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries a one-time submission key"
    return match.group(1)


def test_a_double_submitted_message_creates_one_thread(client, home):
    _school, pupil, user = home
    client.force_login(user)
    key = _submission_key(client.get(reverse("portal_auth:thread_new")).content.decode())
    first = _new(client, pupil, submission_key=key)
    second = _new(client, pupil, submission_key=key)
    assert first.status_code == second.status_code == 302
    thread = MessageThread.objects.get()
    assert first["Location"] == second["Location"]
    assert first["Location"].endswith(reverse("portal_auth:thread_detail", args=[thread.pk]))
    assert ThreadPost.objects.count() == 1
    # A new visit to the form is a new message.
    key = _submission_key(client.get(reverse("portal_auth:thread_new")).content.decode())
    assert key and _new(client, pupil, submission_key=key).status_code == 302
    assert MessageThread.objects.count() == 2


def test_a_double_submit_at_the_daily_limit_still_leads_to_the_thread(client, home, settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "MESSAGES_PER_DAY": 1}
    _school, pupil, user = home
    client.force_login(user)
    key = _submission_key(client.get(reverse("portal_auth:thread_new")).content.decode())
    first = _new(client, pupil, submission_key=key)
    second = _new(client, pupil, submission_key=key)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert MessageThread.objects.count() == 1


def test_a_key_is_only_good_for_its_author(client, home):
    _school, pupil, user = home
    client.force_login(user)
    key = _submission_key(client.get(reverse("portal_auth:thread_new")).content.decode())
    assert _new(client, pupil, submission_key=key).status_code == 302
    pupil_user = give_pupil_account(pupil)
    client.force_login(pupil_user)
    response = _new(client, pupil, submission_key=key)
    assert response.status_code == 302
    assert MessageThread.objects.count() == 2
    assert MessageThread.objects.filter(author=pupil_user).exists()


def test_a_double_submitted_staff_reply_is_posted_and_notified_once(client, home):
    school, pupil, user = home
    thread = start_thread(user, pupil, "question", "Horaires", "Bonjour")
    client.force_login(desk_staff(school))
    url = reverse("portal_requests_staff:thread", args=[thread.pk])
    key = _submission_key(client.get(url).content.decode())
    for _ in range(2):
        response = client.post(url, {"body": "Réponse", "submission_key": key})
        assert response.status_code == 302
    assert thread.posts.filter(from_staff=True).count() == 1
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_double_submitted_reply_is_posted_once(client, home):
    _school, pupil, user = home
    thread = start_thread(user, pupil, "question", "Horaires", "Bonjour")
    client.force_login(user)
    url = reverse("portal_auth:thread_detail", args=[thread.pk])
    key = _submission_key(client.get(url).content.decode())
    for _ in range(2):
        assert client.post(url, {"body": "Merci", "submission_key": key}).status_code == 302
    assert thread.posts.count() == 2


def test_staff_see_whether_the_pupil_or_a_guardian_wrote(client, home):
    school, pupil, guardian_user = home
    pupil_user = give_pupil_account(pupil)
    by_guardian = start_thread(guardian_user, pupil, "question", "Bulletin", "Quand ?")
    by_pupil = start_thread(pupil_user, pupil, "question", "Cours", "Où ?")
    with translation.override("ar"):  # the staff member's admin language
        said = {word: gettext(word) for word in ("Guardian", "Pupil", "Sender")}
    client.force_login(desk_staff(school))
    html = client.get(reverse("portal_requests_staff:thread", args=[by_guardian.pk])).content
    html = html.decode()
    assert f"{said['Guardian']}: <bdi>{guardian_user.guardian.full_name}</bdi>" in html
    assert f"{said['Sender']} ·" not in html
    html = client.get(reverse("portal_requests_staff:thread", args=[by_pupil.pk])).content
    assert f"{said['Pupil']}: <bdi>{pupil.full_name}</bdi>" in html.decode()

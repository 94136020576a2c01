"""Content for the topology tests, written into the running stack's database and MEDIA_ROOT.

Run with the stack's environment (``production_stack.sh`` writes it to ``RUN/maktaba.env``)::

    python -m tests.topology.stack_data seed TAG     # prints JSON: ids, URLs, file names
    python -m tests.topology.stack_data asset ID     # prints JSON: state and renditions
    python -m tests.topology.stack_data jobs ID      # prints JSON: the asset's transcode jobs
    python -m tests.topology.stack_data video TAG    # uploads a 20 s 480p video (a long job)
    python -m tests.topology.stack_data audio TAG    # uploads a 3 s recording
    python -m tests.topology.stack_data session NAME # a moderator's session cookie
    python -m tests.topology.stack_data editors TAG  # a teacher and a moderator who sign in
    python -m tests.topology.stack_data family TAG   # a pupil, a guardian with an e-mail, staff

Uploads go through the real upload hook, so the probe and the transcodes are enqueued on RQ and
the stack's workers do them; publishing enqueues the search-index write the same way.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def _setup() -> None:
    import django

    django.setup()


def seed(tag: str) -> dict:
    from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject
    from tests.catalog.media_pages import publish_media_resource
    from tests.factories.catalog import make_document
    from tests.factories.media import make_asset
    from tests.media_pipeline.samples import make_audio

    library = LibraryIndexPage.objects.live().first()
    work = Path(tempfile.mkdtemp(prefix="maktaba-topology-"))
    public_asset = make_asset(
        make_audio(work / f"public-{tag}.m4a", seconds=3), title=f"Public {tag}", kind="audio"
    )
    private_asset = make_asset(
        make_audio(work / f"private-{tag}.m4a", seconds=3), title=f"Private {tag}", kind="audio"
    )
    public_page = publish_media_resource(library, public_asset, title=f"Lecon publique {tag}")
    publish_media_resource(library, private_asset, title=f"Brouillon {tag}", live=False)

    def document_page(title: str, document_name: str, live: bool) -> ResourcePage:
        page = ResourcePage(
            title=title,
            summary="Cours.",
            kind="document",
            language="fr",
            subject=Subject.objects.get(slug="physique-chimie"),
            document=make_document(document_name),
            live=False,
        )
        page.levels = [Level.objects.get(code="1BAC")]
        library.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return page

    public_document = document_page(f"Document {tag}", f"درس-{tag}.pdf", live=True).document
    private_document = document_page(
        f"Brouillon doc {tag}", f"prive-{tag}.pdf", live=False
    ).document
    image = _image(tag)
    picture = image.get_rendition("fill-32x24")
    return {
        "image_original_file": image.file.name,
        "image_rendition_url": picture.url,
        "image_rendition_file": picture.file.name,
        "public_asset": public_asset.pk,
        "private_asset": private_asset.pk,
        "public_original": public_asset.original.name,
        "private_original": private_asset.original.name,
        "public_page_url": public_page.url,
        "public_page_title": public_page.title,
        "public_document_url": public_document.url,
        "public_document_file": public_document.file.name,
        "private_document_url": private_document.url,
        "private_document_file": private_document.file.name,
    }


def _image(tag: str):
    """A Wagtail image (as posters and page pictures are), with its original kept private."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=f"Poster {tag}", file=ImageFile(buffer, name=f"poster-{tag}.png")
    )


def asset(asset_id: int) -> dict:
    from media_pipeline.models import MediaAsset

    found = MediaAsset.objects.get(pk=asset_id)
    return {
        "state": found.state,
        "renditions": [
            {
                "profile": r.profile,
                "url": r.url,
                "file": r.file.name,
                "size": r.size,
                "checksum": r.checksum,
                "mime_type": r.mime_type,
            }
            for r in found.renditions.all()
        ],
    }


def jobs(asset_id: int) -> dict:
    from media_pipeline.models import TranscodeJob

    rows = TranscodeJob.objects.filter(asset_id=asset_id).order_by("pk")
    return {
        "jobs": [
            {
                "id": job.pk,
                "profile": job.profile,
                "state": job.state,
                "progress": job.progress,
                "attempts": job.attempts,
                "worker": job.worker,  # host:pid of the process that claimed it (a work horse)
                "error": job.error_message,
            }
            for job in rows
        ]
    }


def upload(kind: str, tag: str) -> dict:
    from tests.factories.media import make_asset
    from tests.media_pipeline.samples import make_audio, make_video

    work = Path(tempfile.mkdtemp(prefix="maktaba-topology-"))
    if kind == "video":
        path = make_video(work / f"lesson-{tag}.mp4", width=854, height=480, seconds=20)
    else:
        path = make_audio(work / f"talk-{tag}.m4a", seconds=3)
    return {"asset": make_asset(path, title=f"Upload {tag}", kind=kind).pk}


def session(name: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, created = get_user_model().objects.get_or_create(
        username=name, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return {"cookie": f"sessionid={client.cookies['sessionid'].value}"}


def pupil_code(tag: str) -> dict:
    """The demo school's records (marks published), and a fresh code for one of its pupils."""
    from django.core.management import call_command

    from portal_auth.accounts import codes
    from portal_auth.models import Pupil

    if not Pupil.objects.exists():
        call_command("load_portal_demo_data", "--force")
        call_command("load_portal_records_demo", "--force")
    pupil = Pupil.objects.filter(user__isnull=True).order_by("pk").first()
    return {"massar_code": pupil.massar_code, "code": codes.issue_pupil_code(pupil).printable}


PASSWORD = "kalimat-al-murur-2026"


def editors(tag: str) -> dict:
    """A teacher and a moderator of the editorial groups, who sign in with ``PASSWORD``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from catalog.models import Level, LibraryIndexPage, Subject
    from catalog.site_setup import MODERATORS, TEACHERS

    people = {}
    for role, group in (("teacher", TEACHERS), ("moderator", MODERATORS)):
        user = get_user_model().objects.create_user(
            f"{role}-{tag}", email=f"{role}-{tag}@example.ma", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        people[role] = user.username
    library = LibraryIndexPage.objects.live().first()
    return {
        **people,
        "password": PASSWORD,
        "library": library.pk,
        "subject": Subject.objects.get(slug="physique-chimie").pk,
        "level": Level.objects.get(code="1BAC").pk,
    }


def family(tag: str) -> dict:
    """A pupil of the demo school, a guardian (Arabic, with an e-mail she chose for absences) and
    the school's staff."""
    import random

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from portal_auth.models import (
        Enrolment,
        NotificationPreference,
        Pupil,
        SchoolClass,
        SchoolYear,
        StaffRole,
    )
    from tests.factories.schools import (
        give_guardian_account,
        link_guardian,
        make_guardian,
        make_pupil,
    )

    if not Pupil.objects.exists():  # as pupil_code does: the demo school, marks published
        call_command("load_portal_demo_data", "--force")
        call_command("load_portal_records_demo", "--force")
    year = SchoolYear.objects.current()
    school_class = SchoolClass.objects.filter(year=year).order_by("pk").first()
    digits = random.SystemRandom()
    pupil = make_pupil(
        school_class,
        massar_code=f"J{digits.randrange(10**8, 10**9)}",
        first_name_ar="ياسمين",
        last_name_ar=f"بناني {tag}",
    )
    assert Enrolment.objects.filter(pupil=pupil, year=year).exists()
    guardian = make_guardian(
        cin=f"ZT{digits.randrange(10**5, 10**6)}",
        first_name_ar="خديجة",
        last_name_ar=f"بناني {tag}",
        email=f"guardian-{tag}@example.ma",
        preferred_language="ar",
    )
    link_guardian(guardian, pupil, relationship="mother")
    # She chose e-mails for absences on her notifications page.
    NotificationPreference.objects.create(
        user=give_guardian_account(guardian), channels={"absence": ["email", "in_app", "sms"]}
    )
    staff = get_user_model().objects.create_user(f"staff-{tag}", password=PASSWORD)
    school = school_class.school
    StaffRole.objects.create(user=staff, role="admin_staff", scope="school", school=school)
    day = min(max(timezone.localdate(), year.starts_on), year.ends_on)
    return {
        "massar_code": pupil.massar_code,
        "pupil_name": pupil.full_name_ar,
        "guardian_email": guardian.email,
        "guardian_name": guardian.full_name_ar,
        "school": school.pk,
        "school_name": school.name_ar,
        "staff": staff.username,
        "password": PASSWORD,
        "date": day.isoformat(),
    }


def notifications(massar_code: str) -> dict:
    from portal_auth.models import Notification

    rows = Notification.objects.filter(
        kind="absence", pupil__massar_code=massar_code
    ).select_related("guardian")
    return {
        "notifications": [
            {
                "absence": n.data["absence"],
                "email": n.guardian.email,
                "sent": n.email_status == "sent",
            }
            for n in rows
        ]
    }


COMMANDS = {
    "editors": editors,
    "family": family,
    "notifications": notifications,
    "pupil_code": pupil_code,
    "seed": seed,
    "asset": lambda argument: asset(int(argument)),
    "jobs": lambda argument: jobs(int(argument)),
    "video": lambda argument: upload("video", argument),
    "audio": lambda argument: upload("audio", argument),
    "session": session,
}


if __name__ == "__main__":
    _setup()
    command, argument = sys.argv[1], sys.argv[2]
    print("JSON " + json.dumps(COMMANDS[command](argument), ensure_ascii=False))

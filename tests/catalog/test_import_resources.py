"""``import_resources``: good rows, every kind of bad row, atomicity, re-runs, dry runs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Collection, Revision, WorkflowState

from catalog.models import ResourcePage
from media_pipeline.models import MediaAsset

from .manifest_builder import TINY_PDF, ManifestFolder, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def folder(tmp_path) -> ManifestFolder:
    return ManifestFolder(tmp_path / "unit")


def run(manifest: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_resources", str(manifest), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_refused(manifest: Path, *options: str) -> list[str]:
    """Run a manifest that must be refused; return its error lines."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_resources", str(manifest), *options, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def stored_files() -> set[str]:
    found = set()
    for base, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(base, name) for name in files)
    return found


def snapshot() -> tuple:
    return (
        ResourcePage.objects.count(),
        Document.objects.count(),
        MediaAsset.objects.count(),
        Revision.objects.count(),
        stored_files(),
    )


FOUR_ROWS = [
    row(),
    row(
        title="Les équations du second degré",
        summary="Cours et exercices corrigés, avec discriminant.",
        language="fr",
        levels="TC",
        tracks="",
        subject="Mathématiques",
        tags="algèbre",
        file="fr/equations.pdf",
    ),
    row(
        title="قوانين نيوتن — تسجيل صوتي",
        summary="شرح صوتي لقوانين نيوتن الثلاثة.",
        levels="1BAC|2BAC",
        tracks="sciences-physiques|sciences-math-a",
        subject="الفيزياء والكيمياء",
        kind="audio",
        tags="ميكانيك",
        file="media/newton.mp3",
    ),
    row(
        title="Newton's laws",
        summary="A short video on Newton's three laws.",
        language="en",
        levels="1bac",
        tracks="Sciences expérimentales",
        subject="physique-chimie",
        kind="video",
        tags="",
        file="media/newton.mp4",
    ),
]


# --- good rows -----------------------------------------------------------------------------


def test_good_rows_become_draft_resources_with_their_files(library, folder):
    out = run(folder.manifest(FOUR_ROWS))

    assert "4 created, 0 updated, 0 unchanged." in out
    pages = {page.title: page for page in ResourcePage.objects.child_of(library)}
    assert set(pages) == {values["title"] for values in FOUR_ROWS}
    assert not any(page.live for page in pages.values())
    assert all(page.latest_revision_id for page in pages.values())
    assert not WorkflowState.objects.exists()

    arabic = pages["المعادلات من الدرجة الثانية"]
    assert arabic.kind == "document" and arabic.language == "ar"
    assert arabic.subject.slug == "mathematiques"
    assert [lvl.code for lvl in arabic.levels.all()] == ["TC"]
    assert [t.slug for t in arabic.tracks.all()] == ["tc-sciences"]
    assert sorted(tag.name for tag in arabic.tags.all()) == sorted(["جبر", "تمارين"])
    assert arabic.document.collection.name == "Imports"
    assert arabic.document.file.read() == TINY_PDF
    assert arabic.document.file_hash  # Wagtail's duplicate detection relies on it

    french = pages["Les équations du second degré"]
    assert french.subject.slug == "mathematiques"  # found by its French name
    assert not french.tracks.exists()

    audio = pages["قوانين نيوتن — تسجيل صوتي"]
    assert audio.subject.slug == "physique-chimie"  # found by its Arabic name
    assert sorted(lvl.code for lvl in audio.levels.all()) == ["1BAC", "2BAC"]
    assert audio.media_asset.kind == "audio"
    assert audio.media_asset.state == MediaAsset.State.UPLOADED
    assert audio.media_asset.original_size == (folder.folder / "media/newton.mp3").stat().st_size
    assert len(audio.media_asset.checksum) == 64
    assert audio.document is None

    video = pages["Newton's laws"]
    assert video.media_asset.kind == "video"
    assert [t.slug for t in video.tracks.all()] == ["sciences-experimentales"]  # by its French name


def test_publish_publishes_and_makes_resources_public(library, folder):
    out = run(folder.manifest(FOUR_ROWS), "--publish")

    assert out.count("published") == 4
    live = ResourcePage.objects.child_of(library).live().public()
    assert live.count() == 4
    assert not WorkflowState.objects.exists()


def test_arabic_text_round_trips_exactly_with_or_without_bom(library, folder):
    values = row(
        title="النص الأدبي: «الأيام» لطه حسين",
        summary="قراءة منهجية، مع أسئلة الفهم والتحليل.\nسطر ثانٍ داخل الخلية.",
        levels="1BAC",
        tracks="",
        subject="اللغة العربية",
        tags="نصوص|طه حسين",
        file="ادب/الأيام.pdf",
    )
    manifest = folder.manifest([values], encoding="utf-8-sig")
    assert manifest.read_bytes().startswith(b"\xef\xbb\xbf")

    run(manifest)

    page = ResourcePage.objects.get()
    assert page.title == values["title"]
    assert page.summary == values["summary"]
    assert {tag.name for tag in page.tags.all()} == {"نصوص", "طه حسين"}
    assert page.document.title == values["title"]


def test_french_spreadsheets_saving_with_semicolons_are_accepted(library, folder):
    folder.file("cours.pdf")
    manifest = folder.raw(
        "title;summary;language;levels;tracks;subject;kind;tags;file\n"
        "La cellule;Cours illustré, avec schémas;fr;1AC;;svt;document;biologie;cours.pdf\n"
    )
    run(manifest)
    assert ResourcePage.objects.get().summary == "Cours illustré, avec schémas"


@pytest.mark.parametrize(
    "header",
    [
        "Titre;Résumé;Langue;Niveaux;Filières;Matière;Type;Mots-clés;Fichier",
        "العنوان;الملخص;اللغة;المستويات;الشعب;المادة;النوع;الوسوم;الملف",
    ],
)
def test_french_and_arabic_headers_from_the_shared_table_are_accepted(library, folder, header):
    folder.file("cours.pdf")
    manifest = folder.raw(
        header
        + "\nLa cellule;Cours illustré, avec schémas;fr;1AC;;svt;document;biologie;cours.pdf\n"
    )
    run(manifest)
    assert ResourcePage.objects.get().title == "La cellule"


def test_optional_columns_may_be_left_out(library, folder):
    columns = ("title", "summary", "language", "levels", "subject", "kind", "file")
    run(folder.manifest([row(tracks="", tags="")], columns=columns))
    assert ResourcePage.objects.count() == 1


# --- re-runs ---------------------------------------------------------------------------------


def test_rerunning_the_same_manifest_changes_nothing(library, folder):
    manifest = folder.manifest(FOUR_ROWS)
    run(manifest, "--publish")
    before = snapshot()

    out = run(manifest, "--publish")

    assert "0 created, 0 updated, 4 unchanged." in out
    assert snapshot() == before


def test_rerun_with_publish_publishes_the_drafts_it_made(library, folder):
    manifest = folder.manifest(FOUR_ROWS[:1])
    run(manifest)
    assert not ResourcePage.objects.get().live

    run(manifest, "--publish")

    page = ResourcePage.objects.get()
    assert page.live and not page.has_unpublished_changes


def test_changed_file_and_summary_update_the_resource_without_duplicating(library, folder):
    run(folder.manifest([row()]), "--publish")
    page = ResourcePage.objects.get()
    old_document = page.document

    folder.file("equations.pdf", TINY_PDF + b"% second edition\n")
    out = run(folder.manifest([row(summary="ملخص جديد.")]), "--publish")

    assert "1 updated" in out and "summary" in out and "file" in out
    page = ResourcePage.objects.get()
    assert page.summary == "ملخص جديد."
    assert page.document_id != old_document.pk
    assert page.document.file.read().endswith(b"% second edition\n")
    assert Document.objects.filter(pk=old_document.pk).exists()  # nothing stored is lost


def test_rerun_without_publish_keeps_the_live_version_and_saves_a_draft(library, folder):
    run(folder.manifest([row()]), "--publish")
    run(folder.manifest([row(summary="ملخص قيد المراجعة.")]))

    page = ResourcePage.objects.get()
    assert page.live and page.has_unpublished_changes
    assert page.summary == row()["summary"]  # the live version
    assert page.get_latest_revision_as_object().summary == "ملخص قيد المراجعة."


def test_dry_run_writes_nothing(library, folder):
    manifest = folder.manifest(FOUR_ROWS)
    before = snapshot()
    collections = Collection.objects.count()

    out = run(manifest, "--dry-run", "--publish")

    assert out.count("would create") == 4
    assert "Dry run, nothing written" in out
    assert snapshot() == before
    assert Collection.objects.count() == collections


def test_dry_run_of_a_changed_manifest_says_what_would_change_and_writes_nothing(library, folder):
    run(folder.manifest(FOUR_ROWS), "--publish")
    changed = [dict(values) for values in FOUR_ROWS]
    changed[1]["tags"] = "algèbre|discriminant"
    folder.file("media/newton.mp3", b"ID3 a new recording")
    before = snapshot()

    out = run(folder.manifest(changed, create_files=False), "--dry-run")

    assert "row 3: would update «Les équations du second degré» (tags)" in out
    assert "row 4: would update «قوانين نيوتن — تسجيل صوتي» (file)" in out
    assert "0 created, 2 updated, 2 unchanged." in out
    assert snapshot() == before


# --- bad input -------------------------------------------------------------------------------


def test_rows_with_the_wrong_number_of_values_are_named(library, folder):
    folder.file("a.pdf")
    manifest = folder.raw(
        "title,summary,language,levels,tracks,subject,kind,tags,file\n"
        "Titre,Résumé,fr,1AC,,svt,document,,a.pdf\n"
        "Titre 2,Résumé avec, une virgule,fr,1AC,,svt,document,,a.pdf\n"
    )
    errors = run_refused(manifest)
    assert errors == [
        "row 3: expected 9 values but found 10; a value containing a comma must be in double quotes."
    ]
    assert not ResourcePage.objects.exists()


def test_an_unclosed_quote_is_reported(library, folder):
    folder.file("a.pdf")
    manifest = folder.raw(
        "title,summary,language,levels,tracks,subject,kind,tags,file\n"
        'Titre,"Résumé jamais fermé,fr,1AC,,svt,document,,a.pdf\n'
    )
    (error,) = run_refused(manifest)
    assert error.startswith("row 2: the CSV is malformed here")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "title,summary,language,levels,subject,kind,file,author",
            "row 1: unknown column «author»",
        ),
        ("title,summary,language,levels,subject,kind", "row 1: missing column file."),
        ("title,title,summary,language,levels,subject,kind,file", "appears more than once"),
    ],
)
def test_header_problems_are_reported_on_row_1(library, folder, header, message):
    (error,) = run_refused(folder.raw(header + "\nx,y,ar,1AC,svt,document,a.pdf\n"))
    assert message in error


def test_wrong_encoding_is_refused_with_a_clear_message(library, folder):
    manifest = folder.manifest([row()], encoding="cp1256")
    before = snapshot()

    (error,) = run_refused(manifest)

    assert "not UTF-8" in error and "CSV UTF-8" in error and "line 2" in error
    assert snapshot() == before


def test_utf16_is_refused(library, folder):
    manifest = folder.manifest([row()], encoding="utf-16")
    (error,) = run_refused(manifest)
    assert "UTF-16" in error


def test_empty_manifests_are_refused(library, folder):
    assert "empty" in run_refused(folder.raw(""))[0]
    header_only = folder.raw("title,summary,language,levels,tracks,subject,kind,tags,file\n")
    assert "no resources" in run_refused(header_only)[0]


def test_a_missing_manifest_is_a_clear_error(library, tmp_path):
    (error,) = run_refused(tmp_path / "nowhere.csv")
    assert "does not exist" in error


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"levels": "7AP"}, "unknown level «7AP»"),
        ({"levels": ""}, "no level is given."),
        ({"subject": "astrologie"}, "unknown subject «astrologie»"),
        ({"subject": ""}, "no subject is given."),
        ({"tracks": "sciences-occultes"}, "unknown track «sciences-occultes»"),
        ({"language": "es"}, "unknown language «es»; use ar, fr or en."),
        ({"kind": "podcast"}, "unknown kind «podcast»; use document, audio or video."),
        ({"title": ""}, "the title is empty."),
        ({"summary": ""}, "the summary is empty."),
        ({"summary": "س" * 1001}, "the summary is longer than 1000 characters."),
        ({"subject": "economie", "levels": "1AC", "tracks": ""}, "is not taught at 1AC."),
        (
            {"subject": "philosophie", "levels": "1AC", "tracks": ""},
            "Philosophy is not taught at 1AC.",
        ),
        (
            {"levels": "1BAC", "tracks": "tc-sciences"},
            "the track Common core: sciences is not offered at 1BAC.",
        ),
    ],
)
def test_each_bad_value_is_reported_with_its_row(library, folder, values, message):
    manifest = folder.manifest([row(title="صف سليم", file="ok.pdf"), row(**values)])
    errors = run_refused(manifest)
    assert any(line.startswith("row 3: ") and message in line for line in errors), errors
    assert not any(line.startswith("row 2") for line in errors)
    assert not ResourcePage.objects.exists()


def test_1ap_mathematics_is_fine_but_tracks_need_a_level_that_has_them(library, folder):
    run(folder.manifest([row(levels="1AP", tracks="")]))
    errors = run_refused(
        folder.manifest([row(title="آخر", levels="1AC", tracks="tc-sciences")], name="b.csv")
    )
    assert errors == ["row 2: the track Common core: sciences is not offered at 1AC."]


def test_a_missing_file_is_named(library, folder):
    manifest = folder.manifest([row(file="nowhere/lesson.pdf")], create_files=False)
    (error,) = run_refused(manifest)
    assert error == (
        "row 2: the file «nowhere/lesson.pdf» was not found "
        "(paths are relative to the manifest's folder)."
    )


def test_files_outside_the_manifest_folder_are_refused(library, folder, tmp_path):
    (tmp_path / "secret.pdf").write_bytes(TINY_PDF)
    (error,) = run_refused(folder.manifest([row(file="../secret.pdf")], create_files=False))
    assert "outside the manifest's folder" in error
    (error,) = run_refused(
        folder.manifest([row(file=str(tmp_path / "secret.pdf"))], create_files=False)
    )
    assert "must be relative" in error


def test_duplicate_titles_in_a_manifest_are_refused(library, folder):
    manifest = folder.manifest(
        [row(), row(title="عنوان آخر", file="b.pdf"), row(file="c.pdf", levels="1AC", tracks="")]
    )
    errors = run_refused(manifest)
    assert errors == ["row 4: the title «المعادلات من الدرجة الثانية» is already used on row 2."]


def test_oversized_documents_are_refused(library, folder, settings):
    settings.MAKTABA_CATALOG = {**settings.MAKTABA_CATALOG, "MAX_DOCUMENT_BYTES": 100}
    (error,) = run_refused(folder.manifest([row()]))
    assert error.startswith("row 2: the file «equations.pdf» weighs")
    assert "the limit is 100" in error


def test_empty_files_are_refused(library, folder):
    folder.file("empty.mp3", b"")
    (error,) = run_refused(folder.manifest([row(kind="audio", file="empty.mp3")]))
    assert error == "row 2: the file «empty.mp3» is empty."


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        (
            "audio",
            "lesson.pdf",
            TINY_PDF,
            "is a file of kind Written document, but the row's kind is Audio",
        ),
        (
            "document",
            "song.mp3",
            b"ID3...",
            "is a file of kind Audio, but the row's kind is Written document",
        ),
        ("video", "song.ogg", b"OggS", "is a file of kind Audio, but the row's kind is Video"),
        ("document", "virus.exe", b"MZ....", "is not a PDF, EPUB or office document"),
        ("document", "fake.pdf", b"<html>not a pdf</html>", "is named .pdf but is not a PDF"),
        (
            "document",
            "fake.epub",
            b"%PDF-1.4",
            "is named .epub but its content is not of that type",
        ),
    ],
)
def test_a_file_type_that_does_not_match_the_kind_is_refused(
    library, folder, kind, name, content, message
):
    folder.file(name, content)
    (error,) = run_refused(folder.manifest([row(kind=kind, file=name)]))
    assert error.startswith("row 2: ") and message in error


def test_every_problem_of_every_row_is_reported_at_once(library, folder):
    manifest = folder.manifest(
        [
            row(levels="9XX", subject="alchimie", file="a.pdf"),
            row(title="صف سليم", file="b.pdf"),
            row(title="Un autre", language="de", kind="document", file="missing.pdf"),
        ]
    )
    (folder.folder / "missing.pdf").unlink()
    errors = run_refused(manifest)
    assert [line.split(":")[0] for line in errors] == ["row 2", "row 2", "row 4", "row 4"]


def test_row_numbers_count_spreadsheet_rows_even_with_multiline_values(library, folder):
    manifest = folder.manifest(
        [
            row(summary="سطر أول\nسطر ثان\nسطر ثالث", file="a.pdf"),
            row(title="ثاني", levels="nope", file="b.pdf"),
        ]
    )
    assert run_refused(manifest)[0].startswith("row 3: unknown level «nope»")


# --- atomicity -------------------------------------------------------------------------------


def test_one_bad_row_means_nothing_is_written(library, folder):
    rows = FOUR_ROWS + [row(title="صف معيب", levels="1AP", subject="philosophie", tracks="")]
    manifest = folder.manifest(rows)
    before = snapshot()

    errors = run_refused(manifest, "--publish")

    assert errors == ["row 6: Philosophy is not taught at 1AP."]
    assert snapshot() == before


def test_a_refused_manifest_leaves_existing_resources_untouched(library, folder):
    run(folder.manifest(FOUR_ROWS), "--publish")
    before = snapshot()
    live_summaries = dict(ResourcePage.objects.values_list("title", "summary"))

    changed = [dict(values) for values in FOUR_ROWS]
    changed[0]["summary"] = "ملخص يجب ألا يُحفظ."
    folder.file("equations.pdf", TINY_PDF + b"% changed\n")
    changed.append(row(title="صف معيب", file="missing.pdf"))
    (folder.folder / "missing.pdf").unlink(missing_ok=True)
    errors = run_refused(folder.manifest(changed, create_files=False))

    assert errors == [
        "row 6: the file «missing.pdf» was not found (paths are relative to the manifest's folder)."
    ]
    assert snapshot() == before
    assert dict(ResourcePage.objects.values_list("title", "summary")) == live_summaries
    assert all(not page.has_unpublished_changes for page in ResourcePage.objects.all())


def test_the_example_in_the_documentation_imports(library, folder):
    docs = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text(encoding="utf-8")
    example = docs.split("```csv\n", 1)[1].split("```", 1)[0]
    folder.file("maths/equations.pdf")
    folder.file("maths/equations-fr.pdf", TINY_PDF + b"%fr\n")
    folder.file("audio/newton.m4a", b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 32)

    out = run(folder.raw(example), "--publish")

    assert "3 created" in out
    assert ResourcePage.objects.live().count() == 3


def test_a_name_shared_by_two_subjects_asks_for_the_slug(library, folder):
    from catalog.models import Level, Subject

    twin = Subject.objects.create(
        slug="mathematiques-appliquees",
        name_ar="رياضيات تطبيقية",
        name_fr="Mathématiques",
        name_en="Applied mathematics",
    )
    twin.levels.set(Level.objects.all())

    (error,) = run_refused(folder.manifest([row(subject="mathématiques")]))

    assert error == (
        "row 2: the subject name «mathématiques» fits several subjects "
        "(mathematiques, mathematiques-appliquees); use the slug."
    )
    run(folder.manifest([row(subject="mathematiques")], name="fixed.csv"))
    assert ResourcePage.objects.get().subject.slug == "mathematiques"


def test_a_failure_while_storing_files_rolls_back_and_removes_stored_files(
    library, folder, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # A plain file where the media originals folder should be: storing the audio row fails
    # after the document of the row before it was already stored.
    (tmp_path / "media" / "media").mkdir(parents=True)
    (tmp_path / "media" / "media" / "originals").write_text("not a folder")
    manifest = folder.manifest(FOUR_ROWS[:3])
    before = snapshot()

    with pytest.raises(CommandError, match="a file could not be stored"):
        call_command("import_resources", str(manifest), stdout=io.StringIO())

    assert snapshot() == before
    assert not (tmp_path / "media" / "documents").exists() or not any(
        (tmp_path / "media" / "documents").iterdir()
    )


def test_slugs_are_short_readable_and_distinct(library, folder):
    long_title = "النص الأدبي: قراءة منهجية في رواية الأيام لطه حسين مع أسئلة الفهم"
    run(folder.manifest([row(title=long_title), row(title="Newton's laws", file="b.pdf")]))
    slugs = {page.title: page.slug for page in ResourcePage.objects.all()}
    stem, key = slugs[long_title].rsplit("-", 1)
    assert long_title.startswith(stem.split("-")[0]) and len(stem) <= 30 and len(key) == 8
    assert slugs["Newton's laws"].startswith("newtons-laws-")


# --- thumbnails (optional column) ------------------------------------------------------------


def test_a_thumbnail_becomes_a_wagtail_image_and_is_kept_on_reruns(library, folder):
    from wagtail.images.models import Image as WagtailImage

    from .manifest_builder import png

    manifest = folder.manifest([row(thumbnail="covers/equations.png")])
    run(manifest, "--publish")
    page = ResourcePage.objects.get()
    assert (page.thumbnail.width, page.thumbnail.height) == (32, 18)
    assert page.thumbnail.collection.name == "Imports"

    before = snapshot()
    assert "1 unchanged" in run(manifest, "--publish")
    # A manifest without thumbnails leaves the one already chosen alone.
    assert "1 unchanged" in run(folder.manifest([row()], name="plain.csv"), "--publish")
    assert snapshot() == before

    folder.file("covers/equations.png", png("orange"))
    out = run(manifest, "--publish")
    assert "(thumbnail)" in out
    assert ResourcePage.objects.get().thumbnail_id != page.thumbnail_id
    assert WagtailImage.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cover.png", b"not an image at all", "is not a readable PNG image"),
        ("cover.jpg", None, "is not a readable JPEG image"),  # a PNG named .jpg
        ("cover.svg", b"<svg/>", "is not a PNG, JPEG, WebP or GIF image"),
    ],
)
def test_bad_thumbnails_are_refused(library, folder, name, content, message):
    from .manifest_builder import png

    folder.file(name, png() if content is None else content)
    (error,) = run_refused(folder.manifest([row(thumbnail=name)]))
    assert error.startswith("row 2: the thumbnail") and message in error


def test_empty_columns_saved_by_spreadsheets_are_ignored(library, folder):
    folder.file("a.pdf")
    manifest = folder.raw(
        "title,summary,language,levels,tracks,subject,kind,tags,file,,\n"
        "La cellule,Cours,fr,1AC,,svt,document,,a.pdf,,\n"
        ",,,,,,,,,,\n"
        "La respiration,Cours,fr,1AC,,svt,document,,a.pdf,,oops\n"
    )
    errors = run_refused(manifest)
    assert errors == ["row 4: a value is in a column that has no name in row 1."]
    manifest = folder.raw(
        "title,summary,language,levels,tracks,subject,kind,tags,file,,\n"
        "La cellule,Cours,fr,1AC,,svt,document,,a.pdf,,\n"
        ",,,,,,,,,,\n"
    )
    run(manifest)
    assert ResourcePage.objects.get().title == "La cellule"

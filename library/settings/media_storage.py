"""Where uploads and renditions live, read from the environment (README, docs/media.md "Storage").

``MEDIA_STORAGE=filesystem`` (the default) keeps them under ``MEDIA_ROOT``: one machine, or an
NFS mount of ``MEDIA_ROOT`` on every node. ``MEDIA_STORAGE=s3`` puts them in an S3-compatible
bucket through django-storages, so a file uploaded on one web node is transcoded on another
worker and served by a third. The bucket stays private: files are reached only through
Maktaba's permission check, which answers with a short-lived signed URL.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def whole_seconds(environ: Mapping[str, str], name: str, default: int) -> int:
    """A positive whole number of seconds from ``environ[name]``, or a start-up error naming it."""
    raw = environ.get(name, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of seconds above 0, not {raw!r}."
        )
    return value


def signed_url_seconds(environ: Mapping[str, str]) -> int:
    """How long a signed media URL handed out after the permission check stays valid."""
    return whole_seconds(environ, "MEDIA_SIGNED_URL_SECONDS", 300)


def default_storage_from_environment(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry; a missing or unknown variable stops the process."""
    kind = environ.get("MEDIA_STORAGE", "").strip() or "filesystem"
    if kind == "filesystem":
        return dict(FILESYSTEM)
    if kind != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE={kind!r} is not known: use 'filesystem' (MEDIA_ROOT, shared by NFS "
            "between nodes) or 's3' (an S3-compatible bucket)."
        )

    def needed(name: str) -> str:
        value = environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"MEDIA_STORAGE=s3 needs {name} (see README).")
        return value

    options = {
        "bucket_name": needed("AWS_STORAGE_BUCKET_NAME"),
        # Two uploads named alike must not overwrite each other (renditions are
        # content-addressed and checked before writing).
        "file_overwrite": False,
        # Private objects; every URL is signed. Images are signed for longer than a cached page
        # lives (PAGE_CACHE_SECONDS); media files get their own short lifetime when served.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": whole_seconds(environ, "AWS_QUERYSTRING_EXPIRE", 3600),
        "signature_version": "s3v4",
        # A file read through the storage spills to disk past this (the default keeps it all in
        # memory); the media worker downloads originals straight to disk (local_files.py).
        "max_memory_size": 16 * 1024 * 1024,
    }
    for variable, option in (
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),
        ("AWS_LOCATION", "location"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            options[option] = value
    key_id = environ.get("AWS_ACCESS_KEY_ID", "").strip()
    secret = environ.get("AWS_SECRET_ACCESS_KEY", "").strip()
    if key_id or secret:
        # Without either, boto3 finds credentials itself (an instance role, ~/.aws).
        options["access_key"] = needed("AWS_ACCESS_KEY_ID")
        options["secret_key"] = needed("AWS_SECRET_ACCESS_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}

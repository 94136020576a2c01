"""A real S3-compatible server for tests: moto's standalone server, run as a subprocess.

It speaks the S3 REST protocol over HTTP on a loopback port (SigV4 signatures, presigned URLs,
Range requests), so django-storages and boto3 talk to it exactly as they would to a bucket
elsewhere. What it does not prove is written in docs/media.md ("Storage").
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Loopback ports kept for this server; the first free one is taken.
PORTS = range(18200, 18300)
REGION = "us-east-1"
KEY_ID = "maktaba-test-key"
SECRET = "maktaba-test-secret"


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the S3 test server")


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put("")  # end of output: the process has exited


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a running moto S3 server, stopped at the end of the session."""
    port = _free_port()
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    # One thread reads its log for as long as it runs (so a full pipe never blocks the server).
    threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        seen = []
        while not seen or "Running on" not in seen[-1]:  # werkzeug's line once it listens
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = ""
            if not line:  # the server stopped, or is still silent at the deadline
                raise RuntimeError("moto_server did not start:\n" + "".join(seen))
            seen.append(line)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


def storage_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment an operator would set for this bucket (README's table)."""
    return {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
    }


@pytest.fixture
def s3_bucket(s3_endpoint) -> str:
    """A new, empty bucket for one test."""
    name = f"maktaba-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=name)
    return name


def bucket_keys(endpoint: str, bucket: str) -> set[str]:
    client = s3_client(endpoint)
    keys: set[str] = set()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys

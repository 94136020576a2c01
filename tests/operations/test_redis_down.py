"""Redis down: the production settings still render pages, from the database, without delay."""

from __future__ import annotations

import json

CHECK = (
    "import json, time; from django.test import Client; client = Client(); out = {}\n"
    "for path in ('/', '/library/', '/search/?q=math'):\n"
    "    started = time.monotonic()\n"
    "    response = client.get(path, HTTP_HOST='localhost', follow=True)\n"
    "    out[path] = [response.status_code, time.monotonic() - started]\n"
    "print(json.dumps(out))"
)


def test_pages_render_while_the_cache_is_unreachable(stack):
    stack.manage("setup_library")
    stack.manage("collectstatic", "--no-input", "-v", "0")
    result = stack.run_with({"REDIS_URL": "redis://127.0.0.1:1/0"}, "shell", "-c", CHECK)
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path, (status, seconds) in answers.items():
        assert status == 200, (path, status, result.stderr[-2000:])
        assert seconds < 5, (path, seconds)
    assert "cache unreachable" in result.stderr

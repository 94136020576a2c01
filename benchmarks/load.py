"""Load on the production topology, with wrk: what one node serves, page by page, side by side.

    ./scripts/production_stack.sh up
    .venv/bin/python benchmarks/load.py [--seconds 10] [--connections 1,2,4,8,16,32]

Against the stack (nginx on 127.0.0.1:18080 in front of gunicorn, PostgreSQL, Redis, RQ), it
prepares demo data through the stack's own environment (``var/stack/maktaba.env``), then loads,
loopback only and bounded in time: a bare Wagtail page (the yardstick), the library and a subject
page, the search page, a resource page, a byte range of its data-saver rendition, the signed-in
pupil's marks page, and a mix of them as pupils use them. For each it reports requests per second
at each concurrency, p50/p95/p99 latency and errors, the highest rate whose p95 stays within
100 ms and within 300 ms, and its ratio to the bare page. ``--embedded`` then runs the same load
on gunicorn alone over SQLite and the database queue (the embedded default, without nginx), for
comparison. Figures go to docs/operations.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")

PREPARE = r"""
import json
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site
from catalog.models import LibraryIndexPage, ResourcePage
from portal_auth.models import Pupil
from media_pipeline.models import MediaAsset

if not LibraryIndexPage.objects.exists():
    call_command("setup_library")
if not ResourcePage.objects.live().exists():
    call_command("load_demo_data", "--force")
if not Pupil.objects.exists():
    call_command("load_portal_demo_data", "--force")
    call_command("load_portal_records_demo", "--force")
root = Site.objects.get(is_default_site=True).root_page
bare = Page.objects.filter(slug="bench-bare-page").first()
if bare is None:
    bare = root.add_child(instance=Page(title="Bare", slug="bench-bare-page"))
library = LibraryIndexPage.objects.live().first()
resource = (
    ResourcePage.objects.live().public().filter(media_asset__state=MediaAsset.State.READY).first()
    or ResourcePage.objects.live().public().first()
)
level = resource.levels.first()
subject_url = library.url + library.reverse_subpage(
    "level_part", kwargs={"level_slug": level.slug, "part": resource.subject.slug}
) if level and not level.tracks.exists() else library.url + library.reverse_subpage(
    "level", kwargs={"level_slug": level.slug}
)
rendition = None
if resource.media_asset_id:
    smallest = resource.media_asset.renditions.exclude(profile="hls").order_by("size").first()
    rendition = smallest.url if smallest else None
pupil = Pupil.objects.filter(user__isnull=False).first()
if pupil is None:  # demo pupils wait for their code: activate one, as a pupil would
    from portal_auth.accounts import activation, codes
    pupil = Pupil.objects.first()
    issued = codes.issue_pupil_code(pupil)
    activation.activate_pupil(pupil.massar_code, issued.plain, "bench-" + issued.plain)
    pupil.refresh_from_db()
client = Client()
client.force_login(pupil.user, backend="portal_auth.accounts.backends.MassarOrCinBackend")
print(json.dumps({
    "bare": bare.url,
    "library": library.url,
    "subject": subject_url,
    "search": "/search/?q=" + resource.subject.name_fr.split()[0].lower(),
    "resource": resource.url,
    "rendition": rendition,
    "marks": "/account/marks/",
    "session": client.cookies["sessionid"].value,
}))
"""

LUA = r"""
local paths = {PATHS}
local weights = {WEIGHTS}
local cookie = "{COOKIE}"
local total = 0
for _, w in ipairs(weights) do total = total + w end
local errors = 0
function request()
  local r = math.random() * total
  local i = 1
  while r > weights[i] and i < #weights do r = r - weights[i]; i = i + 1 end
  local headers = {["X-Forwarded-Proto"] = "https", ["Accept-Language"] = "ar"}
  if paths[i].cookie then headers["Cookie"] = "sessionid=" .. cookie end
  if paths[i].range then headers["Range"] = paths[i].range end
  return wrk.format("GET", paths[i].path, headers)
end
function response(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "socket_errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

# Weights of the mix, from how pupils move: browse, search, open a resource, play it, check marks.
MIX = {"library": 2, "subject": 3, "search": 2, "resource": 3, "rendition": 6, "marks": 1}


def read_env(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip("'\"")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict[str, str]) -> dict:
    output = manage(env, "shell", "-c", PREPARE)
    return json.loads(output.strip().splitlines()[-1])


def scenario_paths(urls: dict, names: list[str]) -> list[dict]:
    paths = []
    for name in names:
        entry = {"path": urls[name]}
        if name == "marks":
            entry["cookie"] = True
        if name == "rendition":
            entry["range"] = "bytes=0-65535"
        paths.append(entry)
    return paths


def lua_for(paths: list[dict], weights: list[int], cookie: str) -> str:
    def entry(p):
        parts = [f'path = "{p["path"]}"']
        if p.get("cookie"):
            parts.append("cookie = true")
        if p.get("range"):
            parts.append(f'range = "{p["range"]}"')
        return "{" + ", ".join(parts) + "}"

    return (
        LUA.replace("{PATHS}", "{" + ", ".join(entry(p) for p in paths) + "}")
        .replace("{WEIGHTS}", "{" + ", ".join(str(w) for w in weights) + "}")
        .replace("{COOKIE}", cookie)
    )


def wrk(base: str, lua: str, connections: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t",
                str(min(connections, 2)),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                base,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(handle.name)
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("RESULT ") :])
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    data["errors"] = data["socket_errors"] + data["non_2xx"]
    return data


def check(base: str, urls: dict, names: list[str]) -> None:
    for name in names:
        request = urllib.request.Request(base + urls[name], headers={"X-Forwarded-Proto": "https"})
        if name == "marks":
            request.add_header("Cookie", f"sessionid={urls['session']}")
        if name == "rendition":
            request.add_header("Range", "bytes=0-65535")
        with urllib.request.urlopen(request, timeout=30) as response:
            expected = 206 if name == "rendition" else 200
            if response.status != expected:
                raise SystemExit(f"{name} {urls[name]} answered {response.status}")


def run_all(label: str, base: str, urls: dict, levels: list[int], seconds: int) -> list[dict]:
    names = [
        n
        for n in ("bare", "library", "subject", "search", "resource", "rendition", "marks")
        if urls.get(n)
    ]
    check(base, urls, names)
    scenarios = [(n, [n], [1]) for n in names]
    mix = [n for n in MIX if urls.get(n)]
    scenarios.append(("mix", mix, [MIX[n] for n in mix]))
    rows = []
    for name, members, weights in scenarios:
        lua = lua_for(scenario_paths(urls, members), weights, urls["session"])
        for connections in levels:
            result = wrk(base, lua, connections, seconds)
            result.update(stack=label, scenario=name, connections=connections)
            rows.append(result)
            print(
                f"{label:9} {name:9} c={connections:<3} {result['rps']:8.1f} req/s  "
                f"p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  "
                f"p99 {result['p99']:7.1f} ms  errors {result['errors']}",
                flush=True,
            )
    return rows


def best(rows: list[dict], scenario: str, limit_ms: float) -> float:
    """The highest request rate of ``scenario`` whose p95 stayed within ``limit_ms``."""
    ok = [r["rps"] for r in rows if r["scenario"] == scenario and r["p95"] <= limit_ms]
    return max(ok) if ok else 0.0


def summary(rows: list[dict]) -> None:
    print("\nstack     scenario  rps@p95≤100ms  rps@p95≤300ms  ratio to bare (best ≤300ms)  errors")
    for stack in dict.fromkeys(r["stack"] for r in rows):
        mine = [r for r in rows if r["stack"] == stack]
        bare = best(mine, "bare", 300) or 1.0
        for name in dict.fromkeys(r["scenario"] for r in mine):
            errors = sum(r["errors"] for r in mine if r["scenario"] == name)
            total = sum(r["requests"] for r in mine if r["scenario"] == name)
            print(
                f"{stack:9} {name:9} {best(mine, name, 100):13.1f}  {best(mine, name, 300):13.1f}  "
                f"{best(mine, name, 300) / bare:26.2f}  {errors}/{total}"
            )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def embedded(
    stack_env: dict[str, str], levels: list[int], seconds: int, workers: int
) -> list[dict]:
    """gunicorn alone on SQLite with the database queue: the embedded default under load."""
    work = Path(tempfile.mkdtemp(prefix="maktaba-bench-embedded-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "library.settings.production",
        "SECRET_KEY": stack_env.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "SEARCH_INDEX_DIR": str(work / "index"),
        "TASKS_BACKEND": "db",
        "SECURE_SSL_REDIRECT": "0",
        "INSECURE_COOKIES": "1",
    }
    port = free_port()
    processes = []
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        worker = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--queue-name", "*"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(worker)
        urls = prepare(env)
        if urls.get("rendition") is None:
            print("embedded: no rendition yet (no media transcoded); its scenario is left out")
        web = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "library.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(web)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{urls['bare']}", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        return run_all("embedded", f"http://127.0.0.1:{port}", urls, levels, seconds)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack-dir", type=Path, default=ROOT / "var" / "stack")
    parser.add_argument(
        "--url", default=os.environ.get("MAKTABA_STACK_URL", "http://127.0.0.1:18080")
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="1,2,4,8,16,32")
    parser.add_argument("--embedded", action="store_true", help="also gunicorn on SQLite alone")
    parser.add_argument("--embedded-only", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers in --embedded")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    levels = [int(x) for x in args.connections.split(",") if x]
    rows: list[dict] = []
    stack_env: dict[str, str] = {}
    env_file = args.stack_dir / "maktaba.env"
    if env_file.exists():
        stack_env = read_env(env_file)
    if not args.embedded_only:
        if not stack_env:
            raise SystemExit(f"{env_file} not found: run ./scripts/production_stack.sh up first")
        urls = prepare(stack_env)
        rows += run_all("topology", args.url, urls, levels, args.seconds)
    if args.embedded or args.embedded_only:
        rows += embedded(stack_env, levels, args.seconds, args.workers)
    summary(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

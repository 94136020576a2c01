"""Media pipeline benchmark: wall time, bytes per 10 minutes, SSIM and encode speed, side by side.

Run: ``/work/main/.venv/bin/python benchmarks/media.py [--lecture-seconds 180] [--camera-seconds 15]``

It makes its own samples with ffmpeg's lavfi sources:
- a *lecture*: 720p text slides changing every 20 s, a moving pointer, a speech-like track;
- a *camera* clip: 1080p, moving test pattern with sensor-like grain and a tone.
Then, for each sample:
1. the pipeline's wall time (probe, every job, verification, checksums, database writes) against
   the very same ffmpeg commands run by hand, one after the other (target ≤ 1.05×);
2. bytes per 10 minutes and SSIM (against the source scaled to the rung's size and frame rate)
   for every rung, beside Kolibri's low-resolution command (targets: data saver ≤ ½ of
   Kolibri's bytes with SSIM ≥ 0.95; audio-only ≤ 2 MB per 10 minutes);
3. encode speed of the whole ladder in × real time on this machine;
4. an AV1 (SVT-AV1) data-saver candidate against the H.264 one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
KOLIBRI_LOW_RES = (
    "-vf scale=w=-2:h=trunc(min(ih\\,480)/2)*2 -b:a 32k -ac 1 -crf 32 -profile:v baseline "
    "-level 3.0 -preset slow -movflags faststart"
)


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", *args], check=True)


def make_lecture(path: Path, seconds: int) -> Path:
    """Slides (three lines of text, new slide every 20 s), a moving pointer, speech-like sound."""
    slide = "%{eif\\:trunc(t/20)+1\\:d}"
    text = (
        f"drawtext=fontfile={FONT}:fontsize=64:fontcolor=black:x=80:y=80:text='Lesson slide {slide}',"
        f"drawtext=fontfile={FONT}:fontsize=40:fontcolor=0x203060:x=100:y=240:"
        f"text='- Newton second law  F = m a  (part {slide})',"
        f"drawtext=fontfile={FONT}:fontsize=40:fontcolor=0x203060:x=100:y=320:"
        "text='- units\\: newton, kilogram, metre per second squared',"
        f"drawtext=fontfile={FONT}:fontsize=40:fontcolor=0x603020:x=100:y=400:"
        "text='- exercise 3 page 42'"
    )
    # Speech-like: a voiced harmonic series with a syllable-rate envelope and pauses, over room
    # noise (no TTS engine is assumed on the machine).
    voice = (
        "aevalsrc='(0.45*sin(2*PI*(130+20*sin(2*PI*0.7*t))*t)+0.25*sin(2*PI*260*t)"
        "+0.15*sin(2*PI*390*t)+0.08*sin(2*PI*780*t))*(0.55+0.45*sin(2*PI*4*t))"
        f"*gt(sin(2*PI*0.23*t)\\,-0.6)':s=44100:d={seconds}"
    )
    ffmpeg(
        "-f", "lavfi", "-i", f"color=c=0xf4f1e8:s=1280x720:r=25:d={seconds}",
        "-f", "lavfi", "-i", f"color=c=red:s=28x28:r=25:d={seconds}",
        "-f", "lavfi", "-i", voice,
        "-f", "lavfi", "-i", f"anoisesrc=c=pink:a=0.01:r=44100:d={seconds}",
        "-filter_complex",
        f"[0:v]{text}[slides];[slides][1:v]overlay=x='200+300*sin(t/3)':y='520+60*sin(t/2)'[v];"
        "[2:a][3:a]amix=inputs=2:normalize=0[a]",
        "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "16",
        "-c:a", "aac", "-b:a", "128k",
        "-metadata", "location=+34.0209-006.8416/",
        str(path),
    )  # fmt: skip
    return path


def make_camera(path: Path, seconds: int) -> Path:
    """1080p moving pattern with temporal grain, like a phone camera, and a tone."""
    ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={seconds}",
        "-f", "lavfi", "-i", f"sine=f=330:sample_rate=48000:d={seconds}",
        "-vf", "noise=alls=10:allf=t",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
        "-c:a", "aac", "-b:a", "128k",
        str(path),
    )  # fmt: skip
    return path


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "library.settings.test"
    from django.conf import settings

    settings.DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(workdir / "bench.sqlite3"),
    }
    settings.MEDIA_ROOT = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_pipeline(source: Path):
    """Upload through the hook (immediate task backend): probe, every rung, poster, HLS."""
    from django.core.files import File

    from media_pipeline.models import MediaAsset

    started = time.perf_counter()
    with open(source, "rb") as handle:
        asset = MediaAsset.objects.create(
            title=source.stem, kind="video", original=File(handle, name=source.name)
        )
    wall = time.perf_counter() - started
    asset.refresh_from_db()
    if not asset.is_ready:
        raise SystemExit(f"pipeline failed: {asset.error_message}")
    return asset, wall


def hand_commands(source: Path, out: Path) -> list[list[str]]:
    """The same ffmpeg commands the pipeline runs, as an operator would type them."""
    from media_pipeline.ladder import (
        HLS,
        POSTER,
        audio_command,
        hls_command,
        plan_ladder,
        poster_command,
        video_command,
    )
    from media_pipeline.media_settings import media_setting
    from media_pipeline.probe import probe_file

    probe = probe_file(source)
    commands, video_outputs = [], []
    for rung in plan_ladder(probe):
        target = out / f"{rung.name}.{rung.extension}"
        if rung.type == "video":
            commands.append(video_command(rung, str(source), probe.demuxer, str(target)))
            video_outputs.append((rung.name, target))
        elif rung.type == "audio":
            commands.append(audio_command(rung, str(source), probe.demuxer, str(target)))
        elif rung.type == POSTER:
            commands.append(
                poster_command(
                    str(source), probe.demuxer, str(target), probe.duration, probe.width,
                    probe.height,
                )
            )  # fmt: skip
        elif rung.type == HLS:
            (out / "hls").mkdir()
            for name, mp4 in video_outputs:
                commands.append(
                    hls_command(
                        str(mp4),
                        str(out / "hls" / f"{name}.m3u8"),
                        str(out / "hls" / f"{name}_%04d.ts"),
                        media_setting("HLS_SEGMENT_SECONDS"),
                    )
                )
    return commands


def run_by_hand(commands: list[list[str]]) -> float:
    started = time.perf_counter()
    for arguments in commands:
        subprocess.run(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments],
            check=True,
        )
    return time.perf_counter() - started


def ssim(distorted: Path, source: Path, width: int, height: int, fps: float) -> float:
    """SSIM of a rung against the source scaled to the rung's size and frame rate."""
    result = subprocess.run(
        [
            "ffmpeg", "-nostdin", "-hide_banner", "-i", str(distorted), "-i", str(source),
            "-lavfi",
            f"[0:v]fps={fps},setpts=PTS-STARTPTS[d];"
            f"[1:v]fps={fps},scale={width}:{height}:flags=bicubic,setpts=PTS-STARTPTS[r];"
            "[d][r]ssim",
            "-f", "null", "-",
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    match = re.search(r"All:([0-9.]+)", result.stderr)
    return float(match.group(1)) if match else float("nan")


def probe_video(path: Path) -> tuple[int, int, float, float]:
    out = subprocess.run(
        [
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=width,height,avg_frame_rate:format=duration", "-of", "csv=p=0:nk=1", str(path),
        ],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    width, height, rate = out[0].split(",")
    num, den = rate.split("/")
    return int(width), int(height), float(num) / float(den), float(out[-1])


def per_ten_minutes(size: int, duration: float) -> float:
    return size * 600 / duration / 1_000_000


def encode(source: Path, target: Path, arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", str(source)]
        + arguments
        + [str(target)],
        check=True,
        capture_output=True,  # SVT-AV1 prints its banner straight to stderr
    )
    return time.perf_counter() - started


def bench_sample(label: str, source: Path, workdir: Path, av1: bool, rounds: int = 1) -> None:
    from media_pipeline.models import Rendition

    duration = probe_video(source)[3]
    # Interleaved, best of `rounds`: the machine is shared, so take each side's quietest run.
    hand_walls, pipeline_walls = [], []
    for attempt in range(rounds):
        hand_dir = workdir / f"hand-{label}-{attempt}"
        hand_dir.mkdir()
        hand_walls.append(run_by_hand(hand_commands(source, hand_dir)))
        asset, wall = run_pipeline(source)
        pipeline_walls.append(wall)
    hand_wall, pipeline_wall = min(hand_walls), min(pipeline_walls)
    print(f"\n== {label}: {asset.width}x{asset.height}, {duration:.0f} s ==")
    print(
        f"wall time: pipeline {pipeline_wall:.1f} s, same ffmpeg commands by hand "
        f"{hand_wall:.1f} s -> {pipeline_wall / hand_wall:.3f}x (target <= 1.05x; best of "
        f"{rounds}: pipeline {', '.join(f'{w:.1f}' for w in pipeline_walls)}, by hand "
        f"{', '.join(f'{w:.1f}' for w in hand_walls)})"
    )
    print(f"encode speed, whole ladder: {duration / pipeline_wall:.2f}x real time")

    rows = []
    media_root = Path(asset.original.storage.location)
    for rendition in asset.renditions.exclude(type=Rendition.Type.HLS).order_by("size"):
        path = media_root / rendition.file.name
        score = ""
        if rendition.type == Rendition.Type.VIDEO:
            width, height, fps, _ = probe_video(path)
            score = f"{ssim(path, source, width, height, fps):.4f}"
            size_label = f"{width}x{height}@{fps:g}"
        else:
            size_label = "audio"
        rows.append((rendition.profile, size_label, rendition.size, score))

    kolibri_out = workdir / f"kolibri-{label}.mp4"
    kolibri_time = encode(source, kolibri_out, KOLIBRI_LOW_RES.split())
    kw, kh, kfps, _ = probe_video(kolibri_out)
    kolibri_size = kolibri_out.stat().st_size
    kolibri_ssim = ssim(kolibri_out, source, kw, kh, kfps)
    rows.append(("kolibri-low-res", f"{kw}x{kh}@{kfps:g}", kolibri_size, f"{kolibri_ssim:.4f}"))

    print(f"{'rung':<16} {'size':<16} {'MB/10 min':>10} {'SSIM':>8}")
    for name, size_label, size, score in rows:
        print(f"{name:<16} {size_label:<16} {per_ten_minutes(size, duration):>10.2f} {score:>8}")
    saver = asset.renditions.get(profile="datasaver")
    opus = asset.renditions.filter(profile="audio_opus").first()
    print(
        f"data saver / Kolibri bytes: {saver.size / kolibri_size:.2f} (target <= 0.50); "
        f"Kolibri encode {kolibri_time:.1f} s"
    )
    if opus:
        print(
            f"audio-only (Opus): {per_ten_minutes(opus.size, duration):.2f} MB / 10 min "
            "(target <= 2 MB)"
        )
    if av1:
        bench_av1(label, source, workdir, media_root / saver.file.name, duration)


def video_bytes(path: Path) -> int:
    """Bytes of the video stream alone (audio is the same AAC track for both codecs)."""
    out = subprocess.run(
        [
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size",
            "-of", "csv=p=0", str(path),
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return sum(int(line) for line in out.split() if line.strip().isdigit())


def bench_av1(label: str, source: Path, workdir: Path, h264: Path, duration: float) -> None:
    """SVT-AV1 at the data saver's size and frame rate against its H.264 video stream."""
    width, height, fps, _ = probe_video(h264)
    h264_ssim = ssim(h264, source, width, height, fps)
    h264_video = video_bytes(h264)
    print(
        f"AV1 candidate (SVT-AV1 preset 8) vs the H.264 data saver's video stream "
        f"({per_ten_minutes(h264_video, duration):.2f} MB/10 min, SSIM {h264_ssim:.4f}):"
    )
    for crf in (48, 56, 63):
        target = workdir / f"av1-{label}-{crf}.mp4"
        seconds = encode(
            source,
            target,
            [
                "-map", "0:v:0", "-an", "-map_metadata", "-1",
                "-vf", f"fps={fps},scale={width}:{height},format=yuv420p",
                "-c:v", "libsvtav1", "-preset", "8", "-crf", str(crf),
                "-g", str(int(fps * 30)), "-movflags", "+faststart",
            ],
        )  # fmt: skip
        score = ssim(target, source, width, height, fps)
        size = video_bytes(target)
        print(
            f"  crf {crf}: {per_ten_minutes(size, duration):.2f} MB/10 min, SSIM {score:.4f}, "
            f"{size / h264_video:.2f}x the H.264 video bytes, encode {duration / seconds:.1f}x "
            "real time"
        )
    print("  (H.264 data saver encode for comparison: see the ladder's speed above)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lecture-seconds", type=int, default=180)
    parser.add_argument("--camera-seconds", type=int, default=15)
    parser.add_argument("--no-av1", action="store_true")
    parser.add_argument("--no-camera", action="store_true")
    parser.add_argument("--rounds", type=int, default=2, help="timing runs per side (best kept)")
    arguments = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="maktaba-media-bench-"))
    try:
        print(
            f"ffmpeg: {subprocess.run(['ffmpeg', '-version'], capture_output=True, text=True).stdout.splitlines()[0]}"
        )
        print(f"cores: {os.cpu_count()}")
        started = time.perf_counter()
        lecture = make_lecture(workdir / "lecture.mp4", arguments.lecture_seconds)
        camera = None
        if not arguments.no_camera:
            camera = make_camera(workdir / "camera.mp4", arguments.camera_seconds)
        print(f"samples made in {time.perf_counter() - started:.0f} s")
        setup_django(workdir)
        bench_sample("lecture", lecture, workdir, av1=not arguments.no_av1, rounds=arguments.rounds)
        if camera is not None:
            bench_sample("camera", camera, workdir, av1=False, rounds=arguments.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

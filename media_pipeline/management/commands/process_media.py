"""Run pending media work in the foreground (for the demo and for operators).

The ``media`` worker normally does this; the command is for when there is no worker, or to
retry what failed: ``python manage.py process_media [--asset ID] [--retry-failed]``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from media_pipeline import jobs, tasks
from media_pipeline.ladder import HLS
from media_pipeline.models import MediaAsset, TranscodeJob


class Command(BaseCommand):
    help = "Probe uploaded media and run queued transcoding jobs in the foreground."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--asset", type=int, help="Only this asset (its id).")
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Give failed jobs (and refused uploads) a fresh set of attempts first.",
        )

    def handle(self, *args, asset: int | None = None, retry_failed: bool = False, **options):
        assets = MediaAsset.objects.all()
        if asset is not None:
            assets = assets.filter(pk=asset)
            if not assets.exists():
                raise CommandError(f"There is no media asset {asset}.")
        requeued = tasks.enqueue_stale_jobs()
        if requeued:
            self.stdout.write(f"Requeued {len(requeued)} interrupted job(s).")
        if retry_failed:
            for failed_asset in assets.filter(state=MediaAsset.State.FAILED):
                if not failed_asset.jobs.exists():
                    MediaAsset.objects.filter(pk=failed_asset.pk).update(
                        state=MediaAsset.State.UPLOADED, error_message=""
                    )
            for job in TranscodeJob.objects.filter(
                asset__in=assets, state=TranscodeJob.State.FAILED
            ):
                TranscodeJob.objects.filter(pk=job.pk).update(
                    state=TranscodeJob.State.QUEUED,
                    attempts=0,
                    progress=0,
                    next_attempt_at=None,
                    error_message="",
                    error_detail="",
                )
        for pending in assets.filter(state=MediaAsset.State.UPLOADED).order_by("pk"):
            jobs.probe_asset(pending.pk)  # its jobs are run below, in the foreground
            pending.refresh_from_db()
            self.stdout.write(f"Asset {pending.pk}: {pending.get_state_display()}")
        # Video rungs and audio first, the HLS playlist last (it packages the video rungs).
        queued = TranscodeJob.objects.filter(asset__in=assets, state=TranscodeJob.State.QUEUED)
        ordered = list(queued.exclude(profile=HLS).order_by("pk")) + list(
            queued.filter(profile=HLS).order_by("pk")
        )
        for job in ordered:
            run = jobs.run_job(job.pk, respect_backoff=False)
            tasks.enqueue_due(run.due)
            self.stdout.write(f"Asset {job.asset_id} · {job.profile}: {run.state}")
        for done in assets.order_by("pk"):
            tasks.enqueue_due(jobs.update_asset_state(done))
            done.refresh_from_db()
            line = f"Asset {done.pk} «{done.title}»: {done.get_state_display()}"
            if done.error_message:
                line += f" — {done.error_message}"
            self.stdout.write(line)

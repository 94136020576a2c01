"""A saved assignment reaches the queue once its transaction commits (its classes are then in):
``tasks.notify_new_assignment_task`` tells only the families not told yet."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Assignment


@receiver(post_save, sender=Assignment, dispatch_uid="assignments.new_assignment_notice")
def assignment_saved(sender, instance: Assignment, **kwargs) -> None:
    if instance.state != Assignment.State.ACTIVE:
        return
    from . import tasks

    assignment_id = instance.pk
    transaction.on_commit(lambda: tasks.enqueue_new_assignment(assignment_id))

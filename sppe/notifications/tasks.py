"""Delivery of the outbox through the task queue (django-tasks)."""

from django_tasks import task

from .services import message_deliver


@task()
def deliver(message_id: int) -> str:
    # Failures are recorded on the message and retried (services.py): the task itself
    # does not raise, so no address or text ends up in the task results table.
    return message_deliver(message_id=message_id)

"""Background work of the offer: e-mails go through the task queue (django-tasks)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: str, subject: str, body: str) -> None:
    # A failure raises, so the task backend records it and it can be retried.
    send_mail(subject, body, None, [to], fail_silently=False)

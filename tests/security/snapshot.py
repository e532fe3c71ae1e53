"""The whole content of the project's tables, to prove that a refused request wrote nothing."""

from django.apps import apps
from django.core import serializers


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("sppe.")]


def database_snapshot() -> dict[str, str]:
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in project_models()
    }


def changed_tables(before: dict[str, str]) -> list[str]:
    after = database_snapshot()
    return [label for label in before if before[label] != after[label]]


def drain(response):
    """Read a streamed response to its end, which closes its file.

    Calling `response.close()` instead would send `request_finished`, which closes
    the database connection of a test running in a transaction (PostgreSQL).
    """
    if response.streaming:
        b"".join(response.streaming_content)
    return response

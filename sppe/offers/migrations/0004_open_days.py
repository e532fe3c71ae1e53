from collections import defaultdict

from django.db import migrations, models


def summary(schedule):
    """open_days, regular_opens, regular_closes, as schedule.schedule_summary() in 2026."""
    schedule = schedule or {}
    mask = 0
    for day, intervals in schedule.items():
        if intervals:
            mask |= 1 << int(day)
    spans = {tuple(intervals[0]) for intervals in schedule.values() if len(intervals) == 1}
    regular = len(spans) == 1 and all(len(intervals) == 1 for intervals in schedule.values())
    opens, closes = spans.pop() if regular else (None, None)
    return mask, opens, closes


def fill_summaries(apps, schema_editor):
    """Derive the search columns from the weekly schedules already stored."""
    for name in ("Childminder", "Establishment", "Mam"):
        model = apps.get_model("offers", name)
        by_summary = defaultdict(list)
        for pk, schedule in model.objects.values_list("pk", "weekly_schedule").iterator():
            by_summary[summary(schedule)].append(pk)
        for (mask, opens, closes), pks in by_summary.items():
            for start in range(0, len(pks), 900):
                model.objects.filter(pk__in=pks[start : start + 900]).update(
                    open_days=mask, regular_opens=opens, regular_closes=closes
                )


def schedule_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="open_days",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name=model_name,
            name="regular_opens",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name=model_name,
            name="regular_closes",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_shared_care_contact"),
    ]

    operations = [
        *schedule_fields("childminder"),
        *schedule_fields("establishment"),
        *schedule_fields("mam"),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]

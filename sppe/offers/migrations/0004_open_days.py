from collections import defaultdict

from django.db import migrations, models


def weekday_mask(schedule):
    mask = 0
    for day, intervals in (schedule or {}).items():
        if intervals:
            mask |= 1 << int(day)
    return mask


def fill_open_days(apps, schema_editor):
    """Derive open_days from the weekly schedules already stored."""
    for name in ("Childminder", "Establishment", "Mam"):
        model = apps.get_model("offers", name)
        by_mask = defaultdict(list)
        for pk, schedule in model.objects.values_list("pk", "weekly_schedule").iterator():
            mask = weekday_mask(schedule)
            if mask:
                by_mask[mask].append(pk)
        for mask, pks in by_mask.items():
            for start in range(0, len(pks), 900):
                model.objects.filter(pk__in=pks[start : start + 900]).update(open_days=mask)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_shared_care_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="childminder",
            name="open_days",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="establishment",
            name="open_days",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="mam",
            name="open_days",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_open_days, migrations.RunPython.noop),
    ]

"""Keep `Territory.perimeter_version` in step with what the commune index holds."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .commune_index import clear_cache, perimeter_changed
from .models import Commune, Territory


@receiver(m2m_changed, sender=Territory.communes.through)
def territory_communes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # instance is a Commune, pk_set holds territories (None on clear)
        perimeter_changed(territory_ids=pk_set)
        return
    perimeter_changed(territory_ids=[instance.pk])
    # The instance in hand must not keep (and later save) the old version.
    instance.perimeter_version = (
        Territory.objects.filter(pk=instance.pk).values_list("perimeter_version", flat=True).first()
        or 0
    )


@receiver(post_save, sender=Commune)
@receiver(post_delete, sender=Commune)
def commune_changed(sender, **kwargs):
    # A name or coordinates may have changed; deleting a commune also drops it from
    # perimeters without any m2m_changed signal. Rare writes: every territory is bumped.
    perimeter_changed()


@receiver(post_save, sender=Territory)
def territory_saved(sender, created, **kwargs):
    # A new territory may get the primary key of a deleted one (SQLite, rolled-back
    # tests): whatever this process cached under that key is dropped.
    if created:
        clear_cache()


@receiver(post_delete, sender=Territory)
def territory_deleted(sender, **kwargs):
    clear_cache()

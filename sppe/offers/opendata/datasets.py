"""The datasets the territory publishes, their schema, formats and rows."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..enums import OfferKind
from . import data_inclusion, scdl
from .records import KIND_ORDER, iter_records, published_querysets

LICENCE_TITLE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_SPDX = "etalab-2.0"


@dataclass(frozen=True)
class ExportContext:
    source: str
    today: dt.date
    collectivity: str
    collectivity_siret: str = ""
    site_url: str = ""  # public address of the instance, for links to the place pages

    @classmethod
    def for_territory(cls, territory):
        return cls(
            source=data_inclusion.source_id(territory),
            today=timezone.localdate(),
            collectivity=territory.name if territory else "",
            collectivity_siret=territory.siret if territory else "",
            site_url=settings.BASE_URL,
        )


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    schema_title: str
    schema_url: str
    formats: tuple[str, ...]
    columns: list[str]
    kinds: tuple[str, ...]
    to_row: Callable[[dict, ExportContext], dict]

    def rows(self, territory, context: ExportContext) -> Iterator[dict]:
        for record in iter_records(published_querysets(territory, self.kinds)):
            yield self.to_row(record, context)

    def filename(self, territory, fmt: str, today: dt.date) -> str:
        """SCDL file naming: AAAAMMJJ_idProducteur_nom-du-fichier.ext (SIREN when known)."""
        producer = territory.epci.siren if territory and territory.epci_id else ""
        name = "-".join(
            part for part in (self.slug, slugify(territory.name if territory else "")) if part
        )
        return "_".join(part for part in (f"{today:%Y%m%d}", producer, name) if part) + f".{fmt}"


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="data-inclusion-structures",
            title=_("Lieux d'accueil du jeune enfant (structures data·inclusion)"),
            description=_(
                "Crèches et autres établissements d'accueil du jeune enfant, maisons "
                "d'assistants maternels, assistants maternels et services de garde à "
                "domicile du territoire : nom, commune, adresse publique, coordonnées "
                "publiques, horaires."
            ),
            schema_title=data_inclusion.SCHEMA_TITLE,
            schema_url=data_inclusion.SCHEMA_URL,
            formats=("json", "csv"),
            columns=data_inclusion.STRUCTURE_FIELDS,
            kinds=tuple(KIND_ORDER),
            to_row=lambda record, c: data_inclusion.structure(
                record, source=c.source, today=c.today, site_url=c.site_url
            ),
        ),
        Dataset(
            slug="data-inclusion-services",
            title=_("Services d'accueil du jeune enfant (services data·inclusion)"),
            description=_(
                "Le service d'accueil proposé par chaque lieu, classé dans la thématique "
                "« Garde d'enfants » (famille--garde-denfants) : âges accueillis, frais, "
                "accueil d'enfants en situation de handicap, horaires, moyens de contact."
            ),
            schema_title=data_inclusion.SCHEMA_TITLE,
            schema_url=data_inclusion.SCHEMA_URL,
            formats=("json", "csv"),
            columns=data_inclusion.SERVICE_FIELDS,
            kinds=tuple(KIND_ORDER),
            to_row=lambda record, c: data_inclusion.service(
                record, source=c.source, today=c.today, site_url=c.site_url
            ),
        ),
        Dataset(
            slug="scdl-equipements",
            title=_("Équipements d'accueil du jeune enfant (SCDL Équipements)"),
            description=_(
                "Les crèches, autres établissements d'accueil du jeune enfant et maisons "
                "d'assistants maternels, comme équipements collectifs du territoire : "
                "adresse, position, horaires, contact."
            ),
            schema_title=scdl.SCHEMA_TITLE,
            schema_url=scdl.SCHEMA_URL,
            formats=("csv",),
            columns=scdl.COLUMNS,
            kinds=(OfferKind.ESTABLISHMENT.value, OfferKind.MAM.value),
            to_row=lambda record, c: scdl.equipement(
                record, collectivity=c.collectivity, collectivity_siret=c.collectivity_siret
            ),
        ),
    )
}


def last_update(territory) -> dt.datetime | None:
    """Latest change of a published establishment or assistant maternel."""
    stamps = [
        published_querysets(territory, [kind])[0][1].aggregate(last=Max("updated_at"))["last"]
        for kind in (OfferKind.ESTABLISHMENT.value, OfferKind.CHILDMINDER.value)
    ]
    stamps = [stamp for stamp in stamps if stamp]
    return max(stamps) if stamps else None

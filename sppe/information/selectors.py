"""Reads for the family pages: local texts, contacts, the local prices of the simulator."""

import statistics
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from sppe.offers.enums import EstablishmentKind, Funding
from sppe.offers.models import Establishment

from .enums import ContentLanguage
from .fees.explanation import round_cents
from .models import Contact, LocalContent, PrintedGuide

INDICATIVE_PRICES = Path(__file__).resolve().parent / "data" / "indicative_prices.toml"


@dataclass(frozen=True)
class LocalBlock:
    content: LocalContent
    # The block is in French because none was written in the page's language.
    is_fallback: bool


def current_content_language() -> str:
    language = (get_language() or "fr").split("-")[0]
    return language if language in ContentLanguage.values else ContentLanguage.FRENCH


def local_blocks(keys, language: str | None = None) -> dict[str, LocalBlock]:
    """The territory's text for each key, in ``language`` or else in French."""
    language = language or current_content_language()
    wanted = {ContentLanguage.FRENCH.value, language}
    found = {}
    for block in LocalContent.objects.filter(key__in=list(keys), language__in=wanted):
        found.setdefault(block.key, {})[block.language] = block
    blocks = {}
    for key, by_language in found.items():
        if language in by_language:
            blocks[key] = LocalBlock(by_language[language], is_fallback=False)
        elif ContentLanguage.FRENCH in by_language:
            blocks[key] = LocalBlock(
                by_language[ContentLanguage.FRENCH], is_fallback=language != "fr"
            )
    return blocks


def public_contacts():
    return Contact.objects.public()


def latest_guide() -> PrintedGuide | None:
    return PrintedGuide.objects.order_by("-generated_at", "-pk").first()


@dataclass(frozen=True)
class SuggestedPrice:
    amount: Decimal
    # How many places of the territory the median comes from (0: indicative value).
    sample: int


@dataclass(frozen=True)
class SuggestedPrices:
    micro_creche_hourly_price: SuggestedPrice
    am_net_hourly_wage: SuggestedPrice
    gad_net_hourly_wage: SuggestedPrice
    indicative_date: date
    indicative_note: str


@cache
def _indicative() -> dict:
    with INDICATIVE_PRICES.open("rb") as handle:
        return tomllib.load(handle)


def _median(values) -> Decimal:
    return round_cents(Decimal(statistics.median(values)))


def suggested_prices(territory) -> SuggestedPrices:
    """Local prices proposed by the simulator: the territory's median where the offer
    knows it (PAJE micro-crèches' hourly price), an indicative value otherwise.

    The directory holds no wage of assistants maternels or home carers: those two are
    always indicative values.
    """
    indicative = _indicative()
    micro_creche = SuggestedPrice(Decimal(indicative["micro_creche_hourly_price"]), 0)
    if territory is not None:
        prices = list(
            Establishment.objects.filter(
                is_active=True,
                kind=EstablishmentKind.MICRO_CRECHE,
                funding=Funding.PAJE,
                hourly_price__isnull=False,
                hourly_price__gt=0,
                commune__in=territory.communes.all(),
            ).values_list("hourly_price", flat=True)
        )
        if prices:
            micro_creche = SuggestedPrice(_median(prices), len(prices))
    return SuggestedPrices(
        micro_creche_hourly_price=micro_creche,
        am_net_hourly_wage=SuggestedPrice(Decimal(indicative["am_net_hourly_wage"]), 0),
        gad_net_hourly_wage=SuggestedPrice(Decimal(indicative["gad_net_hourly_wage"]), 0),
        indicative_date=indicative["updated"],
        indicative_note=indicative["note"],
    )

import datetime as dt
import math
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from sppe.territories.commune_index import commune_index
from sppe.territories.insee import city_insee

from . import selectors
from .enums import OfferKind
from .forms import SearchForm
from .geocoding import CommuneGeocoder, GeocodingError, commune_location, get_geocoder
from .public import childminder_public, establishment_public, mam_public
from .results import result_items_html
from .schedule import describe_days, describe_schedule
from .search import SEARCHABLE_KINDS, SearchQuery, search_offers

PAGE_SIZE = 20


def _locate(request, form, communes):
    """The search centre: the address if given and found, otherwise the commune.

    `communes` is the territory's CommuneIndex.
    """
    data = form.cleaned_data
    if data.get("adresse"):
        try:
            found = get_geocoder(communes=communes.communes).geocode(data["adresse"], limit=1)
        except GeocodingError:
            found = []
            messages.warning(
                request,
                _(
                    "Le service d'adresses ne répond pas : la recherche part du centre "
                    "de la commune."
                ),
            )
        if not found:
            found = CommuneGeocoder(communes.communes).geocode(data["adresse"], limit=1)
        if found:
            return found[0]
        if not data.get("commune"):
            form.add_error("adresse", _("Adresse introuvable. Choisissez plutôt une commune."))
            return None
        messages.info(
            request, _("Adresse introuvable : la recherche part du centre de la commune.")
        )
    commune = communes.located_commune(data["commune"])
    if commune is None:
        form.add_error("commune", _("Cette commune ne fait pas partie du territoire."))
        return None
    return commune_location(commune)


def _home_commune(location, communes) -> str | None:
    """The family's commune when it is one of the territory's (home care serves them).

    A geocoded address may lie in an arrondissement (Paris, Lyon, Marseille), which
    stands for its city, or outside the territory, whose home care does not go there.
    """
    code = city_insee(location.commune_insee)
    return code if code in communes.by_insee else None


def _query(form, location, territory, communes) -> SearchQuery:
    data = form.cleaned_data
    kinds = frozenset(OfferKind(k) for k in data.get("mode") or []) or SEARCHABLE_KINDS | {
        OfferKind.HOME_CARE
    }

    def minutes(value):
        return value.hour * 60 + value.minute if value else None

    return SearchQuery(
        latitude=location.latitude,
        longitude=location.longitude,
        radius_km=float(data.get("rayon") or 10),
        child_age_months=data.get("age_months"),
        start_date=data.get("start_date"),
        days_mask=data["days_mask"],
        start_minute=minutes(data.get("heure_debut")),
        end_minute=minutes(data.get("heure_fin")),
        kinds=kinds,
        available_only=data.get("disponible", False),
        atypical_hours=data.get("atypique", False),
        inclusive_care=data.get("inclusif", False),
        sort=data.get("tri") or "distance",
        commune_insee=_home_commune(location, communes),
        territory_id=territory.pk,
    )


def elides(place: str) -> bool:
    """French writes "autour d'Aizenay" but "autour de Maché": elision before a vowel.

    A leading h is left alone: it is silent in some names and aspirated in others.
    """
    first = unicodedata.normalize("NFD", place.strip()[:1].lower())[:1]
    return first in {"a", "e", "i", "o", "u", "y"}


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def _search_page(query, number, territory):
    """(page number, SearchPage); a number beyond the results shows the last page."""

    def run(number):
        return search_offers(
            query,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            stale_after_days=territory.availability_stale_after_days,
        )

    page = run(number)
    last = max(1, math.ceil(page.total / PAGE_SIZE))
    if number > last:  # an old or edited link: the results have fewer pages
        number = last
        page = run(number)
    return number, page


@require_GET
def search(request):
    territory = selectors.current_territory(request)
    communes = commune_index(territory)
    # Any criterion sent counts as a search: sent without a commune, it says what is missing.
    submitted = any(name in request.GET for name in SearchForm.base_fields)
    form = SearchForm(request.GET if submitted else None, communes=communes)
    context = {"form": form, "submitted": submitted}
    if submitted and form.is_valid():
        location = _locate(request, form, communes)
        if location is not None:
            query = _query(form, location, territory, communes)
            number, page = _search_page(query, _page_number(request), territory)
            paginator = Paginator(range(page.total), PAGE_SIZE)
            params = request.GET.copy()
            params.pop("page", None)
            hits = hits_for_page(page.hits)
            context.update(
                location=location,
                place_elides=elides(location.label),
                results=page,
                result_items=result_items_html(hits),
                page_obj=paginator.get_page(number),
                querystring=params.urlencode(),
                map_points=[
                    {
                        "name": h.name,
                        "lat": h.latitude,
                        "lon": h.longitude,
                        "url": url,
                        "free": h.free_places,
                    }
                    for h, url, _texts in hits
                ],
                map_tiles=settings.MAP_TILES_URL,
                map_attribution=settings.MAP_ATTRIBUTION,
            )
    return render(request, "offers/search.html", context)


HIT_URL_NAMES = {
    OfferKind.CHILDMINDER.value: "offers:childminder",
    OfferKind.ESTABLISHMENT.value: "offers:establishment",
    OfferKind.MAM.value: "offers:mam",
}
_PK_PLACEHOLDER = 8_080_808_080_808


def hit_url(hit):
    return reverse(HIT_URL_NAMES[hit.kind], args=[hit.id])


def hits_for_page(hits):
    """(hit, URL of its page, its sentences) for results.result_items_html().

    One reverse() per kind rather than per hit. The sentences that carry a value are
    translated here, with the msgids a {% blocktranslate %} would use and the same
    output: in the template they cost four fifths of the results list's rendering.
    """
    halves = {}
    texts = _HitTexts()
    rows = []
    for hit in hits:
        if hit.kind not in halves:
            url = reverse(HIT_URL_NAMES[hit.kind], args=[_PK_PLACEHOLDER])
            parts = url.split(str(_PK_PLACEHOLDER))
            halves[hit.kind] = parts if len(parts) == 2 else None
        parts = halves[hit.kind]
        url = f"{parts[0]}{hit.id}{parts[1]}" if parts else hit_url(hit)
        rows.append((hit, url, texts(hit)))
    return rows


class _HitTexts:
    """The sentences of one page of hits, in the active language.

    Values render as {{ value }} would (localised, escaped); dates as |date:"j F Y"
    (aware datetimes in the current time zone). Hits share few dates and counts: each
    is formatted once per page.
    """

    def __init__(self):
        self.distance = _("à %(km)s km")
        self.free_from = _("à partir du %(date)s")
        self.updated = _("mise à jour le %(date)s")
        self.places = {}
        self.dates = {}

    def date(self, value) -> str:
        day = template_localtime(value)
        day = day.date() if isinstance(day, dt.datetime) else day
        if day not in self.dates:
            self.dates[day] = escape(date_format(day, "j F Y"))
        return self.dates[day]

    def count(self, number) -> str:
        if number not in self.places:
            self.places[number] = ngettext(
                "%(counter)s place libre", "%(counter)s places libres", number
            ) % {"counter": escape(localize(number))}
        return self.places[number]

    def __call__(self, hit) -> dict[str, str]:
        # The translations are trusted HTML, as in {% blocktranslate %}; values are escaped.
        texts = {"distance": self.distance % {"km": escape(localize(hit.distance_km))}}
        if hit.free_places:
            texts["places"] = self.count(hit.free_places)
        if hit.next_free_date:
            texts["free_from"] = self.free_from % {"date": self.date(hit.next_free_date)}
        if hit.updated_at:
            texts["updated"] = self.updated % {"date": self.date(hit.updated_at)}
        return {key: mark_safe(value) for key, value in texts.items()}  # noqa: S308


def _availability_rows(availabilities):
    return [
        {
            "places": a.places,
            "from": a.available_from,
            "days": describe_days(a.days),
            "ages": (a.age_min_months, a.age_max_months),
            "section": a.section.name if a.section_id else "",
        }
        for a in availabilities
    ]


@require_GET
def childminder_detail(request, pk):
    territory = selectors.current_territory(request)
    am = selectors.public_childminder(pk, territory)
    availabilities = selectors.open_availabilities(childminder=am)
    return render(
        request,
        "offers/childminder_detail.html",
        {
            "am": childminder_public(am),
            "schedule": describe_schedule(am.weekly_schedule),
            "availabilities": _availability_rows(availabilities),
            "is_stale": am.availability_updated_at is None
            or am.availability_updated_at < selectors.stale_before(territory),
            "relay": None if am.phone_is_public and am.phone else selectors.relay_for(am.commune),
        },
    )


@require_GET
def establishment_detail(request, pk):
    territory = selectors.current_territory(request)
    establishment = selectors.public_establishment(pk, territory)
    sections = establishment.sections.all()
    availabilities = selectors.open_availabilities(
        section__establishment=establishment
    ).select_related("section")
    return render(
        request,
        "offers/establishment_detail.html",
        {
            "place": establishment_public(establishment),
            "establishment": establishment,
            "sections": sections,
            "schedule": describe_schedule(establishment.weekly_schedule),
            "availabilities": _availability_rows(availabilities),
            "is_stale": establishment.availability_updated_at is None
            or establishment.availability_updated_at < selectors.stale_before(territory),
        },
    )


@require_GET
def mam_detail(request, pk):
    territory = selectors.current_territory(request)
    mam = selectors.public_mam(pk, territory)
    members = mam.childminders.filter(is_active=True).select_related("commune", "mam")
    availabilities = selectors.open_availabilities(childminder__mam=mam).select_related(
        "childminder"
    )
    return render(
        request,
        "offers/mam_detail.html",
        {
            "mam": mam_public(mam),
            "members": [childminder_public(am) for am in members],
            "schedule": describe_schedule(mam.weekly_schedule),
            "availabilities": _availability_rows(availabilities),
        },
    )

"""The offer pages in English and Arabic: no French left on them, the right `lang` and `dir`,
and the French pages unchanged."""

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from sppe.accounts.enums import Role
from sppe.offers import schedule
from sppe.offers.enums import Funding
from sppe.offers.forms import AvailabilityRowForm, MagicLinkRequestForm, SearchForm
from sppe.offers.models import SharedCareAd
from sppe.offers.shared_care import SharedCareAdForm, SharedCareContactForm
from tests.information.translations import ensure_compiled

from .factories import (
    AvailabilityFactory,
    ChildminderFactory,
    EstablishmentFactory,
    MamFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# French words of the texts these pages show. None may remain once a page is translated;
# words that English shares with French ("places", "section", "contact", "crèche") are left
# out, and so are names kept in French on purpose (Relais Petite Enfance, monenfant.fr).
# fmt: off
FRENCH_WORDS = [
    "à", "au", "aux", "du", "des", "et", "le", "la", "les", "une", "pour", "avec", "vous",
    "votre", "vos", "sur", "dans", "accueil", "annonce", "annonces", "assistant", "assistants",
    "maternel", "maternels", "autour", "carte", "commune", "communes", "contactez", "couches",
    "critères", "disponibilités", "enfant", "enfants", "fermé", "garde", "partagée",
    "horaires", "jardin", "libre", "libres", "lien", "mois", "ouverture", "précédente",
    "suivante", "recherche", "rechercher", "résultat", "résultats", "retour", "repas",
    "téléphone", "trouver", "mise", "jour", "jours", "partir", "mettre", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars",
    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "mentions", "légales", "données", "personnelles", "accessibilité", "langue", "changer",
    "connecter", "publier", "envoyer", "filtrer", "recevoir", "tarif", "revenus", "aucune",
    "ancienne",
]
# fmt: on
WORD = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(w) for w in FRENCH_WORDS) + r")(?!\w)", re.IGNORECASE
)
TEMPLATES = Path(settings.BASE_DIR) / "sppe" / "templates" / "offers"
# fmt: off
FAMILY_TEMPLATES = [
    "search.html", "_schedule.html", "_availabilities.html",
    "childminder_detail.html", "establishment_detail.html", "mam_detail.html",
    "availability_request.html", "availability_form.html", "availability_link_invalid.html",
    "availability_no_profile.html", "shared_care_list.html", "shared_care_form.html",
]
# fmt: on


@pytest.fixture(autouse=True, scope="module")
def compiled_translations():
    ensure_compiled()


def visible_text(page: str) -> str:
    """What a reader or a screen reader gets: text, titles and accessible names."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    names = re.findall(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(names))


def french_words(page: str) -> set[str]:
    # The example of an address stays a French address in every language.
    text = visible_text(page).replace("12 rue de la Gare", "")
    return {match.lower() for match in WORD.findall(text)}


@pytest.fixture
def offer(territory, make_user):
    territory.name = "Vendée Test"
    territory.save()
    home, near, third = territory.communes.order_by("insee_code")
    for commune, name, latitude, longitude in (
        (home, "Aizenay", 46.74, -1.61),
        (near, "Maché", 46.755, -1.675),
        (third, "Apremont", 46.75, -1.74),
    ):
        commune.name, commune.latitude, commune.longitude = name, latitude, longitude
        commune.save()
    mam = MamFactory(name="Lucioles", commune=home, address="3 Oak Street")
    am = ChildminderFactory(
        first_name="Nathalie", commune=near, mam=mam, phone="02 51 00 00 00", has_garden=True
    )
    AvailabilityFactory(childminder=am, places=2, available_from=dt.date(2030, 1, 7))
    creche = EstablishmentFactory(
        name="Lutins",
        commune=home,
        address="1 Oak Street",
        funding=Funding.PAJE,
        hourly_price=9.5,
        meals_provided=True,
        opening_hours="Mo-Fr 07:30-18:30; Sa 08:00-12:00",
    )
    babies = SectionFactory(establishment=creche, name="Bébés", age_min_months=2)
    AvailabilityFactory(section=babies, places=1, days=0b01011)
    family = make_user(Role.FAMILY, email="famille@exemple.test")
    other = make_user(Role.FAMILY, email="autre@exemple.test")
    start = timezone.localdate() + dt.timedelta(days=60)
    for author, days in ((family, 0b11111), (other, 0b01011)):
        SharedCareAd.objects.create(
            family=author, commune=home, child_age_months=8, days=days, start_date=start
        )
    return {"am": am, "creche": creche, "mam": mam, "family": family, "home": home.insee_code}


def pages(client, offer) -> dict[str, str]:
    """The family pages to check, in the language the browser asks for."""
    return {
        "search": reverse("offers:search") + f"?commune={offer['home']}&rayon=10",
        "childminder": reverse("offers:childminder", args=[offer["am"].pk]),
        "establishment": reverse("offers:establishment", args=[offer["creche"].pk]),
        "mam": reverse("offers:mam", args=[offer["mam"].pk]),
        "availability_request": reverse("offers:availability_request"),
        "shared_care": reverse("offers:shared_care"),
        "shared_care_form": reverse("offers:shared_care_create"),
    }


def get(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_offer_pages_have_no_french_left(client, offer, language, direction):
    client.force_login(offer["family"])
    for name, url in pages(client, offer).items():
        french = get(client, url, "fr")
        assert '<html lang="fr" dir="ltr"' in french, name
        assert len(french_words(french)) >= 5, name  # the word list does catch French
        page = get(client, url, language)
        assert f'<html lang="{language}" dir="{direction}"' in page, name
        assert french_words(page) == set(), name


def test_search_and_place_pages_in_english(client, offer):
    search = visible_text(get(client, reverse("offers:search") + f"?commune={offer['home']}", "en"))
    assert "3 results around Aizenay" in search
    assert "licensed for 4 children" in search
    assert "Multi-care centre — 30 places" in search
    assert "from 7 January 2030" in search
    assert "Monday" in search and "Saturday" in search
    creche = get(client, reverse("offers:establishment", args=[offer["creche"].pk]), "en")
    creche = visible_text(creche)
    assert "from Monday to Friday" not in creche  # the section is open three days
    assert "Monday, Tuesday and Thursday" in creche
    assert "7:30 – 18:30" in creche and "8:00 – 12:00" in creche and "closed" in creche
    assert "Price set by the provider: €9.50 per hour." in creche


def test_search_and_place_pages_in_arabic(client, offer):
    search = visible_text(get(client, reverse("offers:search") + f"?commune={offer['home']}", "ar"))
    assert "7 يناير 2030" in search  # Django's Arabic month names
    am = visible_text(get(client, reverse("offers:childminder", args=[offer["am"].pk]), "ar"))
    assert "من الاثنين إلى الجمعة" in am
    assert "الاثنين" in am and "مغلق" in am
    assert "مكانان" in am  # the Arabic dual
    assert "مساعدة أمومة معتمدة في Maché، في دار لمساعدات الأمومة (Lucioles)." in am
    assert "يمكنها استقبال 4 أطفال في الوقت نفسه، من 0 إلى 72 شهرًا." in am
    assert '<h2 id="about-title">الرعاية</h2>' in get(
        client, reverse("offers:childminder", args=[offer["am"].pk]), "ar"
    )


def test_french_pages_are_unchanged(client, offer):
    search = visible_text(get(client, reverse("offers:search") + f"?commune={offer['home']}", "fr"))
    assert "3 résultats autour d'Aizenay" in search
    assert "agrément pour 4 enfants" in search
    assert "Multi-accueil — 30 places" in search
    assert "à partir du 7 janvier 2030" in search
    assert "Lundi" in search and "Samedi" in search
    creche = get(client, reverse("offers:establishment", args=[offer["creche"].pk]), "fr")
    creche = visible_text(creche)
    assert "lundi, mardi et jeudi" in creche
    assert "7 h 30 – 18 h 30" in creche and "8 h – 12 h" in creche and "fermé" in creche
    assert "Prix fixé par la structure : 9,50 € de l'heure." in creche
    am = visible_text(get(client, reverse("offers:childminder", args=[offer["am"].pk]), "fr"))
    assert "2 places" in am and "du lundi au vendredi" in am
    assert "Assistant maternel agréé à Maché, en maison d'assistants maternels (Lucioles)." in am
    assert "Peut accueillir 4 enfants à la fois, de 0 à 72 mois." in am
    mam = visible_text(get(client, reverse("offers:mam", args=[offer["mam"].pk]), "fr"))
    assert "4 enfants, de 0 à 72 mois" in mam


def test_describe_functions_speak_the_active_language():
    with translation.override("fr"):
        assert schedule.describe_days(0) == "aucun jour"
        assert schedule.describe_days(0b11111) == "du lundi au vendredi"
        assert schedule.describe_days(0b1011) == "lundi, mardi et jeudi"
        assert schedule.describe_days(0b100) == "mercredi"
        assert schedule.format_minutes(450) == "7 h 30"
        assert schedule.format_minutes(1080) == "18 h"
        rows = schedule.describe_schedule({"0": [[450, 720], [810, 1110]]})
        assert rows[0] == ("lundi", "7 h 30 – 12 h, 13 h 30 – 18 h 30")
        assert rows[6] == ("dimanche", "fermé")
    with translation.override("en"):
        assert schedule.describe_days(0) == "no day"
        assert schedule.describe_days(0b11111) == "from Monday to Friday"
        assert schedule.describe_days(0b1011) == "Monday, Tuesday and Thursday"
        assert schedule.describe_schedule({"0": [[450, 1080]]})[0] == ("Monday", "7:30 – 18:00")
    with translation.override("ar"):
        assert schedule.describe_days(0b11111) == "من الاثنين إلى الجمعة"
        assert schedule.describe_days(0b1011) == "الاثنين، الثلاثاء والخميس"
        assert schedule.describe_schedule({})[4] == ("الجمعة", "مغلق")


def form_texts():
    forms = [
        SearchForm(),
        AvailabilityRowForm(),
        MagicLinkRequestForm(),
        SharedCareAdForm(),
        SharedCareContactForm(),
    ]
    for form in forms:
        for field in form.fields.values():
            yield from (field.label, field.help_text)
            yield from (label for _value, label in getattr(field, "choices", ()))


def msgid(text) -> str | None:
    """The untranslated message of a lazy translation, None for any other text."""
    args = getattr(text, "_args", None)
    return args[0] if args and isinstance(args[0], str) else None


TRANSLATE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")
BLOCK = re.compile(r"\{%\s*blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktranslate")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_offer_text_has_its_translation(language):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for name in FAMILY_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        msgids = [m.group(1) or m.group(2) for m in TRANSLATE.finditer(text)]
        for match in BLOCK.finditer(text):
            body = VARIABLE.sub(r"%(\1)s", match.group("body"))
            msgids.append(body.split("{% plural %}")[0])
        for text_id in msgids:
            message = catalogue.get(text_id)
            if message is None or not all(
                [message.string] if isinstance(message.string, str) else message.string
            ):
                missing.append((name, text_id))
    for text in form_texts():
        if msgid(text):
            message = catalogue.get(msgid(text))
            if message is None or not message.string:
                missing.append(("forms", msgid(text)))
    assert missing == []

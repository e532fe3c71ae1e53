"""A realistic, deterministic generator of a childcare offer: AM, MAM and EAJE.

The demo instance (`offers.py`), the department- and national-scale data sets
(`generate_offer`) and the search benchmark (bench/search_bench.py) all draw their
offer from here. Everything comes from one `random.Random(seed)`, consumed in a fixed
order, and dates are relative to a given `now`: the same seed and the same `now` give
the same rows.

People, names and addresses are fictional. Telephone numbers are taken from the
ranges ARCEP keeps for fiction (02 61 91 xx xx, 06 39 98 xx xx); e-mail addresses
use the reserved domain example.org.

Public points follow the privacy rule of `sppe.offers.models`: establishments, MAM and
AM who consent to publish their address get the commune centre plus a small jitter
(their "address"); other AM get the exact commune centre.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from sppe.core.french import a_commune, de_commune
from sppe.offers import schedule as schedules
from sppe.offers.enums import EstablishmentKind, Funding, ManagerType
from sppe.offers.models import Availability, Childminder, Establishment, Mam, Section

BATCH_SIZE = 1000
# Objects are written whenever this many AM are pending, so memory stays bounded.
FLUSH_EVERY = 10_000
STALE_AFTER_DAYS = 30
FRESHNESS_WINDOW_DAYS = 90
AVAILABILITY_HORIZON_DAYS = 183

# --- Vocabulary -------------------------------------------------------------------

# fmt: off
FEMALE_FIRST_NAMES = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Valérie", "Sandrine", "Christelle",
    "Stéphanie", "Céline", "Véronique", "Patricia", "Laurence", "Karine", "Aurélie", "Emilie",
    "Virginie", "Sophie", "Séverine", "Caroline", "Delphine", "Nadège", "Magali", "Elodie",
    "Julie", "Audrey", "Anne", "Martine", "Chantal", "Brigitte", "Corinne", "Florence",
    "Laetitia", "Mélanie", "Jessica", "Amandine", "Claire", "Hélène", "Pascale", "Annie",
    "Fabienne", "Dominique", "Béatrice", "Agnès", "Gaëlle", "Myriam", "Fatima", "Samia",
    "Nadia", "Leïla", "Aïcha", "Ana", "Maria", "Sabrina", "Morgane", "Anaïs", "Pauline",
    "Marion", "Justine", "Manon", "Lucie", "Camille", "Charlotte", "Océane", "Coralie",
    "Ludivine",
)
MALE_FIRST_NAMES = (
    "Thierry", "Laurent", "Olivier", "Karim", "David", "Julien", "Yann",
)
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
    "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas",
    "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc",
    "Payet", "Rolland", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert",
    "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet",
    "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris",
    "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez",
    "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel",
    "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon",
    "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
    "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet",
    "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau",
    "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay",
    "Pasquier", "Carlier", "Laporte", "Ogier", "Rabiller", "Bouron", "Gaborit", "Chaigneau",
    "Pogu", "Praud", "Bretaud", "Chiffoleau",
)
STREETS = (
    "des Lilas", "du Moulin", "de la Mairie", "des Écoles", "du Stade", "de l'Église",
    "des Tilleuls", "des Acacias", "du Château", "de la Gare", "des Jardins", "du Bocage",
    "des Peupliers", "de la Fontaine", "des Vignes", "du Lavoir", "des Mésanges", "des Rosiers",
    "du Pressoir", "de la Forge", "des Chênes", "des Hortensias", "de la Prairie", "du Verger",
    "des Cerisiers", "des Genêts", "des Primevères", "du Puits", "de la Vallée",
    "des Fauvettes", "des Érables", "du Clos", "de la Source", "des Bleuets", "des Coquelicots",
    "du Bourg", "de la Croix", "des Sports", "des Artisans", "du Prieuré", "de la Poste",
    "des Marronniers", "des Ajoncs", "des Bruyères", "de l'Étang", "du Parc",
)
PLACE_NAMES = (
    "Les Petits Lutins", "Les P'tits Loups", "Les Pitchouns", "Les Lucioles",
    "L'Île aux Enfants", "Les Doudous", "Pomme d'Api", "Les Coccinelles", "Les Bout'choux",
    "Les Galopins", "Les Petits Mousses", "Le Jardin des Câlins", "Les Frimousses",
    "Les Marmousets", "Les Petites Canailles", "Graine d'Éveil", "Les Petits Pas",
    "Les Moussaillons", "Les Petits Cailloux", "La Ribambelle", "Les Bambins",
    "Les Lutins du Bocage", "Les Hirondelles", "Les Petits Princes", "Les Diablotins",
    "Les Pirouettes", "Les Chérubins", "Les Oisillons", "Les Petits Explorateurs",
    "L'Arche des Petits", "Les Loupiots", "Les Minipousses", "Câlins Câlines",
    "Les Petits Bouchons", "Les Farfadets", "Les Écureuils", "Les Colibris", "Les Trotte-Menu",
    "Les Lapinous", "Les Petits Petons", "Au Pays des Doudous", "Les Cabrioles",
    "La Cabane des Loupiots", "Les Berlingots", "Les Marmots", "L'Envol des P'tits Bouts",
    "Les Petites Pousses", "Le Nid Douillet", "La Maison des Câlins", "Les Bambinous",
    "Les Petits Cœurs", "Les Copains d'Abord", "Les Canailloux", "Le Petit Navire",
    "Les Tournesols", "Les Pâquerettes", "Les Mille-Pattes", "Les Petites Étoiles",
    "La Courte Échelle", "Les Pious-Pious", "Les Petits Malins", "Le Temps des Comptines",
    "Les Grenadines", "Les Bulles d'Éveil",
)
LANGUAGES = (
    "anglais", "espagnol", "portugais", "arabe", "allemand", "italien", "turc", "roumain",
    "langue des signes française", "breton",
)
TRAININGS = (
    "Sauveteur secouriste du travail", "Accueil d'un enfant en situation de handicap",
    "Signes associés à la parole", "Éveil musical du jeune enfant",
    "Favoriser la bientraitance", "Alimentation et équilibre du jeune enfant",
    "Contes et comptines", "Motricité libre", "Prévention des douleurs au travail",
)
CHILDMINDER_TRAITS = (
    "Maison avec jardin clos, au calme.",
    "Sorties au relais petite enfance et à la médiathèque.",
    "À quelques minutes de l'école : accueil périscolaire possible.",
    "Activités d'éveil : peinture, pâte à sel, comptines.", "Repas faits maison.",
    "Promenades quotidiennes et jeux en extérieur.",
    "Expérience de l'accueil d'enfants en situation de handicap.",
    "Logement de plain-pied, non-fumeur, sans animal.",
    "Participe aux matinées d'éveil du relais chaque semaine.",
)
ESTABLISHMENT_TRAITS = (
    "Projet pédagogique centré sur l'autonomie et la motricité libre.",
    "Jardin sécurisé et espace de motricité.",
    "Repas préparés sur place avec des produits locaux.",
    "Éveil musical et lecture avec la médiathèque.", "Accueil régulier et occasionnel.",
    "Équipe formée à l'accueil des enfants en situation de handicap.",
    "Temps d'adaptation progressif avec les parents.",
)
CLOSURES = (
    "3 semaines en août, 1 semaine entre Noël et le jour de l'an.",
    "2 semaines en août, 1 semaine à Noël, le pont de l'Ascension.", "4 semaines en août.",
    "1 semaine au printemps, 3 semaines en été, 1 semaine à Noël.",
)
# fmt: on

# (OSM opening hours, weight): mostly ordinary days, some atypical ones.
CHILDMINDER_HOURS = (
    ("Mo-Fr 07:30-18:30", 34),
    ("Mo-Fr 07:00-19:00", 14),
    ("Mo-Fr 08:00-18:00", 12),
    ("Mo-Fr 07:00-18:00", 8),
    ("Mo-Th 07:30-18:30", 7),
    ("Mo,Tu,Th,Fr 07:30-18:30", 10),
    ("Mo,Tu,Th,Fr 08:00-17:30", 5),
    ("Mo-Fr 06:00-20:00", 4),
    ("Mo-Fr 07:00-19:00; Sa 08:00-13:00", 3),
    ("Mo-Fr 05:30-19:00", 2),
    ("Mo-Fr 07:30-21:00", 1),
)
MAM_HOURS = (
    ("Mo-Fr 07:00-19:00; PH off", 50),
    ("Mo-Fr 07:30-18:30; PH off", 35),
    ("Mo-Fr 06:30-19:30; PH off", 10),
    ("Mo-Fr 06:00-20:00; Sa 07:00-13:00; PH off", 5),
)
COLLECTIVE_HOURS = (
    ("Mo-Fr 07:30-18:30; PH off", 55),
    ("Mo-Fr 07:15-18:45; PH off", 20),
    ("Mo-Fr 07:00-19:00; PH off", 20),
    ("Mo-Fr 06:00-21:00; PH off", 3),
    ("Mo-Sa 06:30-20:00; PH off", 2),
)
MICRO_CRECHE_HOURS = (
    ("Mo-Fr 07:00-19:00; PH off", 50),
    ("Mo-Fr 07:30-19:00; PH off", 25),
    ("Mo-Fr 07:30-18:30; PH off", 17),
    ("Mo-Fr 06:30-19:30; PH off", 5),
    ("Mo-Fr 06:00-20:00; PH off", 3),
)
HALTE_HOURS = (
    ("Mo-Fr 08:30-17:30; PH off", 60),
    ("Mo,Tu,Th,Fr 08:30-12:00,13:30-17:30; PH off", 40),
)

# Weekday masks of an AM's free places (3 to 5 days), with weights.
AVAILABILITY_DAYS = (
    (0b11111, 45),  # Monday to Friday
    (0b11011, 20),  # all but Wednesday
    (0b01111, 15),  # Monday to Thursday
    (0b01011, 10),  # Monday, Tuesday, Thursday
    (0b11110, 10),  # Tuesday to Friday
)

# Kinds of EAJE at department and national scale: (kind, manager, funding, weight).
ESTABLISHMENT_MIX = (
    (EstablishmentKind.MICRO_CRECHE, ManagerType.PRIVATE, Funding.PAJE, 36),
    (EstablishmentKind.MICRO_CRECHE, ManagerType.ASSOCIATIVE, Funding.PSU, 6),
    (EstablishmentKind.MULTI_ACCUEIL, ManagerType.PUBLIC, Funding.PSU, 24),
    (EstablishmentKind.MULTI_ACCUEIL, ManagerType.ASSOCIATIVE, Funding.PSU, 11),
    (EstablishmentKind.MULTI_ACCUEIL, ManagerType.PRIVATE, Funding.PSU, 4),
    (EstablishmentKind.CRECHE_COLLECTIVE, ManagerType.PUBLIC, Funding.PSU, 6),
    (EstablishmentKind.CRECHE_COLLECTIVE, ManagerType.COMPANY, Funding.PSU, 3),
    (EstablishmentKind.HALTE_GARDERIE, ManagerType.PUBLIC, Funding.PSU, 4),
    (EstablishmentKind.CRECHE_FAMILIALE, ManagerType.PUBLIC, Funding.PSU, 3),
    (EstablishmentKind.CRECHE_PARENTALE, ManagerType.ASSOCIATIVE, Funding.PSU, 3),
)
KIND_PREFIX = {
    EstablishmentKind.MICRO_CRECHE: "Micro-crèche",
    EstablishmentKind.MULTI_ACCUEIL: "Multi-accueil",
    EstablishmentKind.CRECHE_COLLECTIVE: "Crèche",
    EstablishmentKind.HALTE_GARDERIE: "Halte-garderie",
    EstablishmentKind.CRECHE_FAMILIALE: "Crèche familiale",
    EstablishmentKind.CRECHE_PARENTALE: "Crèche parentale",
    EstablishmentKind.JARDIN_ENFANTS: "Jardin d'enfants",
}
# Capacity ranges (places) by kind.
CAPACITY = {
    EstablishmentKind.MICRO_CRECHE: (10, 12),
    EstablishmentKind.MULTI_ACCUEIL: (16, 60),
    EstablishmentKind.CRECHE_COLLECTIVE: (30, 80),
    EstablishmentKind.HALTE_GARDERIE: (12, 25),
    EstablishmentKind.CRECHE_FAMILIALE: (30, 90),
    EstablishmentKind.CRECHE_PARENTALE: (12, 20),
    EstablishmentKind.JARDIN_ENFANTS: (20, 40),
}
# Age sections of a collective structure: name, ages in months, share of the places.
AGE_SECTIONS = (("Bébés", 2, 18, 0.3), ("Moyens", 18, 30, 0.35), ("Grands", 30, 48, 0.35))
MIXED_SECTION = ("Section mixte", 2, 36)
# Below this capacity a structure has one mixed section.
MIXED_SECTION_BELOW = 16


# Document 004: the Manche network. National orders of magnitude: about 230,000 AM and
# 17,000 EAJE; MAM at the Manche's ratio of MAM to AM.
MANCHE_CHILDMINDERS = 2_635
MANCHE_MAMS = 84
MANCHE_ESTABLISHMENTS = 70
NATIONAL_CHILDMINDERS = 230_000
NATIONAL_ESTABLISHMENTS = 17_000
NATIONAL_MAMS = round(NATIONAL_CHILDMINDERS * MANCHE_MAMS / MANCHE_CHILDMINDERS)


class GenerationError(ValueError):
    """The plan cannot be generated on these communes; the message says why."""


# --- Plain data in ----------------------------------------------------------------


@dataclass(frozen=True)
class CommuneInfo:
    """What the generator needs of a commune (a snapshot, no query during generation)."""

    pk: int
    insee_code: str
    name: str
    postal_code: str
    latitude: float
    longitude: float
    population: int

    @classmethod
    def from_queryset(cls, communes) -> list[CommuneInfo]:
        """Communes with coordinates, in INSEE order (the order the generator needs)."""
        rows = (
            communes.exclude(latitude=None)
            .exclude(longitude=None)
            .order_by("insee_code")
            .values_list(
                "pk", "insee_code", "name", "postal_codes", "latitude", "longitude", "population"
            )
        )
        return [
            cls(pk, code, name, (postal or [""])[0], lat, lon, population or 0)
            for pk, code, name, postal, lat, lon, population in rows
        ]


@dataclass(frozen=True)
class ScalePlan:
    """How much offer to spread over communes, in proportion to their population."""

    childminders: int
    mams: int
    establishments: int
    key_prefix: str
    # Exact total of agrément places when it is known (the demo); else drawn freely.
    childminder_places: int | None = None


@dataclass
class GeneratedEstablishment:
    establishment: Establishment
    sections: list[Section] = field(default_factory=list)
    availabilities: list[Availability] = field(default_factory=list)


@dataclass
class GenerationReport:
    childminders: int = 0
    places: int = 0
    mams: int = 0
    establishments: int = 0
    sections: int = 0
    availabilities: int = 0
    communes: int = 0
    seconds: float = 0.0

    def add(self, other: GenerationReport):
        for name in (
            "childminders",
            "places",
            "mams",
            "establishments",
            "sections",
            "availabilities",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def scaled_plan(counts: tuple[int, int, int], factor: float, *, key_prefix: str) -> ScalePlan:
    """A plan of (AM, MAM, EAJE) counts multiplied by `factor` (to shrink a test run)."""
    childminders, mams, establishments = (round(count * factor) for count in counts)
    return ScalePlan(
        childminders=childminders, mams=mams, establishments=establishments, key_prefix=key_prefix
    )


def national_plan(factor: float = 1.0) -> ScalePlan:
    counts = (NATIONAL_CHILDMINDERS, NATIONAL_MAMS, NATIONAL_ESTABLISHMENTS)
    return scaled_plan(counts, factor, key_prefix="FR")


# --- Pure helpers -----------------------------------------------------------------


def apportion(
    total: int,
    weights: Sequence[float],
    *,
    minimum: int = 0,
    caps: Sequence[int] | None = None,
) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainders).

    Every share is at least `minimum` and at most its cap. Deterministic: ties go to
    the lower index. Raises GenerationError when the caps leave no room for `total`.
    """
    count = len(weights)
    if total < 0 or any(w < 0 for w in weights):
        raise GenerationError("Les effectifs et les poids doivent être positifs.")
    caps = list(caps) if caps is not None else [total] * count
    if minimum * count > total or any(minimum > cap for cap in caps):
        raise GenerationError(
            f"Impossible de placer au moins {minimum} élément(s) dans chacune des "
            f"{count} communes avec un total de {total}."
        )
    result = [minimum] * count
    remaining = total - minimum * count
    active = [i for i in range(count) if weights[i] > 0 and result[i] < caps[i]]
    while remaining > 0 and active:
        weight_sum = sum(weights[i] for i in active)
        shares = {i: remaining * weights[i] / weight_sum for i in active}
        given = 0
        for i in active:
            add = min(math.floor(shares[i]), caps[i] - result[i])
            result[i] += add
            given += add
        remaining -= given
        if given == 0:
            by_remainder = sorted(active, key=lambda i: (-(shares[i] % 1), i))
            for i in by_remainder[:remaining]:
                result[i] += 1
            remaining -= min(remaining, len(by_remainder))
        active = [i for i in active if result[i] < caps[i]]
    if remaining:
        raise GenerationError(
            f"Pas assez de place pour répartir {total} élément(s) sur {count} communes."
        )
    return result


def jitter_point(
    rng: random.Random, latitude: float, longitude: float, radius_km: float
) -> tuple[float, float]:
    """A point drawn uniformly in a disc of `radius_km` around (latitude, longitude)."""
    distance = radius_km * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    dlat = distance * math.cos(angle) / 111.32
    dlon = distance * math.sin(angle) / (111.32 * max(math.cos(math.radians(latitude)), 0.01))
    return round(latitude + dlat, 6), round(longitude + dlon, 6)


def jitter_radius_km(population: int) -> float:
    """How far from its centre an address may lie: wider for larger communes."""
    return min(4.0, 0.6 + math.sqrt(max(population, 0)) / 200)


def ascii_slug(text: str) -> str:
    """'Les P'tits Loups' -> 'les-p-tits-loups' (for fictional e-mail addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def weighted(rng: random.Random, options: Sequence[tuple]) -> object:
    """One value of [(value, weight), ...]."""
    values = [option[0] for option in options]
    weights = [option[-1] for option in options]
    return rng.choices(values, weights=weights)[0]


def agrement_sizes(rng: random.Random, count: int, total: int | None) -> list[int]:
    """Places per AM (1 to 4), averaging about 3.5; exactly `total` when given."""
    sizes = [weighted(rng, ((4, 60), (3, 29), (2, 8), (1, 3))) for _ in range(count)]
    if total is None:
        return sizes
    if not count <= total <= 4 * count:
        raise GenerationError(
            f"{total} places ne peuvent pas se répartir sur {count} agréments de 1 à 4 places."
        )
    while (gap := total - sum(sizes)) != 0:
        step = 1 if gap > 0 else -1
        candidates = [i for i, size in enumerate(sizes) if 1 <= size + step <= 4]
        sizes[rng.choice(candidates)] += step
    return sizes


# --- The generator ----------------------------------------------------------------


class OfferGenerator:
    """Builds unsaved model instances; `write_*` functions below save them in bulk."""

    def __init__(self, *, seed: int, now: dt.datetime, key_prefix: str):
        self.rng = random.Random(seed)
        self.now = now
        self.today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
        self.key_prefix = key_prefix
        self._schedules: dict[str, tuple[dict, bool]] = {}
        self._childminder_number = 0
        self._mam_number = 0
        self._establishment_number = 0
        self._reserved_names: set[str] = set()
        self._name_deck: list[str] = []

    # Shared pieces

    def schedule(self, opening_hours: str) -> tuple[dict, bool]:
        """(weekly schedule, atypical) of an OSM string, parsed once per distinct string."""
        if opening_hours not in self._schedules:
            weekly = schedules.weekly_schedule(opening_hours)
            self._schedules[opening_hours] = (weekly, schedules.is_atypical(weekly))
        return self._schedules[opening_hours]

    def _scheduled(self, opening_hours: str) -> dict:
        weekly, atypical = self.schedule(opening_hours)
        return {
            "opening_hours": opening_hours,
            "weekly_schedule": weekly,
            **schedules.schedule_summary(weekly),
            "atypical_hours": atypical,
        }

    def reserve_names(self, names: Iterable[str]):
        """Names given by hand elsewhere, which drawn names must not repeat."""
        self._reserved_names.update(names)
        self._name_deck = [name for name in self._name_deck if name not in self._reserved_names]

    def place_name(self) -> str:
        """A name for a MAM or an EAJE, all different until the list runs out."""
        if not self._name_deck:
            self._name_deck = [n for n in PLACE_NAMES if n not in self._reserved_names]
            self.rng.shuffle(self._name_deck)
        return self._name_deck.pop()

    def address(self, commune: CommuneInfo) -> tuple[str, str]:
        number = self.rng.randint(1, 80)
        return f"{number} rue {self.rng.choice(STREETS)}", commune.postal_code

    def point(self, commune: CommuneInfo, *, exact_address: bool) -> tuple[float, float]:
        if not exact_address:
            return commune.latitude, commune.longitude
        return jitter_point(
            self.rng, commune.latitude, commune.longitude, jitter_radius_km(commune.population)
        )

    def landline(self) -> str:
        return f"02 61 91 {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"

    def mobile(self) -> str:
        return f"06 39 98 {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"

    def freshness(self, *, fresh_share: float, never_share: float) -> dt.datetime | None:
        """When the availability was last confirmed: within 30 days for `fresh_share`."""
        draw = self.rng.random()
        if draw < never_share:
            return None
        if draw < never_share + fresh_share:
            days = self.rng.uniform(0, STALE_AFTER_DAYS)
        else:
            days = self.rng.uniform(STALE_AFTER_DAYS + 0.5, FRESHNESS_WINDOW_DAYS)
        return (self.now - dt.timedelta(days=days)).replace(microsecond=0)

    def reminder(self, updated_at: dt.datetime | None) -> dt.datetime | None:
        """A reminder was sent to those not updated for more than 30 days."""
        if updated_at is None or self.now - updated_at <= dt.timedelta(days=STALE_AFTER_DAYS):
            return None
        return updated_at + dt.timedelta(days=STALE_AFTER_DAYS + self.rng.randint(0, 3))

    def available_from(self) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(0, AVAILABILITY_HORIZON_DAYS))

    # MAM

    def mam(self, commune: CommuneInfo) -> Mam:
        self._mam_number += 1
        name = f"MAM {self.place_name()}"
        address, postal_code = self.address(commune)
        latitude, longitude = self.point(commune, exact_address=True)
        return Mam(
            external_id=f"{self.key_prefix}-MAM-{self._mam_number:05d}",
            name=name,
            address=address,
            postal_code=postal_code,
            commune_id=commune.pk,
            latitude=latitude,
            longitude=longitude,
            description=(
                f"Maison d'assistants maternels {a_commune(commune.name)}. "
                + self.rng.choice(ESTABLISHMENT_TRAITS)
            ),
            phone=self.landline(),
            email=f"{ascii_slug(name)}-{self._mam_number}@example.org",
            **self._scheduled(weighted(self.rng, MAM_HOURS)),
        )

    # AM

    def childminder(
        self, commune: CommuneInfo, *, places: int, mam: Mam | None = None
    ) -> tuple[Childminder, Availability | None]:
        rng = self.rng
        self._childminder_number += 1
        number = self._childminder_number
        male = rng.random() < 0.015
        first_name = rng.choice(MALE_FIRST_NAMES if male else FEMALE_FIRST_NAMES)
        last_name = rng.choice(LAST_NAMES)
        # About a third are over 55 (document 003: "plus d'une centaine d'AM ont plus
        # de 55 ans" out of 312).
        youngest, oldest = weighted(rng, (((25, 39), 22), ((40, 54), 44), ((55, 66), 34)))
        age_years = rng.randint(youngest, oldest)
        birth_date = self.today - dt.timedelta(days=age_years * 365 + rng.randint(0, 364))
        first_possible = max(birth_date.year + 22, 1992)
        agrement_date = dt.date(
            rng.randint(first_possible, self.today.year - 1), rng.randint(1, 12), rng.randint(1, 28)
        )
        if mam is not None:
            # She works at the MAM, whose address is public anyway.
            address, postal_code = mam.address, mam.postal_code
            address_is_public = True
            latitude, longitude = mam.latitude, mam.longitude
            opening_hours = mam.opening_hours
        else:
            address, postal_code = self.address(commune)
            address_is_public = rng.random() < 0.5
            latitude, longitude = self.point(commune, exact_address=address_is_public)
            opening_hours = weighted(rng, CHILDMINDER_HOURS)
        age_min = weighted(rng, ((0, 70), (3, 15), (12, 10), (24, 5)))
        age_max = weighted(rng, ((72, 55), (36, 30), (48, 15)))
        trainings = rng.sample(TRAININGS, k=weighted(rng, ((0, 55), (1, 30), (2, 15))))
        inclusive = rng.random() < (0.4 if TRAININGS[1] in trainings else 0.06)
        languages = sorted(rng.sample(LANGUAGES, k=weighted(rng, ((0, 82), (1, 15), (2, 3)))))
        description = (
            " ".join(rng.sample(CHILDMINDER_TRAITS, k=rng.randint(1, 3)))
            if rng.random() < 0.6
            else ""
        )
        has_availability = rng.random() < 0.33
        updated_at = self.freshness(fresh_share=0.52, never_share=0.0 if has_availability else 0.1)
        childminder = Childminder(
            agrement_number=f"{self.key_prefix}-AM-{number:06d}",
            agrement_date=agrement_date,
            first_name=first_name,
            last_name=last_name,
            mam=mam,
            places=places,
            age_min_months=age_min,
            age_max_months=age_max,
            address=address,
            postal_code=postal_code,
            address_is_public=address_is_public,
            phone=self.mobile(),
            phone_is_public=rng.random() < 0.3,
            email=f"{ascii_slug(first_name)}.{ascii_slug(last_name)}.{number}@example.org",
            birth_date=birth_date,
            languages=languages,
            has_garden=rng.random() < (0.8 if mam is not None else 0.65),
            trainings=", ".join(trainings),
            inclusive_care=inclusive,
            on_monenfant=rng.random() < 0.84,  # 258 of 307 in document 003
            description=description,
            commune_id=commune.pk,
            latitude=latitude,
            longitude=longitude,
            availability_updated_at=updated_at,
            availability_reminded_at=self.reminder(updated_at),
            **self._scheduled(opening_hours),
        )
        availability = self.childminder_availability(childminder) if has_availability else None
        return childminder, availability

    def childminder_availability(self, am: Childminder) -> Availability:
        rng = self.rng
        open_days = schedules.open_days_mask(am.weekly_schedule) & 0b11111
        days = weighted(rng, AVAILABILITY_DAYS) & open_days
        if len(schedules.mask_to_days(days)) < 3:
            days = open_days
        age_min, age_max = am.age_min_months, am.age_max_months
        ranges = [(age_min, age_max), (age_min, max(age_min, 18)), (max(age_min, 12), age_max)]
        if age_max >= 72:
            ranges.append((36, 72))  # after school
        age_min, age_max = rng.choice(ranges)
        return Availability(
            childminder=am,
            places=min(am.places, weighted(rng, ((1, 70), (2, 30)))),
            available_from=self.available_from(),
            days=days,
            age_min_months=age_min,
            age_max_months=age_max,
            updated_at=am.availability_updated_at,
        )

    # EAJE

    def establishment(
        self,
        commune: CommuneInfo,
        *,
        kind: EstablishmentKind,
        manager_type: ManagerType,
        funding: Funding,
        capacity: int | None = None,
        name: str | None = None,  # "Les Lutins": the kind is put in front
        manager_name: str | None = None,
        organisation=None,
        joins_single_desk: bool | None = None,
    ) -> GeneratedEstablishment:
        rng = self.rng
        self._establishment_number += 1
        number = self._establishment_number
        low, high = CAPACITY[kind]
        if capacity is None:
            capacity = (
                weighted(rng, ((12, 70), (11, 10), (10, 20)))
                if kind == EstablishmentKind.MICRO_CRECHE
                else int(low + (high - low) * rng.random() ** 1.6)
            )
        place_name = name or self.place_name()
        if manager_name is None:
            manager_name = self._manager_name(commune, manager_type, place_name)
        if kind == EstablishmentKind.MICRO_CRECHE:
            hours = MICRO_CRECHE_HOURS
        elif kind == EstablishmentKind.HALTE_GARDERIE:
            hours = HALTE_HOURS
        else:
            hours = COLLECTIVE_HOURS
        public = manager_type == ManagerType.PUBLIC
        address, postal_code = self.address(commune)
        latitude, longitude = self.point(commune, exact_address=True)
        updated_at = self.freshness(fresh_share=0.6, never_share=0.05)
        sections_spec = (
            [(*MIXED_SECTION, 1.0)] if capacity < MIXED_SECTION_BELOW else list(AGE_SECTIONS)
        )
        establishment = Establishment(
            external_id=f"{self.key_prefix}-EAJE-{number:05d}",
            name=f"{KIND_PREFIX[kind]} {place_name}",
            kind=kind,
            manager_type=manager_type,
            manager_name=manager_name,
            organisation=organisation,
            funding=funding,
            address=address,
            postal_code=postal_code,
            commune_id=commune.pk,
            latitude=latitude,
            longitude=longitude,
            capacity=capacity,
            age_min_months=min(spec[1] for spec in sections_spec),
            age_max_months=max(spec[2] for spec in sections_spec),
            closures=rng.choice(CLOSURES),
            meals_provided=funding == Funding.PSU or rng.random() < 0.85,
            nappies_provided=funding == Funding.PSU or rng.random() < 0.9,
            inclusive_care=rng.random() < (0.4 if public else 0.2),
            emergency_care=rng.random() < (0.35 if public else 0.1),
            occasional_care=kind != EstablishmentKind.CRECHE_FAMILIALE
            and rng.random() < (0.9 if kind != EstablishmentKind.MICRO_CRECHE else 0.3),
            description=" ".join(rng.sample(ESTABLISHMENT_TRAITS, k=2)),
            hourly_price=(Decimal(rng.randint(80, 120)) / 10 if funding == Funding.PAJE else None),
            phone=self.landline(),
            email=f"{ascii_slug(place_name)}-{number}@example.org",
            joins_single_desk=public if joins_single_desk is None else joins_single_desk,
            availability_updated_at=updated_at,
            availability_reminded_at=self.reminder(updated_at),
            **self._scheduled(weighted(rng, hours)),
        )
        generated = GeneratedEstablishment(establishment)
        shares = [spec[3] for spec in sections_spec]
        section_places = apportion(capacity, shares, minimum=1)
        for (section_name, age_min, age_max, _share), places in zip(
            sections_spec, section_places, strict=True
        ):
            generated.sections.append(
                Section(
                    establishment=establishment,
                    name=section_name,
                    age_min_months=age_min,
                    age_max_months=age_max,
                    capacity=places,
                )
            )
        if updated_at is not None and rng.random() < 0.3:
            section = rng.choice(generated.sections)
            generated.availabilities.append(
                Availability(
                    section=section,
                    places=min(section.capacity, weighted(rng, ((1, 60), (2, 30), (3, 10)))),
                    available_from=self.available_from(),
                    days=weighted(
                        rng, ((0b11111, 70), (0b11011, 10), (0b01111, 10), (0b01011, 10))
                    ),
                    age_min_months=section.age_min_months,
                    age_max_months=section.age_max_months,
                    updated_at=updated_at,
                )
            )
        return generated

    def _manager_name(self, commune: CommuneInfo, manager_type: ManagerType, place: str) -> str:
        if manager_type == ManagerType.PUBLIC:
            return f"Commune {de_commune(commune.name)}"
        if manager_type == ManagerType.ASSOCIATIVE:
            return f"Association {place}"
        if manager_type == ManagerType.COMPANY:
            return f"Crèche inter-entreprises {place}"
        return f"SAS {place}"

    # A commune's whole offer

    def commune_offer(
        self,
        commune: CommuneInfo,
        *,
        places: Sequence[int],
        mams: int,
        establishments: Iterable[tuple[EstablishmentKind, ManagerType, Funding]] = (),
    ) -> CommuneOffer:
        """The AM (one per item of `places`), MAM and EAJE of one commune.

        Home AM come first, then the MAM with 2 to 4 members each.
        """
        offer = CommuneOffer()
        members = self._mam_sizes(len(places), mams)
        home = len(places) - sum(members)
        cursor = 0
        for size in places[:home]:
            self._add_childminder(offer, commune, size, None)
        cursor = home
        for count in members:
            mam = self.mam(commune)
            offer.mams.append(mam)
            for size in places[cursor : cursor + count]:
                self._add_childminder(offer, commune, size, mam)
            cursor += count
        for kind, manager_type, funding in establishments:
            offer.establishments.append(
                self.establishment(commune, kind=kind, manager_type=manager_type, funding=funding)
            )
        return offer

    def _add_childminder(self, offer, commune, places, mam):
        childminder, availability = self.childminder(commune, places=places, mam=mam)
        offer.childminders.append(childminder)
        if availability is not None:
            offer.availabilities.append(availability)

    def _mam_sizes(self, childminders: int, mams: int) -> list[int]:
        """Members of each MAM: 2 to 4, never more than the commune's AM."""
        if mams and 2 * mams > childminders:
            raise GenerationError(
                f"{mams} MAM demandent au moins {2 * mams} assistants maternels, "
                f"la commune n'en compte que {childminders}."
            )
        sizes = []
        budget = childminders
        for index in range(mams):
            reserved = 2 * (mams - index - 1)
            size = min(weighted(self.rng, ((2, 35), (3, 40), (4, 25))), budget - reserved)
            sizes.append(size)
            budget -= size
        return sizes


@dataclass
class CommuneOffer:
    childminders: list[Childminder] = field(default_factory=list)
    availabilities: list[Availability] = field(default_factory=list)
    mams: list[Mam] = field(default_factory=list)
    establishments: list[GeneratedEstablishment] = field(default_factory=list)

    def extend(self, other: CommuneOffer):
        self.childminders += other.childminders
        self.availabilities += other.availabilities
        self.mams += other.mams
        self.establishments += other.establishments


# --- Writing ----------------------------------------------------------------------


def write_offer(offer: CommuneOffer, *, batch_size: int = BATCH_SIZE) -> GenerationReport:
    """Insert an offer with bulk_create, parents first so that foreign keys resolve."""
    Mam.objects.bulk_create(offer.mams, batch_size=batch_size)
    establishments = [generated.establishment for generated in offer.establishments]
    Establishment.objects.bulk_create(establishments, batch_size=batch_size)
    sections = [section for generated in offer.establishments for section in generated.sections]
    Section.objects.bulk_create(sections, batch_size=batch_size)
    Childminder.objects.bulk_create(offer.childminders, batch_size=batch_size)
    availabilities = offer.availabilities + [
        availability
        for generated in offer.establishments
        for availability in generated.availabilities
    ]
    Availability.objects.bulk_create(availabilities, batch_size=batch_size)
    return GenerationReport(
        childminders=len(offer.childminders),
        places=sum(am.places for am in offer.childminders),
        mams=len(offer.mams),
        establishments=len(establishments),
        sections=len(sections),
        availabilities=len(availabilities),
    )


def _pick_kind(rng: random.Random) -> tuple[EstablishmentKind, ManagerType, Funding]:
    kind, manager_type, funding, _weight = rng.choices(
        ESTABLISHMENT_MIX, weights=[option[3] for option in ESTABLISHMENT_MIX]
    )[0]
    return kind, manager_type, funding


def generate_scaled_offer(
    *,
    communes: Sequence[CommuneInfo],
    plan: ScalePlan,
    seed: int,
    now: dt.datetime,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[GenerationReport], None] | None = None,
) -> GenerationReport:
    """Spread `plan` over `communes` by population and insert it, in one transaction.

    AM, MAM and EAJE go to communes in proportion to their population (largest
    remainders), so that the totals are exact; a MAM only goes where there are at
    least three AM per MAM. Objects are written every FLUSH_EVERY AM.
    """
    if not communes:
        raise GenerationError("Aucune commune avec des coordonnées : importez les communes.")
    populations = [commune.population for commune in communes]
    if not any(populations):
        populations = [1] * len(communes)
    generator = OfferGenerator(seed=seed, now=now, key_prefix=plan.key_prefix)
    childminders = apportion(plan.childminders, populations)
    mams = apportion(plan.mams, childminders, caps=[n // 3 for n in childminders])
    establishments = apportion(plan.establishments, populations)
    sizes = agrement_sizes(generator.rng, plan.childminders, plan.childminder_places)
    report = GenerationReport(communes=len(communes))
    pending = CommuneOffer()
    cursor = 0
    with transaction.atomic():
        for index, commune in enumerate(communes):
            count = childminders[index]
            kinds = [_pick_kind(generator.rng) for _ in range(establishments[index])]
            pending.extend(
                generator.commune_offer(
                    commune,
                    places=sizes[cursor : cursor + count],
                    mams=mams[index],
                    establishments=kinds,
                )
            )
            cursor += count
            if len(pending.childminders) >= FLUSH_EVERY or index == len(communes) - 1:
                report.add(write_offer(pending, batch_size=batch_size))
                pending = CommuneOffer()
                if progress is not None:
                    progress(report)
    return report


def offer_in_scope(*, department_code: str | None = None) -> dict[str, int]:
    """How much offer lies in a department (or in the whole instance when None)."""
    scope = Q(commune__department__code=department_code) if department_code else Q()
    return {
        "childminders": Childminder.objects.filter(scope).count(),
        "mams": Mam.objects.filter(scope).count(),
        "establishments": Establishment.objects.filter(scope).count(),
    }


def offer_clear(*, department_code: str | None = None) -> dict[str, int]:
    """Delete the offer (AM, MAM, EAJE, their sections and availabilities) of a scope.

    All or nothing: when dossiers still point at an establishment, nothing is deleted.
    """
    scope = Q(commune__department__code=department_code) if department_code else Q()
    deleted = offer_in_scope(department_code=department_code)
    try:
        with transaction.atomic():
            if department_code:
                Availability.objects.filter(
                    Q(childminder__commune__department__code=department_code)
                    | Q(section__establishment__commune__department__code=department_code)
                ).delete()
            else:
                Availability.objects.all().delete()
            Childminder.objects.filter(scope).only("pk").delete()
            Establishment.objects.filter(scope).only("pk").delete()
            Mam.objects.filter(scope).only("pk").delete()
    except ProtectedError as exc:
        raise GenerationError(
            "Des dossiers de familles désignent des établissements de ce périmètre : "
            "l'offre n'a pas été supprimée."
        ) from exc
    return deleted

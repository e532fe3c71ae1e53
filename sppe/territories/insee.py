"""INSEE codes of communes: their shape and the municipal arrondissements."""

import re

# An INSEE code: five digits, or 2A/2B and three digits in Corsica.
INSEE_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)

# Paris, Lyon and Marseille are divided into municipal arrondissements with INSEE codes
# of their own (75115 for the 15th of Paris), which the BAN gives as the "citycode" of
# an address. Offers, perimeters and home-care areas are kept by commune: an
# arrondissement stands for its city.
ARRONDISSEMENT_CITIES = (
    (75101, 75120, "75056"),  # Paris
    (69381, 69389, "69123"),  # Lyon
    (13201, 13216, "13055"),  # Marseille
)


def city_insee(code: str) -> str:
    """The INSEE code of the commune, the city's for one of its arrondissements."""
    code = (code or "").strip().upper()
    if code.isdigit():
        number = int(code)
        for first, last, city in ARRONDISSEMENT_CITIES:
            if first <= number <= last:
                return city
    return code


def is_insee_code(text: str) -> bool:
    return bool(INSEE_CODE_RE.match(text))

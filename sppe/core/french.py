"""French written as the French write it: one place for the typography and grammar rules
that pages, e-mails and documents apply to names, dates, numbers and sizes.

- prepositions before a commune name: "à Aizenay", "au Poiré-sur-Vie", "aux Lucs-sur-Boulogne",
  "d'Aizenay", "du Poiré-sur-Vie", "des Lucs-sur-Boulogne", "de La Genétouze";
- the first day of a month as an ordinal: "1er mars";
- numbers grouped by three with a narrow no-break space: "45 400";
- sizes in the units French readers know: "12 Ko", "1,5 Mo" (not "Kio");
- a count with its noun agreed the French way: "0 résultat", "1 résultat", "2 résultats".

Pure Python (no Django import): templates use it through the `french` template library,
the code calls it directly. The functions speak French; a page in another language keeps
its own translation (see `sppe.core.templatetags.french`).
"""

import datetime as dt
import re
from decimal import Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# A name starting with one of these takes an elided article or preposition ("d'Aizenay").
# "H" is left out: "Le Havre", "Les Herbiers" (aspirated h) must not be elided, and a name
# starting with a mute h is rare among communes.
VOWELS = "aâàäeéèêëiîïoôöuûùüyœæAÂÀÄEÉÈÊËIÎÏOÔÖUÛÙÜYŒÆ"
ARTICLE = re.compile(r"^(?:(Le|La|Les) |(L'))(.+)$")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def starts_with_vowel(word: str) -> bool:
    return bool(word) and word[0] in VOWELS


def _split_article(name: str) -> tuple[str, str]:
    """("Les", "Lucs-sur-Boulogne") for "Les Lucs-sur-Boulogne", ("", name) without one."""
    match = ARTICLE.match(name.strip())
    if match is None:
        return "", name.strip()
    return match.group(1) or match.group(2), match.group(3)


def a_commune(name: str) -> str:
    """The commune preceded by "à", contracted with its article: "au Poiré-sur-Vie"."""
    article, rest = _split_article(name)
    if article == "Le":
        return f"au {rest}"
    if article == "Les":
        return f"aux {rest}"
    if article == "La":
        return f"à La {rest}"
    if article == "L'":
        return f"à L'{rest}"
    return f"à {name.strip()}"


def de_commune(name: str) -> str:
    """The commune preceded by "de", elided or contracted: "d'Aizenay", "du Poiré-sur-Vie"."""
    article, rest = _split_article(name)
    if article == "Le":
        return f"du {rest}"
    if article == "Les":
        return f"des {rest}"
    if article == "La":
        return f"de La {rest}"
    if article == "L'":
        return f"de L'{rest}"
    name = name.strip()
    return f"d'{name}" if starts_with_vowel(name) else f"de {name}"


def day_month(value: dt.date, *, year: bool = True) -> str:
    """ "1er mars 2026", "15 mars 2026"."""
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if year else text


def number(value, decimals: int | None = None) -> str:
    """45400 -> "45 400"; 1234.5 with 2 decimals -> "1 234,50" (narrow no-break spaces)."""
    if value is None or value == "":
        return ""
    if decimals is None:
        value = Decimal(str(value))
        decimals = 0 if value == value.to_integral_value() else max(-value.as_tuple().exponent, 0)
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def euros(value, decimals: int | None = None) -> str:
    """45400 -> "45 400 €" with a no-break space before the sign."""
    return f"{number(value, decimals)}{NBSP}€"


def size(num_bytes: int) -> str:
    """A file size in the decimal units French readers know: "850 octets", "12 Ko", "1,5 Mo"."""
    if num_bytes < 1000:
        return f"{num_bytes}{NBSP}octet" + ("s" if num_bytes > 1 else "")
    for unit, factor in (("Go", 10**9), ("Mo", 10**6), ("Ko", 10**3)):
        if num_bytes >= factor:
            amount = Decimal(num_bytes) / factor
            decimals = 0 if amount >= 10 else 1
            text = number(amount.quantize(Decimal(1).scaleb(-decimals)), decimals)
            return f"{text.removesuffix(',0')}{NBSP}{unit}"
    raise AssertionError("unreachable")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """French agreement: 0 and 1 take the singular ("0 résultat"), 2 and more the plural."""
    word = singular if abs(count) < 2 else (plural_form or f"{singular}s")
    return f"{number(count)} {word}"


CAPITAL = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆ"
CAPITAL_VOWEL = "AÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYŒÆ"
SPACE = "[ \u00a0]"
# One pass over the text, three rules:
# - "à Le Poiré" -> "au Poiré", "à Les Lucs" -> "aux Lucs", "de Le" -> "du", "de Les" -> "des";
# - "de Aizenay" -> "d'Aizenay": elision before a name starting with a vowel;
# - "1 mars" -> "1er mars": the first of a month is an ordinal.
# Three rules, each a regular expression starting with a literal (the engine then skips
# quickly to its candidates: a page listing 35,000 communes costs a few hundredths of a
# second); the word boundary before a match is checked in Python, since a look-behind would
# make the engine try every position. `needles`: text the rule cannot match without.
CONTRACTION = re.compile(
    rf"(?P<prep>à|À|de|De)(?P<space>{SPACE})(?P<article>Les?){SPACE}(?=[{CAPITAL}])"
)
ELISION = re.compile(rf"(?P<d>[dD])e{SPACE}(?=[{CAPITAL_VOWEL}][\w'’-])")
FIRST_OF_MONTH = re.compile(rf"1(?P<first>{SPACE})(?=(?:{'|'.join(MONTHS)})\b)")
CONTRACTIONS = {
    ("à", "Le"): "au",
    ("à", "Les"): "aux",
    ("À", "Le"): "Au",
    ("À", "Les"): "Aux",
    ("de", "Le"): "du",
    ("de", "Les"): "des",
    ("De", "Le"): "Du",
    ("De", "Les"): "Des",
}


def _starts_a_word(match: re.Match, also: str = "_") -> bool:
    if match.start() == 0:
        return True
    before = match.string[match.start() - 1]
    return not (before.isalnum() or before in also)


def _contract(match: re.Match) -> str:
    if not _starts_a_word(match):
        return match.group(0)
    return CONTRACTIONS[(match.group("prep"), match.group("article"))] + " "


def _elide(match: re.Match) -> str:
    return match.group("d") + "'" if _starts_a_word(match) else match.group(0)


def _first(match: re.Match) -> str:
    return "1er" + match.group("first") if _starts_a_word(match, "_,.") else match.group(0)


def _has_month(text: str) -> bool:
    return any(month in text for month in MONTHS)


RULES = (
    (CONTRACTION, _contract, lambda text: "Le" in text),
    (ELISION, _elide, lambda text: True),
    (FIRST_OF_MONTH, _first, _has_month),
)


def _apply(text: str, *, outside_markup: bool) -> str:
    for pattern, replace, may_match in RULES:
        if not may_match(text):
            continue
        if outside_markup:

            def replace_in_text(match, replace=replace):
                return match.group(0) if _in_markup(match.string, match.start()) else replace(match)

            text = pattern.sub(replace_in_text, text)
        else:
            text = pattern.sub(replace, text)
    return text


def tidy(text: str) -> str:
    """French text with its prepositions contracted or elided before names and the first of
    a month written "1er": "Micro-crèche à Le Poiré-sur-Vie, ouverte depuis le 1 mars" ->
    "Micro-crèche au Poiré-sur-Vie, ouverte depuis le 1er mars"."""
    return _apply(text, outside_markup=False)


# Text that must stay as typed or as code: form fields, scripts, styles, preformatted text.
KEPT_ELEMENTS = ("textarea", "script", "style", "pre", "code")


def _in_markup(page: str, position: int) -> bool:
    """Whether `position` is inside a tag (an attribute) or inside a kept element."""
    if page.rfind("<", 0, position) > page.rfind(">", 0, position):
        return True
    for name in KEPT_ELEMENTS:
        opening = page.rfind(f"<{name}", 0, position)
        if opening != -1 and page.find(f"</{name}", opening, position) == -1:
            return True
    return False


def tidy_html(page: str) -> str:
    """`tidy` applied to the text of an HTML fragment, never inside a tag, an attribute
    value, a form field the person typed into, a script or a style."""
    return _apply(page, outside_markup=True)

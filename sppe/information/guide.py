"""The printed "guide petite enfance" of the territory, generated as a PDF from the live
data: contacts, the territory's own texts, the modes of care, the offer of each commune
and examples of cost, so that it is never out of date.

ReportLab writes real text (selectable, searchable, read by screen readers) with the
Bitstream Vera fonts it ships, embedded in the file: no system library or font needed.
The guide is written in French, the language of the printed documents of the territory.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.db.models import Count, Q, Sum
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sppe.core.contrast import FALLBACK_PRIMARY, safe_primary_colour
from sppe.offers.enums import EstablishmentKind, Funding
from sppe.offers.models import Childminder, Establishment, HomeCareProvider, Mam
from sppe.territories.enums import OrganisationKind
from sppe.territories.models import Organisation, Territory

from . import content, markup
from .enums import ContentKey, ContentLanguage
from .fee_labels import mode_name
from .fees import CarePrices, FamilySituation, PeriodNotFound, compare_modes
from .fees.explanation import euros
from .models import Contact, LocalContent
from .selectors import suggested_prices

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT = "SppeVera"
FONT_BOLD = "SppeVera-Bold"


def _register_fonts():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "VeraBd.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles(primary: str = FALLBACK_PRIMARY):
    primary = colors.HexColor(primary)
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=26,
            leading=32,
            alignment=TA_CENTER,
            spaceAfter=12,
            textColor=primary,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=14, leading=20, alignment=TA_CENTER, spaceAfter=8
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=22,
            spaceBefore=6,
            spaceAfter=10,
            textColor=primary,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=4,
            spaceAfter=3,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0),
    }


def _text(value) -> str:
    """Escaped text for a Paragraph; narrow no-break spaces become no-break spaces (the
    embedded font has no glyph for them)."""
    return escape(str(value)).replace("\u202f", "\u00a0")


def _table(rows, widths, styles):
    data = [[Paragraph(_text(cell), styles["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a939c")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


@dataclass
class CommuneOffer:
    name: str
    establishments: list
    childminders: int
    childminder_places: int
    mams: list
    home_care: int

    @property
    def is_empty(self) -> bool:
        return not (self.establishments or self.childminders or self.mams or self.home_care)


def offer_by_commune(territory) -> list[CommuneOffer]:
    """What each commune of the territory offers, from the directory."""
    communes = list(territory.communes.order_by("name")) if territory else []
    ids = [commune.pk for commune in communes]
    establishments = defaultdict(list)
    for establishment in Establishment.objects.filter(commune__in=ids, is_active=True).order_by(
        "name"
    ):
        establishments[establishment.commune_id].append(establishment)
    childminders = {
        row["commune"]: row
        for row in Childminder.objects.filter(commune__in=ids, is_active=True)
        .values("commune")
        .annotate(count=Count("pk"), places=Sum("places"))
    }
    mams = defaultdict(list)
    for mam in (
        Mam.objects.filter(commune__in=ids)
        .annotate(members=Count("childminders", filter=Q(childminders__is_active=True)))
        .order_by("name")
    ):
        mams[mam.commune_id].append(mam)
    home_care = {
        row["communes"]: row["count"]
        for row in HomeCareProvider.objects.filter(is_active=True, communes__in=ids)
        .values("communes")
        .annotate(count=Count("pk", distinct=True))
    }
    return [
        CommuneOffer(
            name=commune.name,
            establishments=establishments.get(commune.pk, []),
            childminders=childminders.get(commune.pk, {}).get("count", 0),
            childminder_places=childminders.get(commune.pk, {}).get("places") or 0,
            mams=mams.get(commune.pk, []),
            home_care=home_care.get(commune.pk, 0),
        )
        for commune in communes
    ]


EXAMPLE_FAMILIES = (
    (
        "Un couple, un enfant de moins d'un an, 30 000 € de ressources par an, "
        "40 heures par semaine, 45 semaines par an",
        FamilySituation(
            annual_resources=Decimal(30000),
            dependent_children=1,
            child_age=0,
            hours_per_week=Decimal(40),
            weeks_per_year=Decimal(45),
        ),
    ),
    (
        "Un parent seul, un enfant d'un an, 15 000 € de ressources par an, "
        "32 heures par semaine, 45 semaines par an",
        FamilySituation(
            annual_resources=Decimal(15000),
            dependent_children=1,
            child_age=1,
            single_parent=True,
            hours_per_week=Decimal(32),
            weeks_per_year=Decimal(45),
        ),
    ),
    (
        "Un couple, deux enfants dont un de 2 ans à faire garder, 55 000 € de ressources "
        "par an, 45 heures par semaine, 46 semaines par an",
        FamilySituation(
            annual_resources=Decimal(55000),
            dependent_children=2,
            child_age=2,
            hours_per_week=Decimal(45),
            weeks_per_year=Decimal(46),
        ),
    ),
)


def _contacts_story(styles):
    story = [Paragraph("Vos interlocuteurs", styles["h1"])]
    contacts = list(Contact.objects.public())
    if contacts:
        for contact in contacts:
            lines = [f"<b>{_text(contact.name)}</b> — {_text(contact.get_kind_display())}"]
            if contact.address:
                lines.append(_text(contact.address).replace("\n", "<br/>"))
            if contact.phone:
                lines.append(f"Téléphone : {_text(contact.phone)}")
            if contact.email:
                lines.append(f"E-mail : {_text(contact.email)}")
            if contact.website:
                lines.append(f"Site : {_text(contact.website)}")
            rows = [(day, hours) for day, hours in contact.opening_rows() if hours != "fermé"]
            if rows:
                lines.append("Horaires : " + " ; ".join(f"{_text(d)} {_text(h)}" for d, h in rows))
            if contact.hours_note:
                lines.append(_text(contact.hours_note))
            story.append(KeepTogether([Paragraph("<br/>".join(lines), styles["body"])]))
        return story
    organisations = Organisation.objects.filter(
        kind__in=[OrganisationKind.RPE, OrganisationKind.MUNICIPAL_SERVICE]
    ).order_by("kind", "name")
    if not organisations:
        story.append(Paragraph("Aucun contact n'est encore enregistré.", styles["body"]))
    for organisation in organisations:
        lines = [f"<b>{_text(organisation.name)}</b>"]
        if organisation.address:
            lines.append(_text(organisation.address).replace("\n", "<br/>"))
        if organisation.phone:
            lines.append(f"Téléphone : {_text(organisation.phone)}")
        if organisation.email:
            lines.append(f"E-mail : {_text(organisation.email)}")
        story.append(Paragraph("<br/>".join(lines), styles["body"]))
    return story


def _local_story(styles):
    blocks = {
        block.key: block for block in LocalContent.objects.filter(language=ContentLanguage.FRENCH)
    }
    ordered = [blocks[key] for key in ContentKey.values if key in blocks]
    if not ordered:
        return []
    story = [Paragraph("Sur notre territoire", styles["h1"])]
    for block in ordered:
        story.append(Paragraph(_text(block.title), styles["h2"]))
        for paragraph in markup.plain(block.body).split("\n\n"):
            text = _text(paragraph.strip()).replace("\n", "<br/>")
            if text:
                story.append(Paragraph(text, styles["body"]))
    return story


def _modes_story(styles):
    story = [PageBreak(), Paragraph("Les modes d'accueil", styles["h1"])]
    for mode in content.CARE_MODES:
        story.append(Paragraph(_text(mode.title), styles["h2"]))
        story.append(Paragraph(f"<b>En bref.</b> {_text(mode.short)}", styles["body"]))
        for heading, text in (
            ("Qui accueille votre enfant ?", mode.who),
            ("Comment obtenir une place ?", mode.access),
            ("Combien ça coûte ?", mode.cost),
            ("À quoi vous attendre ?", mode.expect),
        ):
            story.append(Paragraph(f"<b>{heading}</b> {_text(text)}", styles["body"]))
    return story


def _offer_story(styles, territory, offers):
    story = [PageBreak(), Paragraph("L'offre d'accueil commune par commune", styles["h1"])]
    if not offers:
        story.append(Paragraph("Aucune commune n'est rattachée au territoire.", styles["body"]))
        return story
    total_places = sum(e.capacity for o in offers for e in o.establishments)
    total_am = sum(o.childminders for o in offers)
    total_am_places = sum(o.childminder_places for o in offers)
    story.append(
        Paragraph(
            f"Sur les {len(offers)} communes du territoire : "
            f"{sum(len(o.establishments) for o in offers)} établissements d'accueil "
            f"({total_places} places), {total_am} assistants maternels ({total_am_places} "
            f"places selon leur agrément), {sum(len(o.mams) for o in offers)} MAM.",
            styles["body"],
        )
    )
    width = A4[0] - 40 * mm
    for offer in offers:
        part = [Paragraph(_text(offer.name), styles["h2"])]
        if offer.is_empty:
            part.append(Paragraph("Aucune offre enregistrée.", styles["body"]))
            story.append(KeepTogether(part))
            continue
        if offer.establishments:
            rows = [("Établissement", "Type", "Tarif", "Places")]
            for e in offer.establishments:
                rows.append(
                    (
                        e.name,
                        str(EstablishmentKind(e.kind).label),
                        "selon vos revenus (Caf)"
                        if e.funding == Funding.PSU
                        else "prix libre + CMG",
                        str(e.capacity),
                    )
                )
            part.append(
                _table(rows, [width * 0.42, width * 0.22, width * 0.24, width * 0.12], styles)
            )
            part.append(Spacer(1, 4))
        if offer.childminders:
            part.append(
                Paragraph(
                    f"Assistants maternels : {offer.childminders} en activité, "
                    f"{offer.childminder_places} places selon leur agrément.",
                    styles["body"],
                )
            )
        else:
            part.append(Paragraph("Assistants maternels : aucun enregistré.", styles["body"]))
        for mam in offer.mams:
            part.append(
                Paragraph(
                    f"MAM : {_text(mam.name)} ({mam.members} assistants maternels).",
                    styles["body"],
                )
            )
        if offer.home_care:
            part.append(
                Paragraph(
                    f"Garde à domicile : {offer.home_care} service(s) ou auxiliaire(s) "
                    "parental(aux) intervenant dans la commune.",
                    styles["body"],
                )
            )
        story.append(KeepTogether(part))
    return story


def _costs_story(styles, territory, on):
    story = [PageBreak(), Paragraph("Combien ça coûte ? Trois exemples", styles["h1"])]
    suggested = suggested_prices(territory)
    prices = CarePrices(
        micro_creche_hourly_price=suggested.micro_creche_hourly_price.amount,
        am_net_hourly_wage=suggested.am_net_hourly_wage.amount,
        gad_net_hourly_wage=suggested.gad_net_hourly_wage.amount,
    )
    micro = suggested.micro_creche_hourly_price
    micro_origin = (
        f"prix médian des {micro.sample} micro-crèches à tarif libre du territoire"
        if micro.sample
        else "valeur indicative"
    )
    story.append(
        Paragraph(
            "Reste à charge par mois, après le CMG de la Caf et le crédit d'impôt, calculé le "
            f"{on:%d/%m/%Y} avec les barèmes en vigueur à cette date. Prix utilisés : "
            f"micro-crèche à tarif libre {euros(micro.amount)} de l'heure ({micro_origin}) ; "
            f"assistant maternel {euros(prices.am_net_hourly_wage)} net de l'heure et garde à "
            f"domicile {euros(prices.gad_net_hourly_wage)} net de l'heure (valeurs indicatives, "
            "sans les cotisations sociales de la garde à domicile). Faites votre propre calcul "
            "avec le simulateur en ligne : chaque résultat y est expliqué ligne par ligne.",
            styles["body"],
        )
    )
    width = A4[0] - 40 * mm
    sources = {}
    unconfirmed = False
    for description, situation in EXAMPLE_FAMILIES:
        try:
            comparison = compare_modes(situation=situation, prices=prices, on=on)
        except PeriodNotFound:
            story.append(
                Paragraph(
                    "Les barèmes en vigueur à cette date ne sont pas encore chargés : "
                    "exemples indisponibles.",
                    styles["body"],
                )
            )
            return story
        rows = [
            ("Mode d'accueil", "Prix par mois", "Aides (CMG)", "Crédit d'impôt", "Reste à charge")
        ]
        for cost in comparison.costs:
            unconfirmed = unconfirmed or not cost.all_confirmed
            rows.append(
                (
                    str(mode_name(cost.mode)) + ("" if cost.all_confirmed else " *"),
                    euros(cost.monthly_price),
                    euros(cost.monthly_cmg),
                    euros(cost.monthly_tax_credit),
                    euros(cost.net_monthly_cost),
                )
            )
            for period in cost.periods:
                sources[(period.source.reference, period.valid_from)] = period.source.url
        story.append(
            KeepTogether(
                [
                    Paragraph(_text(description), styles["h3"]),
                    _table(rows, [width * 0.32] + [width * 0.17] * 4, styles),
                    Spacer(1, 6),
                ]
            )
        )
    if unconfirmed:
        story.append(
            Paragraph(
                "* Le calcul repose sur un chiffre officiel qui reste à confirmer dans le "
                "texte publié : le résultat est une estimation.",
                styles["small"],
            )
        )
    story.append(Paragraph("Sources et date des barèmes", styles["h2"]))
    for (reference, valid_from), url in sorted(sources.items(), key=lambda item: item[0][0]):
        story.append(
            Paragraph(
                f"{_text(reference)}, barème du {valid_from:%d/%m/%Y} — {_text(url)}",
                styles["small"],
            )
        )
    return story


def _lexicon_story(styles):
    story = [PageBreak(), Paragraph("Les mots à connaître", styles["h1"])]
    for term in content.LEXICON:
        story.append(
            Paragraph(f"<b>{_text(term.term)}</b> : {_text(term.definition)}", styles["body"])
        )
    return story


def build_guide_pdf(*, generated_at: datetime) -> bytes:
    """The guide as PDF bytes, from the data in the database at this moment."""
    _register_fonts()
    territory = Territory.objects.current()
    styles = _styles(
        safe_primary_colour(territory.primary_colour) if territory else FALLBACK_PRIMARY
    )
    name = territory.name if territory else "Service public de la petite enfance"
    with translation.override("fr"):
        offers = offer_by_commune(territory)
        story = [
            Spacer(1, 60 * mm),
            Paragraph("Guide petite enfance", styles["title"]),
            Paragraph(_text(name), styles["subtitle"]),
            Spacer(1, 10 * mm),
            Paragraph(
                "Pour les parents et futurs parents : les modes d'accueil du jeune enfant, "
                "l'offre de chaque commune, ce qu'ils coûtent et à qui s'adresser.",
                styles["subtitle"],
            ),
            Spacer(1, 30 * mm),
            Paragraph(
                f"Édition du {generated_at:%d/%m/%Y}, produite à partir des données à jour "
                "du service public de la petite enfance.",
                styles["body"],
            ),
            PageBreak(),
        ]
        story += _contacts_story(styles)
        story += _local_story(styles)
        story += _modes_story(styles)
        story += _offer_story(styles, territory, offers)
        story += _costs_story(styles, territory, generated_at.date())
        story += _lexicon_story(styles)

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(
            20 * mm,
            10 * mm,
            f"Guide petite enfance — {name} — édition du {generated_at:%d/%m/%Y} — page "
            f"{document.page}",
        )
        canvas.restoreState()

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Guide petite enfance — {name}",
        author=name,
        subject="Modes d'accueil du jeune enfant, offre par commune, coûts et contacts",
        lang="fr-FR",
        creator="sppe",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()

"""The commission's documents as PDF: a family's decision letter and the minutes.

Both are built from stored data only (the frozen dossiers, the validated matching, the
overrides, the offers): the same session gives the same bytes on any machine (the PDF's
creation date is the session's validation, its identifier derived from the content).
The letter is written in French, the language of the administrative decision; the
family's messages and pages give it in English and Arabic.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO

from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sppe.information.guide import FONT, FONT_BOLD, _register_fonts, _text
from sppe.territories.enums import OrganisationKind
from sppe.territories.models import Organisation, Territory

from . import selectors, services
from .enums import OfferStatus, OverrideReason


@cache
def _styles():
    _register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=16, spaceBefore=8
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


def para(text, style="base") -> Paragraph:
    return Paragraph(_text(text), _styles()[style])


def _day(value) -> str:
    return date_format(value, "j F Y")


def _table(rows, widths, styles):
    data = [[para(cell, "cell") for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a939c")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _build(story, *, title: str, moment) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="sppe",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()


def relais_contacts() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.RPE).order_by("name"))


def session_letters(deliberation):
    """(application, PDF) for every family the session studied, in dossier-number order;
    the waiting lists are computed once for all."""
    shared = {deliberation.pk: selectors.session_context(deliberation)}
    contacts = relais_contacts()
    frozen = deliberation.dossiers.select_related("application__household__commune")
    for row in frozen.order_by("number"):
        yield (
            row.application,
            decision_letter(row.application, deliberation, shared=shared, contacts=contacts),
        )


def decision_letter(application, deliberation, *, shared=None, contacts=None) -> bytes:
    """The family's letter: decision, points line by line, cut-offs, explanation, the
    RPE's contacts and alternatives, and the remedies."""
    styles = _styles()
    territory = Territory.objects.current()
    session = deliberation.session
    frozen = application.frozen_versions.get(deliberation=deliberation)
    offers = list(
        application.offers.filter(deliberation=deliberation).select_related("unit__establishment")
    )
    sessions = selectors.family_sessions(application, shared=shared)
    rows = next(r for r in sessions if r["frozen"] == frozen)
    story = [
        para(territory.name if territory else "", "small"),
        Spacer(1, 4 * mm),
        para(f"Décision de la commission d'attribution du {_day(session.date)}", "title"),
        para(f"Dossier {application.reference}", "base"),
        Spacer(1, 4 * mm),
    ]
    if offers:
        for offer in offers:
            story.append(
                para(
                    f"Une place vous est proposée à la crèche {offer.unit.establishment.name} "
                    f"({offer.unit.get_section_display()}), à partir du {_day(offer.start_date)}. "
                    f"Répondez au plus tard le {_day(offer.deadline)}, dans votre espace en ligne "
                    "ou par téléphone au relais petite enfance ; sans réponse, la place sera "
                    "proposée à un autre enfant.",
                    "base",
                )
            )
            if offer.monthly_fee:
                story.append(
                    para(
                        f"Participation mensuelle estimée : {offer.monthly_fee} € (barème national "
                        "de la Caf, selon les ressources déclarées).",
                        "base",
                    )
                )
            if offer.status != OfferStatus.PENDING:
                story.append(para(f"Votre réponse : {offer.get_status_display()}.", "base"))
    else:
        story.append(
            para(
                "La commission n'a pas pu vous proposer de place. Votre dossier reste sur la liste "
                "pour la prochaine commission, sauf si vous retirez votre demande.",
                "base",
            )
        )
    story.append(Paragraph("Vos points", styles["h2"]))
    lines = [["Critère", "Points"]]
    lines += [
        [
            line["label"],
            f"{line['points']} × {line['times']}" if line["times"] > 1 else str(line["points"]),
        ]
        for line in frozen.score["lines"]
    ]
    lines.append(["Total (hors points propres à une crèche)", str(frozen.points)])
    story.append(_table(lines, [120 * mm, 40 * mm], styles))
    if rows["units"]:
        story.append(Paragraph("Vos vœux, la dernière place attribuée et votre rang", styles["h2"]))
        table = [["Crèche et section", "Points du dernier enfant admis", "Votre situation"]]
        for unit in rows["units"]:
            where = (
                "admis"
                if unit["admitted"]
                else f"{unit['position']}e sur {unit['waiting']} en attente"
            )
            table.append(
                [str(unit["unit"]), "—" if unit["cutoff"] is None else str(unit["cutoff"]), where]
            )
        story.append(_table(table, [75 * mm, 45 * mm, 40 * mm], styles))
    for text in rows["explanations"]:
        if text:
            story.append(Spacer(1, 2 * mm))
            story.append(para(text, "base"))
    story.append(Paragraph("Le relais petite enfance vous accompagne", styles["h2"]))
    story.append(
        para(
            "Pour trouver une autre solution (assistants maternels, MAM, crèches hors guichet, "
            "garde partagée) ou en parler, le relais vous reçoit sur rendez-vous :",
            "base",
        )
    )
    for rpe in contacts if contacts is not None else relais_contacts():
        story.append(para(" — ".join(x for x in (rpe.name, rpe.phone, rpe.email) if x), "base"))
    alternatives = selectors.alternatives(application) if not offers else {}
    if alternatives and (alternatives["childminders"] or alternatives["creches"]):
        story.append(
            para(
                f"Près de chez vous, {len(alternatives['childminders'])} assistant(s) "
                f"maternel(s) et {len(alternatives['creches'])} crèche(s) hors guichet déclarent "
                "des places pour "
                "l'âge et les jours demandés : la liste est dans votre dossier en ligne.",
                "base",
            )
        )
    story.append(Paragraph("Voies de recours", styles["h2"]))
    story.append(
        para(
            "Vous pouvez contester cette décision dans un délai de deux mois : par un "
            "recours gracieux depuis votre espace en ligne, ou devant le tribunal administratif "
            "(recours contentieux, possible en ligne sur www.telerecours.fr). Vous pouvez aussi "
            "saisir gratuitement le Défenseur des droits.",
            "base",
        )
    )
    return _build(
        story, title=f"Décision {application.reference}", moment=deliberation.validated_at
    )


def minutes(deliberation) -> bytes:
    """The procès-verbal: members, seats, decisions, overrides, the verifier's report."""
    styles = _styles()
    session = deliberation.session
    grid = deliberation.grid.number if deliberation.grid else "—"
    story = [
        para(f"Procès-verbal de la commission d'attribution du {_day(session.date)}", "title"),
        Spacer(1, 3 * mm),
        para(
            f"Grille de points : version {grid}. "
            f"Graine du tirage au sort : {deliberation.lottery_seed}. "
            f"Date d'entrée : {_day(deliberation.start_date)}.",
            "base",
        ),
    ]
    president = deliberation.president.get_full_name() if deliberation.president else "—"
    members = ", ".join(sorted(m.get_full_name() or m.email for m in deliberation.members.all()))
    story.append(para(f"Président(e) : {president}. Membres : {members or '—'}.", "base"))
    if deliberation.validated_at:
        who = deliberation.validated_by.get_full_name() if deliberation.validated_by else "—"
        story.append(
            para(f"Décisions validées le {_day(deliberation.validated_at)} par {who}.", "base")
        )
    story.append(Paragraph("Places ouvertes", styles["h2"]))
    table = [["Crèche", "Section", "Lu", "Ma", "Me", "Je", "Ve"]]
    for unit in deliberation.units.select_related("establishment"):
        table.append(
            [unit.establishment.name, unit.get_section_display(), *[str(x) for x in unit.capacity]]
        )
    story.append(_table(table, [60 * mm, 45 * mm] + [11 * mm] * 5, styles))
    matching = services.final_matching(deliberation)
    placed = sum(1 for v in matching.values() if v)
    story.append(Paragraph("Décisions", styles["h2"]))
    story.append(
        para(
            f"{deliberation.dossiers.count()} dossiers étudiés, {len(matching)} enfants, "
            f"{placed} places attribuées.",
            "base",
        )
    )
    units = {u.key: str(u) for u in deliberation.units.select_related("establishment")}
    decisions = [["Enfant (anonyme)", "Points", "Décision"]]
    points = {c["id"]: c["points"] for c in deliberation.instance.get("children", [])}
    for child_id, unit_key in sorted(matching.items()):
        decisions.append(
            [
                child_id,
                str(points.get(child_id, "")),
                units.get(unit_key, "pas de place cette fois"),
            ]
        )
    story.append(_table(decisions, [40 * mm, 25 * mm, 95 * mm], styles))
    story.append(Paragraph("Dérogations à la proposition", styles["h2"]))
    overrides = list(deliberation.overrides.select_related("unit__establishment", "by"))
    if not overrides:
        story.append(
            Paragraph(
                "Aucune : la proposition du calcul a été validée telle quelle.", styles["base"]
            )
        )
    for override in overrides:
        passed = ", ".join(
            f"{p['child']} ({p['points_gap']:+d} points)" for p in override.passed_over
        )
        story.append(
            para(
                f"{override.child_key} placé(e) en {override.unit} — motif : "
                f"{OverrideReason(override.reason).label} ; fait constaté : {override.comment} ; "
                f"proposé(e) par {override.by.get_full_name() or override.by.email}. "
                f"Enfants dépassés : {passed or 'aucun'}. "
                f"Enfants déplacés : {', '.join(override.displaced) or 'aucun'}.",
                "base",
            )
        )
    report = deliberation.report
    wasted = sum(item[2] for item in report.get("wasted", []))
    story.append(Paragraph("Contrôle d'équité du calcul", styles["h2"]))
    story.append(
        para(
            f"Méthode : {deliberation.engine_method} ({deliberation.engine_status}). "
            "Préférences contrariées sans raison (envie justifiée) : "
            f"{report.get('blocking_count', 0)}. "
            f"Places laissées vides qu'un enfant aurait pu prendre : {wasted}. "
            f"Violations de capacité : {len(report.get('capacity_violations', []))}.",
            "base",
        )
    )
    return _build(story, title=f"Procès-verbal {session.date}", moment=deliberation.validated_at)

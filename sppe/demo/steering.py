"""The demo's steering: three years of self-assessment, the parents' surveys of two
years with their answers, and a three-year action plan of six sheets with indicators.

Everything is written through the steering services, from fixed data and a seeded
random generator, so that every load leaves the same figures. A load first removes
the territory's previous steering data, then writes it again.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sppe.steering.assessment.criteria import CRITERIA
from sppe.steering.assessment.services import criterion_answer_record
from sppe.steering.enums import ActionStatus, Audience, IndicatorSource, PlanKind, QuestionKind
from sppe.steering.models import Assessment, Plan, Response, Survey
from sppe.steering.plans import services as plans
from sppe.steering.surveys import services as surveys
from sppe.territories.models import Territory

SEED = 2026
# Levels of the 29 criteria, two years ago; each year a few criteria go up one level.
FIRST_LEVELS = (
    2, 2, 1, 2,  # Information
    2, 2, 1, 2, 1, 1, 1, 2, 1,  # Parcours et démarches
    1, 1, 2, 1,  # Aller-vers
    2, 1, 1, 2, 2, 2, 1, 1, 1,  # Moyens et outillage
    2, 1, 2,  # Gouvernance
)  # fmt: skip
PROGRESS = ((4, 8, 9, 21, 25), (3, 10, 11, 14, 19, 20, 24))
EVIDENCE = {
    8: "Espace en ligne des familles, messages à chaque étape, campagnes de confirmation.",
    9: "Guichet unique en ligne et au relais pour les crèches de la communauté de communes.",
    25: "Enquête annuelle auprès des parents (note moyenne de l'information du RPE).",
}
QUESTIONS = (
    (
        QuestionKind.SCALE,
        "Sur 10, êtes-vous satisfait de l'information donnée par le relais petite enfance ?",
        "Out of 10, how satisfied are you with the information given by the relay?",
        "من 10، ما مدى رضاك عن المعلومات التي يقدمها مركز الطفولة المبكرة؟",
        (),
    ),
    (
        QuestionKind.AGREEMENT,
        "Les démarches pour demander une place en crèche sont simples.",
        "Applying for a crèche place is simple.",
        "إجراءات طلب مكان في الحضانة بسيطة.",
        (),
    ),
    (
        QuestionKind.SINGLE,
        "Connaissiez-vous le guide petite enfance du territoire ?",
        "Did you know the territory's early childhood guide?",
        "هل كنت تعرف دليل الطفولة المبكرة الخاص بالمنطقة؟",
        (("Oui", "Yes", "نعم"), ("Non", "No", "لا")),
    ),
    (
        QuestionKind.MULTIPLE,
        "Comment vous êtes-vous informé sur les modes d'accueil ?",
        "How did you find out about childcare options?",
        "كيف حصلت على المعلومات حول أنماط الاستقبال؟",
        (
            ("Site internet", "Website", "الموقع الإلكتروني"),
            ("Relais petite enfance", "Early childhood relay", "مركز الطفولة المبكرة"),
            ("Mairie", "Town hall", "البلدية"),
            ("Bouche à oreille", "Word of mouth", "من شخص لآخر"),
        ),
    ),
    (QuestionKind.TEXT, "Une suggestion pour améliorer le service ?", "", "", ()),
)
SUGGESTIONS = (
    "Des permanences le samedi matin.",
    "Plus d'informations sur le coût d'une assistante maternelle.",
    "Le guide papier en mairie serait utile.",
    "Être prévenu plus tôt de la date de la commission.",
)
SHEETS = (
    (
        "Informer et accompagner les familles",
        "Informer les parents sur tous les modes d'accueil",
        "Une information complète, neutre et à jour, par plusieurs canaux.",
        "Réunions d'information collectives ; site internet ; guide petite enfance",
        "Relais petite enfance",
        "Caf, PMI, mairies",
        "0,5 ETP d'animatrice RPE",
        (("Satisfaction des parents sur l'information du RPE", "/ 10", "8.5", "survey"),),
        (("Réunion « Quels modes d'accueil pour mon enfant ? » chaque trimestre", 2, 1),),
    ),
    (
        "Informer et accompagner les familles",
        "Faire connaître le guide petite enfance",
        "Que chaque futur parent reçoive le guide à un moment clé.",
        "Remise du guide à la déclaration de naissance et aux nouveaux habitants",
        "Service petite enfance",
        "Maternités, PMI, mairies",
        "Impression de 2 000 guides",
        (("Parents connaissant le guide", "%", "70", (40, 46)),),
        (("Remettre le guide lors de la déclaration de naissance", 4, None),),
    ),
    (
        "Informer et accompagner les familles",
        "Guichet unique d'inscription en crèche",
        "Une seule demande pour toutes les crèches, suivie en ligne.",
        "Dossier unique ; suivi en ligne ; campagnes de confirmation",
        "Service petite enfance",
        "Crèches associatives et privées",
        "Logiciel sppe",
        (
            ("Demandes déposées en ligne", "%", "70", (48, 61)),
            ("Demandes déposées au guichet unique", "demandes", "450", "desk"),
        ),
        (("Ouvrir le guichet aux crèches associatives", 9, 10),),
    ),
    (
        "Développer et adapter l'offre",
        "Développer l'offre d'accueil",
        "Répondre aux besoins des familles là où l'offre manque.",
        "Soutien aux projets de MAM ; micro-crèche à horaires élargis",
        "Communauté de communes",
        "Caf, PMI, porteurs de projets",
        "Fonds d'investissement Caf",
        (
            ("Places d'accueil créées", "places", "30", (8, 14)),
            ("Taux de couverture", "%", "65", (58.2, 59.4)),
        ),
        (("Accompagner deux projets de MAM", 18, None),),
    ),
    (
        "Aller vers les familles",
        "Aller vers les familles éloignées des modes d'accueil",
        "Rencontrer les familles qui ne viennent pas au relais.",
        "Matinées d'éveil itinérantes ; présence aux permanences sociales",
        "Relais petite enfance",
        "Centre social, CCAS, associations",
        "Véhicule du relais itinérant",
        (("Familles rencontrées hors les murs", "familles", "150", (45, 90)),),
        (("Matinées d'éveil dans les communes sans relais", 15, 16),),
    ),
    (
        "Outiller et former les agents",
        "Former les agents d'accueil",
        "Des agents formés sur tous les modes d'accueil et les démarches.",
        "Formation annuelle ; analyse des pratiques",
        "Service petite enfance",
        "Caf (réseau des RPE)",
        "Deux journées de formation par an",
        (("Agents formés dans l'année", "agents", "12", (5, 9)),),
        (("Former les agents d'accueil des mairies aux modes d'accueil", 23, 17),),
    ),
)


@dataclass
class SteeringReport:
    years: list[int]
    responses: int
    sheets: int
    indicators: int

    def lines(self) -> list[str]:
        return [
            f"Pilotage : grille renseignée pour {', '.join(map(str, self.years))} ; "
            f"{self.responses} réponses aux enquêtes des parents ; plan d'action de "
            f"{self.sheets} fiches et {self.indicators} indicateurs."
        ]


def _levels(year_index: int) -> dict[int, int]:
    levels = dict(zip((c.number for c in CRITERIA), FIRST_LEVELS, strict=True))
    for step in PROGRESS[:year_index]:
        for number in step:
            levels[number] = min(3, levels[number] + 1)
    return levels


def _survey(territory, year: int, rng: random.Random, invited: int, answered: int, shift: int):
    survey = surveys.survey_create(
        territory=territory,
        title="Satisfaction des parents",
        title_en="Parents' satisfaction",
        title_ar="رضا الأولياء",
        audience=Audience.FAMILIES,
        year=year,
    )
    for kind, text, text_en, text_ar, choices in QUESTIONS:
        surveys.question_add(
            survey=survey,
            kind=kind,
            text=text,
            text_en=text_en,
            text_ar=text_ar,
            choices=[c[0] for c in choices],
            choices_en=[c[1] for c in choices],
            choices_ar=[c[2] for c in choices],
            required=kind == QuestionKind.SCALE,
        )
    surveys.survey_open(survey=survey)
    questions = {q.kind: q.pk for q in survey.questions.all()}
    invitations = surveys.invitation_links_create(survey=survey, count=invited)
    for index, invitation in enumerate(invitations[:answered]):
        scale = min(10, max(3, round(rng.gauss(8 + shift / 10, 1.2))))
        answers = {
            questions[QuestionKind.SCALE]: str(scale),
            questions[QuestionKind.AGREEMENT]: str(rng.choice((2, 3, 4, 4, 5, 5))),
            questions[QuestionKind.SINGLE]: str(0 if rng.random() < 0.4 + shift / 20 else 1),
            questions[QuestionKind.MULTIPLE]: [
                str(i) for i in range(4) if rng.random() < (0.6, 0.5, 0.3, 0.4)[i]
            ]
            or ["1"],
            questions[QuestionKind.TEXT]: SUGGESTIONS[index // 6 % len(SUGGESTIONS)]
            if index % 6 == 0
            else "",
        }
        surveys.survey_answer(token=invitation.token, answers=answers)
    return survey


def _plan(territory, first_year: int, today: dt.date, question):
    plan = plans.plan_create(
        territory=territory,
        title=f"Convention territoriale globale {first_year}-{first_year + 2} : petite enfance",
        kind=PlanKind.CTG,
        start_year=first_year,
        end_year=first_year + 2,
    )
    axes = {}
    indicators = 0
    for position, (axis_title, title, objective, priorities, pilot, partners, resources,
                   sheet_indicators, actions) in enumerate(SHEETS):  # fmt: skip
        if axis_title not in axes:
            axes[axis_title] = plans.axis_add(plan=plan, title=axis_title)
        sheet = plans.sheet_add(
            axis=axes[axis_title],
            title=title,
            objective=objective,
            priorities=priorities,
            pilot=pilot,
            partners=partners,
            resources=resources,
        )
        for label, unit, target, values in sheet_indicators:
            computed = {}
            if values == "survey":
                computed = {"source": IndicatorSource.SURVEY_AVERAGE, "question": question}
            elif values == "desk":
                computed = {"source": IndicatorSource.DESK_APPLICATIONS}
            indicator = plans.indicator_add(
                sheet=sheet, label=label, unit=unit, target=target, **computed
            )
            indicators += 1
            for offset, value in enumerate(() if computed else values):
                if first_year + offset <= today.year:
                    plans.indicator_value_record(
                        indicator=indicator, year=first_year + offset, value=str(value)
                    )
        for action_title, criterion, done_months_ago in actions:
            action = plans.action_add(
                sheet=sheet,
                title=action_title,
                pilot=pilot,
                deadline=dt.date(first_year + 1 + position % 2, 6 + position, 30 - position),
                criterion=criterion,
            )
            started = today - dt.timedelta(days=120 + 10 * position)
            plans.action_status_set(
                action=action,
                status=ActionStatus.IN_PROGRESS,
                note="Lancement de l'action avec les partenaires.",
                on=started,
            )
            if done_months_ago is not None and position % 2 == 0:
                plans.action_status_set(
                    action=action,
                    status=ActionStatus.DONE,
                    note="Action réalisée ; bilan présenté au comité de pilotage.",
                    on=today - dt.timedelta(days=30 + position),
                )
    return plan, indicators


@transaction.atomic
def load_demo_steering(*, today: dt.date | None = None) -> SteeringReport:
    today = today or timezone.localdate()
    territory = Territory.objects.current()
    if territory is None:
        return SteeringReport([], 0, 0, 0)
    Assessment.objects.filter(territory=territory).delete()
    Survey.objects.filter(territory=territory).delete()
    Plan.objects.filter(territory=territory).delete()
    years = [today.year - 2, today.year - 1, today.year]
    for index, year in enumerate(years):
        for number, level in _levels(index).items():
            criterion_answer_record(
                territory=territory,
                year=year,
                criterion=number,
                level=level,
                evidence=EVIDENCE.get(number, ""),
            )
    rng = random.Random(SEED)
    _survey(territory, today.year - 1, rng, invited=60, answered=38, shift=0)
    survey = _survey(territory, today.year, rng, invited=80, answered=52, shift=4)
    scale = survey.questions.get(kind=QuestionKind.SCALE)
    _created_plan, indicators = _plan(territory, today.year - 1, today, scale)
    return SteeringReport(
        years=years,
        responses=Response.objects.filter(survey__territory=territory).count(),
        sheets=len(SHEETS),
        indicators=indicators,
    )

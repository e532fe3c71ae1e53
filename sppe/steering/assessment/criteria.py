"""The 29 criteria of the self-assessment grid, in their five pillars, as data.

Taken from the national practical guide « Ensemble vers le Service public de la petite
enfance » (ministère du Travail, de la Santé, des Solidarités et des Familles, 2024):
each criterion's question, benefits and practical advice, with the page of the guide
where it is detailed. The grid at page 40 of the guide gives 1, 2 or 3 points per
criterion (the level descriptions, « paliers », were images and are not reproduced).

The text is the guide's, in French: it is read by the territory's agents and elected
officials, who work on the guide itself. No Django import: the scoring core uses it.
"""

from dataclasses import dataclass

GUIDE = "Guide pratique « Ensemble vers le Service public de la petite enfance » (2024)"
MIN_LEVEL, MAX_LEVEL = 1, 3


@dataclass(frozen=True)
class Pillar:
    code: str
    label: str
    question: str


@dataclass(frozen=True)
class Criterion:
    number: int
    pillar: str  # Pillar.code
    title: str
    question: str
    benefits: tuple[str, ...]
    advice: tuple[str, ...]
    page: int

    @property
    def reference(self) -> str:
        return f"{GUIDE}, critère {self.number}, p. {self.page}"


PILLARS = (
    Pillar(
        "information",
        "Information",
        "Comment informer les familles sur les modes d'accueil et les démarches à réaliser "
        "pour y recourir ?",
    ),
    Pillar(
        "parcours",
        "Parcours et démarches",
        "Comment faciliter et fluidifier le parcours d'accès des parents à un mode d'accueil "
        "pour leur jeune enfant et leur fournir le soutien nécessaire pour surmonter les "
        "éventuelles difficultés ?",
    ),
    Pillar(
        "aller_vers",
        "Aller-vers",
        "Comment aller vers les familles plus isolées, précaires et/ou éloignées des modes "
        "d'accueil afin d'identifier leurs besoins, leur fournir les informations de base et "
        "les orienter vers les acteurs à même de les accompagner ?",
    ),
    Pillar(
        "moyens",
        "Moyens et outillage",
        "Comment équiper et former les agents des services / relais petite enfance en charge "
        "d'accueillir, informer et accompagner les familles afin d'assurer une qualité de "
        "service optimale aux usagers ?",
    ),
    Pillar(
        "gouvernance",
        "Gouvernance",
        "Comment améliorer la coordination et l'organisation des différents acteurs de "
        "l'écosystème de la petite enfance intervenant dans le parcours d'accès à un mode "
        "d'accueil ?",
    ),
)

C = Criterion
CRITERIA = (
    C(
        1,
        "information",
        "Proactivité",
        "Dans quelle mesure ma collectivité locale informe-t-elle les familles de manière "
        "proactive en anticipant leurs besoins et sollicitations ?",
        (
            "Anticiper les besoins des familles et proposer une communication adaptée sur les "
            "modes d'accueil présents sur le territoire et sur les démarches",
            "Mieux faire connaître le relais petite enfance et le service petite enfance de la "
            "mairie comme interlocuteurs privilégiés des familles",
            "Limiter le nombre de familles laissées sans solution par manque de connaissance sur "
            "l'offre d'accueil ou les démarches",
        ),
        (
            "Proposer une information progressive et de plus en plus précise plutôt que de fournir "
            "la totalité des informations d'un coup",
            "Cibler tous les parents et futurs parents à des moments clés : grossesse, naissance, "
            "adoption, déménagement",
        ),
        7,
    ),
    C(
        2,
        "information",
        "Canaux",
        "Quels canaux sont proposés aux familles pour les informer ? Dans quelle mesure "
        "ont-elles le choix d'utiliser le canal qu'elles préfèrent ?",
        (
            "Proposer aux familles le canal qui correspond le plus à leur usage et à leurs besoins",
            "Mieux leur transmettre l'information dont elles ont besoin, « au bon endroit » et "
            "« au bon moment »",
            "Rendre accessible l'information sur les modes d'accueil au plus grand nombre "
            "(fracture numérique)",
        ),
        (
            "Varier les canaux (presse locale, réseaux sociaux, affichage public…) et trouver le "
            "juste équilibre entre humain et numérique",
            "Varier les formats : physiques / à distance ; individuels / collectifs ; formels / "
            "informels",
        ),
        8,
    ),
    C(
        3,
        "information",
        "Accessibilité et personnalisation",
        "Dans quelle mesure l'information communiquée aux familles est-elle accessible et "
        "personnalisée, pour tenir compte des besoins spécifiques de certaines familles "
        "(barrière linguistique, administrative, situation de handicap…) ?",
        (
            "S'assurer que l'information proposée est compréhensible par toutes les familles",
            "Éviter que le manque d'information ou une information mal comprise soit cause de "
            "non-recours à un mode d'accueil formel",
        ),
        (
            "Prévoir des éléments de communication génériques et décliner certains contenus pour "
            "cibler des besoins spécifiques",
            "Faire appel à des partenaires (traducteurs, médiateurs…) et utiliser un langage clair",
        ),
        9,
    ),
    C(
        4,
        "information",
        "Qualité",
        "L'information communiquée aux familles est-elle exhaustive, neutre, précise, mise à "
        "jour régulièrement, coordonnée avec les acteurs publics locaux et nationaux ?",
        (
            "Fournir aux familles l'ensemble des informations dont elles ont besoin pour leur "
            "éviter de multiplier les recherches",
            "Déconstruire les préjugés sur les modes d'accueil",
            "Garantir la satisfaction des usagers par des informations fiables et à jour",
        ),
        (
            "Identifier la fréquence nécessaire de mise à jour des informations et en organiser "
            "l'actualisation",
            "Permettre aux usagers de remonter leurs questions et remarques sur la communication "
            "disponible dans une logique d'amélioration continue",
        ),
        10,
    ),
    C(
        5,
        "parcours",
        "Canaux",
        "Quels canaux sont proposés aux familles pour réaliser leurs démarches ? Dans quelle "
        "mesure ont-elles le choix d'utiliser le canal qu'elles préfèrent ?",
        (
            "Proposer aux familles le canal qui correspond le plus à leur usage et à leurs besoins",
            "Améliorer l'accessibilité du parcours d'accès aux modes d'accueil",
            "Optimiser le temps passé par les agents avec les familles",
        ),
        (
            "Trouver le juste équilibre entre humain et numérique",
            "Réaliser une enquête auprès des usagers pour mieux identifier leurs besoins et leurs "
            "attentes concernant les démarches",
        ),
        12,
    ),
    C(
        6,
        "parcours",
        "Niveau de l'accompagnement proposé",
        "Dans quelle mesure les familles sont-elles accompagnées par un agent pour réaliser "
        "leurs démarches pour recourir à un mode d'accueil, collectif ou individuel ?",
        (
            "Rassurer les parents sur les démarches à effectuer",
            "Limiter les erreurs réalisées par les parents dans leurs démarches",
        ),
        (
            "Mobiliser les partenaires locaux pour mutualiser des outils et échanger sur les "
            "bonnes pratiques",
            "Adapter la durée des entretiens au niveau d'accompagnement souhaité",
        ),
        13,
    ),
    C(
        7,
        "parcours",
        "Accessibilité et niveau de personnalisation",
        "Les démarches sont-elles accessibles et personnalisées pour répondre aux besoins "
        "spécifiques de certaines familles (handicap, barrière de la langue, fracture "
        "numérique, barrière administrative…) ?",
        (
            "S'assurer que les démarches sont compréhensibles et réalisables par toutes les "
            "familles",
            "Limiter le non-recours subi aux modes d'accueil à cause de démarches inaccessibles",
        ),
        (
            "Adapter la personnalisation des démarches à des besoins spécifiques représentatifs "
            "des familles du territoire",
            "Faire appel à des partenaires externes des secteurs de la santé et du social",
        ),
        14,
    ),
    C(
        8,
        "parcours",
        "Suivi des familles dans leur parcours",
        "La collectivité réalise-t-elle un suivi de l'avancement du dossier des familles qui "
        "déposent une demande en crèche, et leur en fait-elle part tout au long de leur "
        "parcours ?",
        (
            "Rassurer les familles en leur donnant de la visibilité sur l'avancée de leur demande",
            "Permettre aux parents d'anticiper des démarches parallèles",
            "Limiter les sollicitations impromptues des familles",
        ),
        (
            "Apporter des informations précises (« réponse prévue le… »)",
            "Réaliser des campagnes de relance auprès des familles pour s'assurer qu'elles "
            "maintiennent leur demande",
        ),
        15,
    ),
    C(
        9,
        "parcours",
        "Guichet unique d'inscription",
        "Les familles peuvent-elles réaliser l'ensemble de leurs démarches d'inscription en "
        "accueil collectif auprès d'un même guichet ?",
        (
            "Limiter le nombre de démarches d'inscription en accueil collectif pour le parent",
            "Simplifier et fluidifier le parcours d'accès du parent à un mode d'accueil collectif",
        ),
        (
            "Dessiner le parcours actuel des familles, identifier leurs irritants et les besoins "
            "des agents",
            "Consulter les crèches associatives (voire privées) du territoire",
        ),
        16,
    ),
    C(
        10,
        "parcours",
        "Transparence de la commission d'attribution",
        "Le déroulé de la commission d'attribution des places en crèche est-il compréhensible "
        "et transparent pour les familles ?",
        (
            "Améliorer la relation avec les familles grâce à une plus grande transparence",
            "Diminuer le nombre de recours formulés par les parents à l'issue de la commission",
            "Limiter le non-recours subi causé par les idées reçues des familles",
        ),
        (
            "Réaliser une enquête auprès des usagers ayant obtenu ou non une place en crèche",
            "Communiquer sur la commission et les critères d'attribution par plusieurs canaux",
        ),
        17,
    ),
    C(
        11,
        "parcours",
        "Accompagnement en cas de réponse négative de la commission",
        "Un accompagnement spécifique est-il proposé aux familles qui n'ont pas eu de place en "
        "crèche, par exemple pour trouver un autre mode d'accueil ?",
        (
            "Rassurer les familles et les accompagner de bout en bout jusqu'à l'obtention d'un "
            "mode d'accueil",
            "Mieux répartir les familles entre les différents modes d'accueil du territoire",
        ),
        (
            "Transmettre les coordonnées du RPE et les solutions alternatives dans la notification "
            "du refus",
            "Proposer un rendez-vous individuel pour envisager la suite des démarches",
        ),
        18,
    ),
    C(
        12,
        "parcours",
        "Mise en relation familles / assistants maternels",
        "Dans quelle mesure la mise en relation entre les familles et les assistants maternels "
        "est-elle facilitée par ma collectivité locale ?",
        (
            "Visibiliser l'offre d'assistants maternels du territoire auprès des familles",
            "Éviter des démarches inutiles pour les parents et une surcharge des assistants "
            "maternels",
        ),
        (
            "Privilégier les formats informels pour les événements d'information ou de rencontre",
            "Échanger avec la PMI sur la mise à jour des listes d'assistants maternels",
        ),
        19,
    ),
    C(
        13,
        "parcours",
        "Mise en relation familles / auxiliaires parentaux",
        "Dans quelle mesure la mise en relation entre les familles et les auxiliaires "
        "parentaux est-elle facilitée par ma collectivité locale ?",
        (
            "Visibiliser l'offre d'auxiliaires parentaux du territoire",
            "Mettre en relation des familles qui voudraient mettre en place un accueil partagé",
        ),
        (
            "Porter une attention particulière aux parents n'ayant pas obtenu de place en crèche",
            "S'appuyer sur les associations locales d'auxiliaires parentaux pour référencer leur "
            "offre",
        ),
        20,
    ),
    C(
        14,
        "aller_vers",
        "Vision des vulnérabilités et des besoins spécifiques",
        "Ma collectivité réalise-t-elle un diagnostic des besoins spécifiques des familles les "
        "plus vulnérables de son territoire et des familles sans solution d'accueil ?",
        (
            "Mettre en lumière des besoins qui n'étaient pas précisément identifiés",
            "Limiter le non-recours subi aux modes d'accueil induit par ces vulnérabilités",
        ),
        (
            "S'appuyer sur des écoutes usagers (questionnaires, entretiens) pour identifier les "
            "besoins spécifiques",
            "S'appuyer sur l'expertise des partenaires médico-sociaux et des associations",
        ),
        22,
    ),
    C(
        15,
        "aller_vers",
        "Intégration de l'aller-vers dans la politique petite enfance",
        "Dans quelle mesure ma collectivité mène-t-elle des actions d'aller-vers ciblées pour "
        "encourager l'accès à un mode d'accueil ?",
        (
            "Aller au-devant des familles éloignées des pouvoirs publics pour leur expliquer leurs "
            "droits",
            "Faire connaître les services de la petite enfance et encourager l'accès à un mode "
            "d'accueil",
        ),
        (
            "Réaliser un diagnostic des besoins spécifiques des populations du territoire",
            "Privilégier les événements informels (goûter au pied des immeubles, fête de "
            "quartier…)",
        ),
        23,
    ),
    C(
        16,
        "aller_vers",
        "Démarche partenariale",
        "Ma collectivité met-elle en place ou fait-elle partie d'une démarche partenariale pour "
        "mieux informer et accompagner les familles les plus isolées ?",
        (
            "Faire des partenaires médico-sociaux des relais de l'information sur les modes "
            "d'accueil",
            "Sensibiliser les familles plus isolées aux modes d'accueil",
        ),
        (
            "Réaliser une cartographie de l'expertise des partenaires selon les vulnérabilités "
            "identifiées",
            "Mobiliser l'ensemble des échelons (commune, département via le CDSF et la CAF, "
            "national)",
        ),
        24,
    ),
    C(
        17,
        "aller_vers",
        "Formation des agents à l'aller-vers",
        "Ma collectivité forme-t-elle ses agents à la prise en compte des vulnérabilités des "
        "populations, pour lutter contre les freins d'accès à un mode d'accueil ?",
        (
            "Accompagner les agents dans la connaissance des vulnérabilités des populations",
            "Mutualiser les outils et les actions de formation",
        ),
        (
            "S'appuyer sur les partenaires du secteur médico-social pour former les agents",
            "Solliciter l'offre de formation existante de la CAF ou du conseil départemental",
        ),
        25,
    ),
    C(
        18,
        "moyens",
        "Visibilité de l'offre (exhaustivité)",
        "Ma collectivité locale dispose-t-elle d'une vision de l'ensemble de l'offre présente "
        "sur son territoire ?",
        (
            "Fournir aux familles l'ensemble des informations relatives à l'offre",
            "Alimenter la politique petite enfance grâce à une vision fine de l'offre existante",
        ),
        (
            "S'appuyer sur les partenaires (CAF, PMI, fédérations de crèches…) pour référencer "
            "l'ensemble de l'offre",
            "S'appuyer sur les listes et cartes disponibles en ligne",
        ),
        27,
    ),
    C(
        19,
        "moyens",
        "Visibilité de l'offre (qualité)",
        "Ma collectivité locale dispose-t-elle d'une vision qualitative de l'ensemble de l'offre "
        "présente sur son territoire (types, établissements, horaires, places, tarifs, "
        "projets) ?",
        (
            "Fournir aux familles l'ensemble des informations relatives à l'offre",
            "Alimenter la politique petite enfance",
        ),
        (
            "Collecter les besoins d'information des usagers pour y répondre au plus juste",
            "Proposer aux représentants des établissements de transmettre leurs informations",
        ),
        28,
    ),
    C(
        20,
        "moyens",
        "Visibilité de l'offre (temps réel)",
        "Dans quelle mesure ma collectivité locale dispose-t-elle d'une vision des places "
        "d'accueil disponibles pour l'ensemble des modes d'accueil ?",
        (
            "Permettre aux familles de concentrer leurs démarches sur les modes d'accueil "
            "disponibles",
            "Mieux orienter les familles dont la demande a été refusée en commission",
        ),
        (
            "S'appuyer sur les partenaires pour identifier les disponibilités lors de "
            "référencements réguliers",
            "Pour les assistants maternels, partir de la liste de la PMI ou de monenfant.fr",
        ),
        29,
    ),
    C(
        21,
        "moyens",
        "Référencement et disponibilités des assistants maternels",
        "Ma collectivité locale encourage-t-elle le référencement et la saisie des "
        "disponibilités des assistants maternels sur monenfant.fr ?",
        (
            "Visibiliser l'offre d'assistants maternels du territoire",
            "Valoriser la profession des assistants maternels",
        ),
        (
            "Rappeler l'obligation réglementaire de se référencer sur monenfant.fr",
            "Proposer un accompagnement humain (ateliers, aide au RPE)",
        ),
        30,
    ),
    C(
        22,
        "moyens",
        "Rayonnement territorial du RPE",
        "Le RPE et / ou le guichet d'information sont-ils bien visibles sur le territoire "
        "(site internet, signalétique, partenaires) ?",
        (
            "Faire connaître le RPE auprès des familles et de l'ensemble des citoyens",
            "Permettre aux partenaires d'orienter les familles vers le RPE",
        ),
        (
            "Veiller à ce que le RPE soit bien référencé sur internet, adresse et horaires à jour",
            "Faire connaître le RPE auprès des partenaires locaux (flyer, mail)",
        ),
        31,
    ),
    C(
        23,
        "moyens",
        "Formation des agents",
        "Les agents sont-ils formés régulièrement, sur tous les modes d'accueil et les "
        "démarches à réaliser ?",
        (
            "Renforcer la capacité de l'agent à informer et à accompagner les familles",
            "Fidéliser et élargir la palette de compétences des agents",
        ),
        (
            "Définir les connaissances que doit maîtriser l'agent selon ses missions (référentiel "
            "national des RPE)",
            "Proposer aux agents d'analyser et de partager leurs pratiques",
        ),
        32,
    ),
    C(
        24,
        "moyens",
        "Outillage des agents",
        "Dans quelle mesure les agents disposent-ils de l'outillage dont ils ont besoin pour "
        "informer et accompagner les familles tout au long de leur parcours ?",
        (
            "Soulager les agents de tâches chronophages et stressantes avec des outils adaptés",
            "Accélérer le traitement des dossiers des familles",
        ),
        (
            "Identifier les étapes particulièrement irritantes pour les familles et les agents",
            "Avant une solution de marché, rechercher si une solution publique répond au besoin",
        ),
        33,
    ),
    C(
        25,
        "moyens",
        "Satisfaction des usagers",
        "La qualité du service rendu aux familles est-elle évaluée pour améliorer en continu "
        "l'information et l'accompagnement proposés ?",
        (
            "Proposer une information et un accompagnement adaptés aux usages et besoins des "
            "familles",
            "Améliorer la satisfaction des usagers",
        ),
        (
            "Adapter le format et le moment de l'évaluation (questionnaire après le service, "
            "enquête annuelle)",
            "Identifier des indicateurs de qualité, en piloter l'avancement et communiquer sur les "
            "évolutions apportées",
        ),
        34,
    ),
    C(
        26,
        "moyens",
        "Appels à projet",
        "Ma collectivité connaît-elle, participe-t-elle ou mène-t-elle des appels à projets "
        "pour financer l'information et l'accompagnement des familles ?",
        (
            "Augmenter les possibilités d'accéder à des financements pour lancer ou pérenniser des "
            "projets",
            "Faire connaître les projets locaux et élargir le réseau",
        ),
        (
            "Recenser les appels à projet utiles (FIPE, fonds « publics et territoires »)",
            "Anticiper la continuité financière du projet une fois le financement clôturé",
        ),
        35,
    ),
    C(
        27,
        "gouvernance",
        "Participation à la gouvernance du SPPE",
        "Ma collectivité participe-t-elle à la gouvernance départementale et locale du Service "
        "public de la petite enfance (CDSF, CTG…) ?",
        (
            "Partager les besoins locaux des familles avec la politique départementale",
            "Constituer un réseau local utile à la politique petite enfance",
        ),
        (
            "Vérifier que la collectivité est représentée au CDSF et en obtenir un compte rendu",
            "Décliner les axes du CDSF dans une convention territoriale globale (CTG)",
        ),
        37,
    ),
    C(
        28,
        "gouvernance",
        "Réseau de bonnes pratiques et d'expérimentations",
        "Ma collectivité contribue-t-elle au partage de bonnes pratiques et d'expérimentations "
        "communes entre pairs, à l'échelle locale et/ou nationale ?",
        (
            "Valoriser les initiatives locales et favoriser une culture de l'amélioration continue",
            "Encourager la collaboration et identifier des moyens à mettre en commun",
        ),
        (
            "Identifier les réseaux à rejoindre (CDSF, associations d'élus, réseaux de RPE)",
            "Identifier les critères de répliquabilité d'une initiative avant de solliciter une "
            "collectivité",
        ),
        38,
    ),
    C(
        29,
        "gouvernance",
        "Suivi de l'actualité du SPPE et de la petite enfance",
        "Ma collectivité locale s'informe-t-elle de l'actualité du SPPE et plus largement de la "
        "petite enfance ?",
        (
            "Identifier des bonnes pratiques et des expérimentations inspirantes",
            "Anticiper des changements réglementaires ou nationaux",
        ),
        ("S'inscrire aux newsletters existantes (AMF, CAF, médias spécialisés)",),
        39,
    ),
)
del C

CRITERIA_BY_NUMBER = {criterion.number: criterion for criterion in CRITERIA}
PILLARS_BY_CODE = {pillar.code: pillar for pillar in PILLARS}


def criteria_of(pillar_code: str) -> tuple[Criterion, ...]:
    return tuple(c for c in CRITERIA if c.pillar == pillar_code)

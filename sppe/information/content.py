"""The national texts of the family pages: modes of care, key moments, lexicon.

Written for families in plain French, neutral between the modes of care, with a short
answer first ("en bref") and the details on demand. Every string is marked for
translation. What differs from one territory to another (hours, contacts, local
procedures) is not here: agents write it in ``LocalContent`` blocks, whose key each page
names (``local_key``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import ContentKey


@dataclass(frozen=True)
class CareMode:
    slug: str
    title: str
    short: str
    who: str
    access: str
    cost: str
    expect: str
    simulator_modes: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyMoment:
    slug: str
    title: str
    short: str
    steps: tuple[str, ...]
    local_key: str


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str


CARE_MODES = (
    CareMode(
        slug="creche",
        title=_("La crèche collective et le multi-accueil"),
        short=_(
            "Une équipe de professionnels de la petite enfance accueille un groupe d'enfants "
            "dans un lieu conçu pour eux. Le prix dépend de vos revenus et du nombre de vos "
            "enfants : c'est un barème national de la Caf."
        ),
        who=_(
            "Des enfants de quelques semaines jusqu'à 3 ans, parfois jusqu'à 6 ans. L'équipe "
            "compte des auxiliaires de puériculture, des éducateurs de jeunes enfants et une "
            "direction. Le multi-accueil reçoit des enfants à temps plein, à temps partiel ou "
            "quelques heures de temps en temps (accueil occasionnel)."
        ),
        access=_(
            "Vous faites une demande de place auprès de la mairie ou du guichet unique du "
            "territoire, souvent pendant la grossesse. Une commission attribue les places "
            "libres, en général une ou deux fois par an, selon des critères publiés. Il y a "
            "souvent plus de demandes que de places : pensez aussi à un autre mode d'accueil."
        ),
        cost=_(
            "Vous payez un tarif horaire calculé sur vos ressources et le nombre d'enfants à "
            "charge (barème national de la Caf, appelé PSU). Les repas et les couches sont "
            "compris. Vous n'avez pas de CMG, mais vous avez droit au crédit d'impôt pour "
            "frais de garde."
        ),
        expect=_(
            "Un contrat fixe vos jours et vos heures ; vous payez chaque mois la même somme "
            "(mensualisation). Une période d'adaptation de quelques jours précède l'accueil. "
            "La crèche ferme certaines semaines dans l'année. Si l'enfant est malade, il "
            "peut ne pas être accueilli."
        ),
        simulator_modes=("creche_psu",),
    ),
    CareMode(
        slug="micro-creche",
        title=_("La micro-crèche"),
        short=_(
            "Une petite crèche de 12 enfants au plus. Selon son financement, le prix dépend "
            "de vos revenus (barème de la Caf) ou il est fixé par la micro-crèche, et la Caf "
            "vous verse alors le CMG."
        ),
        who=_(
            "Des enfants de quelques semaines jusqu'à 3 ans ou plus, accueillis par une "
            "petite équipe de professionnels, avec un référent technique."
        ),
        access=_(
            "Les micro-crèches au tarif de la Caf passent souvent par la demande de place du "
            "territoire. Les micro-crèches à tarif libre (financement PAJE) sont le plus "
            "souvent privées : vous prenez contact avec elles directement."
        ),
        cost=_(
            "Au tarif de la Caf (PSU) : comme une crèche, selon vos revenus, repas et "
            "couches compris. À tarif libre (PAJE) : la micro-crèche fixe son prix horaire, "
            "la Caf vous verse le CMG et une partie reste toujours à votre charge. Dans les "
            "deux cas, vous avez droit au crédit d'impôt pour frais de garde."
        ),
        expect=_(
            "Un petit groupe et des horaires souvent larges. Demandez ce que comprend le "
            "prix (repas, couches), les semaines de fermeture et le préavis de départ."
        ),
        simulator_modes=("creche_psu", "micro_creche_paje"),
    ),
    CareMode(
        slug="creche-familiale-parentale",
        title=_("La crèche familiale et la crèche parentale"),
        short=_(
            "Dans une crèche familiale, un assistant maternel salarié de la crèche accueille "
            "votre enfant chez lui. Une crèche parentale est gérée par une association de "
            "parents. Dans les deux cas, le prix suit le barème de la Caf."
        ),
        who=_(
            "Crèche familiale : des assistants maternels employés par la commune ou une "
            "association, suivis par une équipe (puéricultrice, éducateur). Crèche "
            "parentale : des professionnels et des parents qui donnent un peu de leur temps."
        ),
        access=_(
            "La demande de place passe en général par la mairie ou le guichet unique. Pour "
            "une crèche parentale, l'association rencontre les familles."
        ),
        cost=_(
            "Un tarif horaire selon vos revenus et le nombre d'enfants (barème de la Caf). "
            "Vous n'êtes pas l'employeur : vous n'avez pas de CMG, mais vous avez droit au "
            "crédit d'impôt pour frais de garde."
        ),
        expect=_(
            "En crèche familiale, l'enfant vit au domicile de l'assistant maternel et va "
            "régulièrement à des temps collectifs. En crèche parentale, les parents "
            "participent à la vie de la crèche."
        ),
        simulator_modes=("creche_psu",),
    ),
    CareMode(
        slug="assistant-maternel",
        title=_("L'assistant maternel"),
        short=_(
            "Un professionnel agréé accueille chez lui 1 à 4 enfants. Vous êtes son "
            "employeur. La Caf vous aide par le CMG et vous avez droit à un crédit d'impôt."
        ),
        who=_(
            "Un assistant maternel (souvent appelé « nounou ») a un agrément du département, "
            "délivré après une évaluation par la PMI, et suit une formation. L'agrément dit "
            "combien d'enfants, et de quel âge, il peut accueillir."
        ),
        access=_(
            "Vous choisissez vous-même l'assistant maternel. Le Relais Petite Enfance (RPE) "
            "vous aide à trouver ceux qui ont de la place, à préparer la rencontre et le "
            "contrat. Les disponibilités sont aussi publiées sur monenfant.fr."
        ),
        cost=_(
            "Vous payez un salaire (au moins le minimum légal), des indemnités d'entretien et "
            "souvent les repas. La Caf vous verse le CMG et prend en charge les cotisations "
            "sociales. Vous déclarez le salaire chaque mois sur Pajemploi. Vous avez droit "
            "au crédit d'impôt pour frais de garde."
        ),
        expect=_(
            "Un contrat de travail écrit, selon la convention collective. Des horaires à "
            "convenir ensemble, parfois tôt le matin ou tard le soir. Un petit groupe "
            "d'enfants dans un cadre familial. Prévoyez une solution si l'assistant maternel "
            "est malade ou en congé."
        ),
        simulator_modes=("assistant_maternel",),
    ),
    CareMode(
        slug="mam",
        title=_("La maison d'assistants maternels (MAM)"),
        short=_(
            "De 2 à 6 assistants maternels travaillent ensemble dans un local, hors de leur "
            "domicile. Vous êtes l'employeur de l'assistant maternel de votre enfant, avec "
            "les mêmes aides."
        ),
        who=_(
            "Des assistants maternels agréés, chacun pour un nombre d'enfants fixé par son "
            "agrément, dans un lieu aménagé pour les enfants."
        ),
        access=_(
            "Vous contactez la MAM directement. Le Relais Petite Enfance vous donne la liste "
            "des MAM du territoire."
        ),
        cost=_(
            "Comme pour un assistant maternel : un salaire, des indemnités, le CMG de la Caf "
            "et le crédit d'impôt pour frais de garde."
        ),
        expect=_(
            "Un contrat avec un assistant maternel, qui reste la personne de référence de "
            "votre enfant. Les autres assistants maternels de la MAM le connaissent aussi."
        ),
        simulator_modes=("assistant_maternel",),
    ),
    CareMode(
        slug="garde-a-domicile",
        title=_("La garde d'enfants à domicile"),
        short=_(
            "Une personne garde votre enfant chez vous. Vous l'employez directement ou par un "
            "organisme. Elle peut être partagée entre deux familles (garde partagée)."
        ),
        who=_(
            "Une garde d'enfants ou un auxiliaire parental. Aucun agrément n'est exigé quand "
            "vous employez la personne directement : renseignez-vous sur son expérience et "
            "ses formations."
        ),
        access=_(
            "Vous recrutez la personne vous-même, ou vous passez par un service de garde à "
            "domicile. Pour une garde partagée, vous cherchez une autre famille proche de "
            "chez vous."
        ),
        cost=_(
            "C'est souvent le mode le plus cher : vous payez le salaire et des cotisations "
            "sociales. La Caf vous verse le CMG et prend en charge une partie des "
            "cotisations. Vous avez droit au crédit d'impôt pour l'emploi à domicile. La "
            "garde partagée divise le coût."
        ),
        expect=_(
            "Des horaires adaptés à vos besoins, même atypiques, et l'enfant reste dans son "
            "cadre. Vous êtes employeur, avec un contrat selon la convention collective."
        ),
        simulator_modes=("garde_domicile",),
    ),
)

KEY_MOMENTS = (
    KeyMoment(
        slug="grossesse",
        title=_("Vous attendez un enfant"),
        short=_(
            "Déclarez votre grossesse, puis commencez tôt à chercher un mode d'accueil : "
            "les demandes de place en crèche se font souvent pendant la grossesse."
        ),
        steps=(
            _(
                "Déclarez votre grossesse à votre caisse d'assurance maladie et à la Caf "
                "avant la fin du 3e mois (votre médecin ou votre sage-femme le fait en ligne)."
            ),
            _(
                "Pensez à vos besoins : jours, heures, lieu (près de chez vous ou du "
                "travail), date de reprise du travail."
            ),
            _("Découvrez les modes d'accueil et estimez leur coût avec le simulateur."),
            _(
                "Prenez rendez-vous avec le Relais Petite Enfance : il présente tous les "
                "modes d'accueil du territoire."
            ),
            _("Faites une demande de place en crèche si ce mode vous intéresse."),
        ),
        local_key=ContentKey.EXPECTING,
    ),
    KeyMoment(
        slug="naissance",
        title=_("Votre enfant vient de naître"),
        short=_(
            "Déclarez la naissance à la mairie dans les 5 jours, informez la Caf, puis "
            "confirmez ou faites vos demandes de mode d'accueil."
        ),
        steps=(
            _(
                "Déclarez la naissance à la mairie du lieu de naissance dans les 5 jours "
                "(souvent faite à la maternité)."
            ),
            _("Informez la Caf de la naissance pour mettre à jour vos droits."),
            _(
                "Si vous avez demandé une place en crèche, confirmez votre demande avec la "
                "date de naissance."
            ),
            _(
                "La PMI propose des consultations gratuites pour votre enfant et un "
                "accompagnement des parents."
            ),
        ),
        local_key=ContentKey.BIRTH,
    ),
    KeyMoment(
        slug="adoption",
        title=_("Vous adoptez un enfant"),
        short=_(
            "Informez la Caf de l'arrivée de l'enfant et prenez contact avec le Relais "
            "Petite Enfance : l'accueil peut être préparé à votre rythme."
        ),
        steps=(
            _("Informez la Caf de l'arrivée de l'enfant au foyer."),
            _(
                "Vous pouvez faire une demande de place en crèche dès que vous connaissez la "
                "date d'arrivée."
            ),
            _(
                "Parlez de l'adaptation avec le professionnel choisi : elle peut être plus "
                "longue et plus progressive."
            ),
            _("Le Relais Petite Enfance et la PMI peuvent vous accompagner."),
        ),
        local_key=ContentKey.ADOPTION,
    ),
    KeyMoment(
        slug="demenagement",
        title=_("Vous arrivez sur le territoire"),
        short=_(
            "Déclarez votre nouvelle adresse à la Caf, puis contactez le Relais Petite "
            "Enfance pour connaître l'offre d'accueil près de chez vous."
        ),
        steps=(
            _(
                "Déclarez votre changement d'adresse à la Caf et à votre caisse d'assurance "
                "maladie."
            ),
            _(
                "Une demande de place en crèche faite dans une autre commune ne suit pas : "
                "faites-en une nouvelle ici."
            ),
            _("Consultez l'offre d'accueil des communes du territoire."),
            _("Contactez le Relais Petite Enfance pour un premier rendez-vous."),
        ),
        local_key=ContentKey.NEWCOMERS,
    ),
    KeyMoment(
        slug="reprise-travail",
        title=_("Vous reprenez le travail"),
        short=_(
            "Prévoyez une période d'adaptation de une à deux semaines avant la reprise, et "
            "faites vos démarches d'employeur si vous employez un assistant maternel ou une "
            "garde à domicile."
        ),
        steps=(
            _("Fixez avec le professionnel les dates de l'adaptation, avant la reprise."),
            _(
                "Si vous employez un assistant maternel ou une garde à domicile : signez un "
                "contrat écrit, inscrivez-vous sur Pajemploi et demandez le CMG à la Caf."
            ),
            _("En crèche : signez le contrat d'accueil et fournissez les documents demandés."),
            _(
                "Pensez aux jours où l'enfant ne pourra pas être accueilli (maladie, "
                "fermetures) : prévoyez une solution de secours."
            ),
        ),
        local_key=ContentKey.BACK_TO_WORK,
    ),
    KeyMoment(
        slug="apres-un-refus",
        title=_("Vous n'avez pas eu de place en crèche"),
        short=_(
            "Vous n'êtes pas seul : d'autres solutions existent. Le Relais Petite Enfance "
            "vous aide à trouver un assistant maternel, une MAM ou une autre crèche."
        ),
        steps=(
            _(
                "Votre demande peut rester active pour la prochaine commission : vérifiez-le "
                "et mettez-la à jour si votre situation change."
            ),
            _(
                "Contactez le Relais Petite Enfance : il connaît les assistants maternels et "
                "les MAM qui ont de la place."
            ),
            _(
                "Regardez les micro-crèches, l'accueil occasionnel et la garde partagée, et "
                "comparez leur coût avec le simulateur."
            ),
            _("Les critères d'attribution des places sont publics : vous pouvez les demander."),
        ),
        local_key=ContentKey.AFTER_REFUSAL,
    ),
)

LEXICON = (
    Term(
        "agrement",
        _("Agrément"),
        _(
            "L'autorisation que le département donne à un assistant maternel, après une "
            "évaluation par la PMI. Elle fixe le nombre et l'âge des enfants accueillis."
        ),
    ),
    Term(
        "aeeh",
        _("AEEH"),
        _(
            "Allocation d'éducation de l'enfant handicapé. Quand un enfant de la famille la "
            "reçoit, le tarif de la crèche et le CMG sont calculés plus favorablement."
        ),
    ),
    Term(
        "am",
        _("Assistant maternel (AM)"),
        _(
            "Un professionnel agréé qui accueille des enfants chez lui ou dans une MAM. Les "
            "parents sont ses employeurs."
        ),
    ),
    Term(
        "accueil-occasionnel",
        _("Accueil occasionnel"),
        _(
            "Quelques heures ou demi-journées de crèche de temps en temps, sans contrat "
            "régulier, selon les places libres."
        ),
    ),
    Term(
        "caf",
        _("Caf"),
        _(
            "La caisse d'allocations familiales. Elle verse les prestations familiales, "
            "dont le CMG, et finance les crèches. Pour les professions agricoles, c'est la MSA."
        ),
    ),
    Term(
        "cmg",
        _("CMG"),
        _(
            "Complément de libre choix du mode de garde : l'aide de la Caf quand vous "
            "employez un assistant maternel ou une garde à domicile, ou quand votre enfant "
            "va dans une micro-crèche à tarif libre."
        ),
    ),
    Term(
        "commission",
        _("Commission d'attribution"),
        _(
            "Le groupe qui décide qui obtient les places libres en crèche, selon des "
            "critères connus à l'avance."
        ),
    ),
    Term(
        "contrat-accueil",
        _("Contrat d'accueil"),
        _(
            "Le document qui fixe les jours, les heures et le prix de l'accueil de votre "
            "enfant en crèche."
        ),
    ),
    Term(
        "credit-impot",
        _("Crédit d'impôt"),
        _(
            "Une partie de vos frais de garde vous est rendue par les impôts, même si vous "
            "ne payez pas d'impôt sur le revenu. Une avance est versée en janvier."
        ),
    ),
    Term(
        "eaje",
        _("EAJE"),
        _(
            "Établissement d'accueil du jeune enfant : le nom officiel des crèches, "
            "multi-accueils, micro-crèches et haltes-garderies."
        ),
    ),
    Term(
        "garde-partagee",
        _("Garde partagée"),
        _(
            "Deux familles emploient ensemble la même garde à domicile, qui s'occupe des "
            "enfants chez l'une ou chez l'autre."
        ),
    ),
    Term(
        "guichet-unique",
        _("Guichet unique"),
        _(
            "Un seul lieu, ou un seul formulaire en ligne, pour demander une place dans "
            "toutes les crèches du territoire."
        ),
    ),
    Term(
        "mam",
        _("MAM"),
        _(
            "Maison d'assistants maternels : un local où 2 à 6 assistants maternels "
            "travaillent ensemble."
        ),
    ),
    Term(
        "mensualisation",
        _("Mensualisation"),
        _(
            "Le prix de l'année est réparti en mensualités égales : vous payez la même "
            "somme chaque mois, même les mois avec des congés."
        ),
    ),
    Term(
        "monenfant",
        _("monenfant.fr"),
        _(
            "Le site de la Caf qui présente les crèches et les assistants maternels, avec "
            "leurs disponibilités."
        ),
    ),
    Term(
        "pajemploi",
        _("Pajemploi"),
        _(
            "Le service de l'Urssaf où vous déclarez chaque mois le salaire de l'assistant "
            "maternel ou de la garde à domicile. Il peut aussi payer le salarié pour vous."
        ),
    ),
    Term(
        "paje",
        _("PAJE"),
        _(
            "Prestation d'accueil du jeune enfant : l'ensemble des aides de la Caf pour les "
            "jeunes enfants, dont le CMG. Une micro-crèche « PAJE » fixe son prix elle-même."
        ),
    ),
    Term(
        "periode-adaptation",
        _("Période d'adaptation"),
        _(
            "Les premiers jours d'accueil, courts puis plus longs, pour que l'enfant et ses "
            "parents fassent connaissance avec le lieu et les professionnels."
        ),
    ),
    Term(
        "pmi",
        _("PMI"),
        _(
            "Protection maternelle et infantile : le service du département qui suit la "
            "santé des futures mères et des jeunes enfants, et agrée les assistants maternels."
        ),
    ),
    Term(
        "psu",
        _("PSU"),
        _(
            "Prestation de service unique : le financement de la Caf qui oblige la crèche à "
            "appliquer le barème national, selon vos revenus et vos enfants."
        ),
    ),
    Term(
        "ressources",
        _("Ressources de l'année N-2"),
        _(
            "Les revenus que la Caf retient pour calculer le tarif et les aides : ceux "
            "d'il y a deux ans. Le montant exact est dans votre espace sur caf.fr ; le « "
            "revenu fiscal de référence » de votre avis d'impôt en donne une bonne estimation."
        ),
    ),
    Term(
        "rpe",
        _("RPE"),
        _(
            "Relais Petite Enfance : le service public gratuit qui informe les parents sur "
            "tous les modes d'accueil et accompagne les assistants maternels."
        ),
    ),
    Term(
        "taux-effort",
        _("Taux d'effort"),
        _(
            "Le pourcentage de vos ressources mensuelles qui donne votre tarif horaire en "
            "crèche. Il baisse quand vous avez plus d'enfants à charge."
        ),
    ),
)


def mode_by_slug(slug: str) -> CareMode | None:
    return next((mode for mode in CARE_MODES if mode.slug == slug), None)


def moment_by_slug(slug: str) -> KeyMoment | None:
    return next((moment for moment in KEY_MOMENTS if moment.slug == slug), None)

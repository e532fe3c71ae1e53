"""The commission end to end in headless Chromium: a member freezes, runs, overrides
nothing and the president validates; one family accepts its offer, another declines and
the seat cascades to the next child; a refused family sees its score, the cut-offs and
the alternatives near home matching its days and its child's age. Family pages are
checked with axe-core in French, English and Arabic."""

import datetime as dt

import pytest

from sppe.accounts.enums import Role
from sppe.allocation import services
from sppe.allocation.enums import OfferStatus
from sppe.allocation.models import Offer
from sppe.dossiers.enums import Status
from sppe.dossiers.models import ApplicationChoice

from ..allocation.factories import DeliberationFactory, publish_grid
from ..dossiers.model_factories import ApplicationFactory
from ..factories import TEST_PASSWORD, CommuneFactory, TerritoryFactory, UserFactory
from ..offers.factories import AvailabilityFactory, ChildminderFactory, EstablishmentFactory
from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOW = dt.datetime(2027, 2, 23, 9, 0, tzinfo=dt.UTC)
BIRTH = dt.date(2026, 8, 10)  # 12 months at the September intake: the babies' section


def dossier(commune, wishes, *, email, single=False, days=0b11111):
    account = UserFactory(role=Role.FAMILY, email=email)
    application = ApplicationFactory(
        household__account=account,
        household__commune=commune,
        household__last_name=f"Famille-{email.split('@')[0]}",
        household__address=f"{len(email)} rue des Glycines",
        household__single_parent=single,
        household__parent1_activity="employed",
        household__parent2_activity="" if single else "employed",
        days=days,
        children=[(BIRTH, None)],
    )
    for rank, establishment in enumerate(wishes, start=1):
        ApplicationChoice.objects.create(
            application=application, establishment=establishment, rank=rank
        )
    return application


@pytest.fixture
def session(transactional_db, time_machine):
    time_machine.move_to(NOW, tick=True)
    aizenay = CommuneFactory(name="Aizenay", insee_code="85003", latitude=46.74, longitude=-1.61)
    mache = CommuneFactory(name="Maché", insee_code="85130", latitude=46.75, longitude=-1.68)
    TerritoryFactory(name="CC de Vie et Boulogne", communes=[aizenay, mache])
    lutins = EstablishmentFactory(name="Les Lutins", commune=aizenay, joins_single_desk=True)
    calins = EstablishmentFactory(name="Les Câlins", commune=mache, joins_single_desk=True)
    admin = UserFactory(role=Role.TERRITORY_ADMIN)
    publish_grid(by=admin)
    president = UserFactory(
        role=Role.COMMISSION_MEMBER,
        email="presidente@exemple.test",
        first_name="Anne",
        last_name="Lefèvre",
    )
    deliberation = DeliberationFactory(president=president)
    deliberation.members.set([president])
    for creche in (lutins, calins):
        services.seat_unit_set(
            deliberation=deliberation,
            establishment=creche,
            section="babies",
            capacity=(1,) * 5,
            by=None,
        )
    families = {
        "accepts": dossier(aizenay, [lutins], email="accepte@exemple.test", single=True),
        "declines": dossier(mache, [calins], email="refuse@exemple.test"),
        "next": dossier(aizenay, [calins], email="suivante@exemple.test", days=0b01111),
        "refused": dossier(aizenay, [lutins], email="sans-place@exemple.test", days=0b01011),
    }
    # Alternatives for the refused family (child 12 months in September; Mon, Tue, Thu):
    # one childminder in Aizenay with a place on those days, one only on Wednesdays.
    fits = ChildminderFactory(commune=aizenay, first_name="Martine", last_name="Guérin")
    AvailabilityFactory(childminder=fits, days=0b11011, age_min_months=0, age_max_months=24)
    other = ChildminderFactory(commune=aizenay, first_name="Odile", last_name="Bonnet")
    AvailabilityFactory(childminder=other, days=0b00100, age_min_months=0, age_max_months=36)
    return {"deliberation": deliberation, "families": families, "lutins": lutins, "calins": calins}


def login(browser, email, locale="fr-FR"):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(URL["base"] + "/compte/connexion/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/compte/connexion/" not in page.url, email
    return context, page


URL = {}


def test_session_offers_answers_cascade_and_refusal(live_server, browser, session):
    URL["base"] = live_server.url
    deliberation = session["deliberation"]
    families = session["families"]

    # The president freezes, runs and validates in the browser.
    context, page = login(browser, "presidente@exemple.test")
    page.goto(f"{live_server.url}/commission/seances/{deliberation.pk}/")
    page.get_by_role("button", name="Figer les dossiers").click()
    assert "figés et présentés" in page.content()
    page.get_by_role("button", name="Calculer la proposition").click()
    assert "Préférences contrariées sans raison (envie justifiée) : 0" in page.content()
    html = page.content()
    for application in families.values():  # members never see names or addresses
        assert application.household.last_name not in html
        assert application.household.address not in html
    page.get_by_role("button", name="Valider les décisions").click()
    assert "Les décisions sont validées" in page.content()
    assert axe_violations(page) == []
    context.close()

    # The first family accepts its offer.
    context, page = login(browser, "accepte@exemple.test")
    page.goto(f"{live_server.url}/commission/mon-dossier/{families['accepts'].pk}/")
    page.get_by_role("link", name="Voir la proposition et répondre").click()
    assert "Les Lutins" in page.content()
    assert axe_violations(page) == []
    page.get_by_label("J'accepte la place").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    assert "Votre réponse est enregistrée" in page.content()
    context.close()
    families["accepts"].refresh_from_db()
    assert families["accepts"].status == Status.ACCEPTED

    # The second declines: its seat at Les Câlins cascades to the next child.
    context, page = login(browser, "refuse@exemple.test")
    page.goto(f"{live_server.url}/commission/mon-dossier/{families['declines'].pk}/")
    page.get_by_role("link", name="Voir la proposition et répondre").click()
    page.get_by_label("Je refuse la place").check()
    page.get_by_label("Si vous refusez, pourquoi ?").select_option(label="La crèche est trop loin")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    assert "Votre refus est enregistré" in page.content()
    context.close()
    cascaded = Offer.objects.get(application=families["next"])
    assert cascaded.status == OfferStatus.PENDING and cascaded.cascade_round == 1
    assert cascaded.unit.establishment == session["calins"]
    context, page = login(browser, "suivante@exemple.test")
    page.goto(f"{live_server.url}/commission/mon-dossier/{families['next'].pk}/")
    assert "Une place vous est proposée" in page.content()
    context.close()

    # The refused family: its score, the cut-off, its rank and alternatives near home.
    for locale, words in (
        ("fr-FR", ("Vos points", "Points du dernier enfant admis", "rang 1 sur 1")),
        ("en-GB", ("Your points",)),
        ("ar", ("نقاط",)),
    ):
        context, page = login(browser, "sans-place@exemple.test", locale)
        page.goto(f"{live_server.url}/commission/mon-dossier/{families['refused'].pk}/")
        html = page.content()
        for word in words:
            assert word in html, (locale, word)
        assert "Martine G." in html and "Odile" not in html
        assert axe_violations(page) == [], locale
        page.goto(f"{live_server.url}/commission/")
        assert axe_violations(page) == [], locale
        page.goto(f"{live_server.url}/commission/seances/{deliberation.pk}/resultats/")
        assert axe_violations(page) == [], locale
        context.close()
    # The cut-off at Les Lutins is the accepted family's 35 points: single parent 20,
    # working 10, and 5 at a crèche of its own commune.
    context, page = login(browser, "sans-place@exemple.test")
    page.goto(f"{live_server.url}/commission/mon-dossier/{families['refused'].pk}/")
    row = page.locator("tr", has_text="Les Lutins")
    assert "\t35\t" in row.inner_text()
    context.close()

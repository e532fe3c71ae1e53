import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from sppe.relais.contacts.services import contact_log
from sppe.relais.enums import ContactChannel, EventKind, Orientation, PersonKind

from ..offers.factories import AvailabilityFactory, ChildminderFactory
from .conftest import NOW
from .factories import EventFactory, RegistrationFactory


def test_the_follow_up_of_the_agents_communes(client, relais):
    here = relais["commune"]
    seen = ChildminderFactory(commune=here, on_monenfant=True, email="vue@exemple.test")
    contact_log(
        by=relais["agent"],
        person_kind=PersonKind.CHILDMINDER,
        commune=here,
        channel=ContactChannel.PHONE,
        themes=[relais["theme"]],
        duration_minutes=10,
        orientation=Orientation.NONE,
        childminder=seen,
    )
    unseen = ChildminderFactory(
        commune=here, on_monenfant=False, availability_updated_at=NOW - dt.timedelta(days=200)
    )
    AvailabilityFactory(childminder=unseen, available_from=dt.date(2025, 10, 1))
    trained = ChildminderFactory(commune=here, on_monenfant=True, email="formee@exemple.test")
    training = EventFactory(
        place=relais["place"],
        kind=EventKind.TRAINING,
        starts_at=NOW - dt.timedelta(days=10),
        ends_at=NOW - dt.timedelta(days=10) + dt.timedelta(hours=7),
    )
    RegistrationFactory(event=training, email=trained.email, attended=True)
    ChildminderFactory(commune=relais["other_commune"], on_monenfant=False)  # not ours
    client.force_login(relais["agent"])
    follow_up = client.get(reverse("relais:follow_up")).context["follow_up"]
    assert (follow_up.total, follow_up.on_monenfant, follow_up.monenfant_rate) == (3, 2, 67)
    assert follow_up.trained == 1
    assert [row.childminder for row in follow_up.outreach] == [unseen]
    assert follow_up.outreach[0].reasons == [
        "pas inscrite sur monenfant.fr",
        "disponibilités anciennes",
        "aucun contact ni animation depuis un an",
    ]
    assert follow_up.short_of_children == [unseen]
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("relais:outreach_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert len(rows) == 2 and rows[1][0] == unseen.last_name
    assert timezone.localdate() == NOW.date()

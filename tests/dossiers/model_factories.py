"""Dossiers built straight from the models, in any state (factories.py goes through
the desk's services, which only reach a state by its transitions)."""

import datetime as dt

import factory
from django.utils import timezone

from sppe.dossiers.enums import Channel, ParentActivity, Status
from sppe.dossiers.models import Application, ApplicationChild, Household, StatusChange

from ..factories import CommuneFactory, UserFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    account = factory.SubFactory(UserFactory)
    commune = factory.SubFactory(CommuneFactory)
    single_parent = True
    parent1_activity = ParentActivity.EMPLOYED
    annual_resources = 30000

    class Params:
        without_account = factory.Trait(account=None, phone="06 12 34 56 78")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"GU-2026-{n:06d}")
    household = factory.SubFactory(HouseholdFactory)
    status = Status.COMPLETE
    wished_start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=120))
    days = 0b11111
    channel = Channel.ONLINE
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def children(self, create, extracted, **kwargs):
        """(birth_date, due_date) pairs; by default one child born six months ago."""
        if not create:
            return
        today = timezone.localdate()
        pairs = extracted if extracted is not None else [(today - dt.timedelta(days=180), None)]
        for birth_date, due_date in pairs:
            ApplicationChild.objects.create(
                application=self, first_name="Lou", birth_date=birth_date, due_date=due_date
            )

    @factory.post_generation
    def logged(self, create, extracted, **kwargs):
        """Log the arrival in the current state, as the desk does (logged=False: no log)."""
        if create and extracted is not False:
            StatusChange.objects.create(
                application=self, from_status=Status.DRAFT, to_status=self.status
            )

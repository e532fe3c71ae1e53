import factory

from sppe.accounts.enums import Role
from sppe.accounts.models import User
from sppe.territories.enums import OrganisationKind, TerritoryKind
from sppe.territories.models import Commune, Department, Epci, Organisation, Territory

TEST_PASSWORD = "un-mot-de-passe-de-test"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = "85"
    name = "Vendée"
    region_code = "52"


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    name = factory.Sequence(lambda n: f"CC de test {n}")
    kind = "CC"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    # Always 5 characters, however many communes the whole test run has created.
    insee_code = factory.Sequence(lambda n: f"85{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_codes = factory.LazyAttribute(lambda o: [f"85{o.insee_code[-3:]}"])
    population = 5000
    department = factory.SubFactory(DepartmentFactory)
    latitude = 46.7
    longitude = -1.6


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        skip_postgeneration_save = True

    name = "CC de test"
    kind = TerritoryKind.COMMUNES

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create:
            self.communes.set(
                extracted if extracted is not None else CommuneFactory.create_batch(3)
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.RPE

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Alex"
    last_name = "Durand"
    role = Role.FAMILY
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()

    class Params:
        territory_admin = factory.Trait(role=Role.TERRITORY_ADMIN, is_staff=True)

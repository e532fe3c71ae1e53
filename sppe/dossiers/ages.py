"""Ages of the children at the wished start date (pure Python).

A crèche groups children in sections by age; agents filter the queue by the section
the child would join on the wished date. For a child not yet born, the due date
stands for the birth date. Collective care in a crèche ends at 3 years (school
starts the September after), so the wished start date must come before the 3rd
birthday.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

BABIES_UNDER_MONTHS = 18
MIDDLE_UP_TO_MONTHS = 30
AGE_LIMIT_YEARS = 3


class AgeSection(models.TextChoices):
    BABIES = "babies", _("Bébés (moins de 18 mois)")
    MIDDLE = "middle", _("Moyens (18 à 30 mois)")
    OLDER = "older", _("Grands (plus de 30 mois)")


def months_between(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < birth.day:
        months -= 1
    return months


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_section(birth: dt.date, on: dt.date) -> AgeSection:
    months = months_between(birth, on)
    if months < BABIES_UNDER_MONTHS:
        return AgeSection.BABIES
    if months <= MIDDLE_UP_TO_MONTHS:
        return AgeSection.MIDDLE
    return AgeSection.OLDER


def third_birthday(birth: dt.date) -> dt.date:
    return add_years(birth, AGE_LIMIT_YEARS)

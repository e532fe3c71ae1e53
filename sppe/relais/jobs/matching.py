"""Which childminders a parent's job offer goes to (reads only).

A childminder fits when she is active and reachable by e-mail; her agrément covers the
child's age; one of her declared availabilities starts by the offer's start date,
covers every day asked and the child's age; her commune is within the distance the
parent accepts (commune centres); her hours cover the day asked when she declared
regular hours; and, when asked, she takes atypical hours or children with specific
needs.
"""

from django.db.models import Exists, F, OuterRef, Q

from sppe.offers.models import Availability, Childminder
from sppe.territories.geo import distance_km


def communes_within(offer, communes):
    """Communes of `communes` whose centre is within the offer's distance (its own always)."""
    origin = offer.commune
    near = [origin.pk]
    if origin.latitude is None or offer.distance_km == 0:
        return near
    for commune in communes:
        if commune.pk != origin.pk and commune.latitude is not None:
            km = distance_km(origin.latitude, origin.longitude, commune.latitude, commune.longitude)
            if km <= offer.distance_km:
                near.append(commune.pk)
    return near


def matching_childminders(offer, communes):
    age = offer.child_age_months
    fitting_availability = Availability.objects.filter(
        childminder=OuterRef("pk"),
        available_from__lte=offer.start_date,
        age_min_months__lte=age,
        age_max_months__gte=age,
    ).filter(Q(days=F("days").bitor(offer.days)))
    start = offer.start_time.hour * 60 + offer.start_time.minute
    end = offer.end_time.hour * 60 + offer.end_time.minute
    childminders = (
        Childminder.objects.filter(
            is_active=True,
            commune__in=communes_within(offer, communes),
            age_min_months__lte=age,
            age_max_months__gte=age,
        )
        .exclude(email="")
        .filter(Exists(fitting_availability))
        .filter(Q(regular_opens__isnull=True) | Q(regular_opens__lte=start))
        .filter(Q(regular_closes__isnull=True) | Q(regular_closes__gte=end))
    )
    if offer.atypical_hours:
        childminders = childminders.filter(atypical_hours=True)
    if offer.specific_needs:
        childminders = childminders.filter(inclusive_care=True)
    return childminders.order_by("pk")

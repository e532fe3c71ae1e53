"""Which territory a steering page works on, for whom.

The grid, the surveys and the plans belong to the instance's territory. Who may read or
edit them is said by sppe/accounts/perms.py (capabilities STEER and VIEW_STEERING); on
top of that, an agent must have at least one commune of the territory in her perimeter
(an agent of an organisation outside the territory sees nothing of it).
"""

from django.core.exceptions import PermissionDenied

from sppe.accounts.perms import communes_in_perimeter
from sppe.territories.models import Territory


def territory_for(user) -> Territory:
    territory = Territory.objects.current()
    if territory is None or not communes_in_perimeter(user, territory).exists():
        raise PermissionDenied
    return territory

"""Distances for the offer search (re-exported from the territories' pure helpers)."""

from sppe.territories.geo import distance_km as great_circle_km

KM_PER_DEGREE = 111.195  # one degree of latitude on the mean Earth radius

__all__ = ["KM_PER_DEGREE", "great_circle_km"]

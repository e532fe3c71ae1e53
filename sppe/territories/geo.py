"""Small geometry helpers, pure Python (no GIS stack needed).

Commune contours come as WKB (well-known binary) in WGS84 longitude/latitude. We only
need a representative point per commune, so we decode polygons and compute their
area-weighted centroid with the shoelace formula on plane coordinates, which is exact
enough at the scale of a commune.
"""

import math
import struct
from collections.abc import Iterator

EARTH_RADIUS_KM = 6371.0088

_POINT, _POLYGON, _MULTIPOLYGON = 1, 3, 6


class WkbError(ValueError):
    """The bytes are not a geometry we can read."""


def _read_header(data: bytes, offset: int) -> tuple[str, int, int]:
    if offset + 5 > len(data):
        raise WkbError("truncated geometry header")
    order = "<" if data[offset] == 1 else ">"
    (geom_type,) = struct.unpack_from(order + "I", data, offset + 1)
    return order, geom_type & 0xFF, offset + 5


def _read_polygon(data: bytes, order: str, offset: int):
    (ring_count,) = struct.unpack_from(order + "I", data, offset)
    offset += 4
    rings = []
    for _ in range(ring_count):
        (point_count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        end = offset + 16 * point_count
        if end > len(data):
            raise WkbError("truncated ring")
        rings.append(list(struct.iter_unpack(order + "dd", data[offset:end])))
        offset = end
    return rings, offset


def iter_polygons(data: bytes) -> Iterator[list[list[tuple[float, float]]]]:
    """Yield each polygon of a Polygon or MultiPolygon as a list of rings."""
    order, geom_type, offset = _read_header(data, 0)
    if geom_type == _POLYGON:
        rings, _ = _read_polygon(data, order, offset)
        yield rings
    elif geom_type == _MULTIPOLYGON:
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        for _ in range(count):
            part_order, part_type, offset = _read_header(data, offset)
            if part_type != _POLYGON:
                raise WkbError(f"unexpected geometry type {part_type} in a MultiPolygon")
            rings, offset = _read_polygon(data, part_order, offset)
            yield rings
    else:
        raise WkbError(f"geometry type {geom_type} is not a polygon")


def read_point(data: bytes) -> tuple[float, float]:
    """Return (longitude, latitude) of a WKB Point."""
    order, geom_type, offset = _read_header(data, 0)
    if geom_type != _POINT or offset + 16 > len(data):
        raise WkbError("not a point")
    return struct.unpack_from(order + "dd", data, offset)


def _ring_area_and_moment(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area2, cx, cy


def polygon_moments(data: bytes) -> tuple[float, float, float]:
    """(twice the area, x moment, y moment) of a WKB (Multi)Polygon, in plane degrees.

    Holes count negatively whatever their orientation in the source. Moments of
    several polygons add up: their sum gives the centroid of the whole.
    """
    total_area = total_x = total_y = 0.0
    for rings in iter_polygons(data):
        for index, ring in enumerate(rings):
            area2, cx, cy = _ring_area_and_moment(ring)
            sign = 1.0 if index == 0 else -1.0
            # Normalise orientation: the outer ring counts positive, holes negative.
            if (area2 < 0) == (sign > 0):
                area2, cx, cy = -area2, -cx, -cy
            total_area += area2
            total_x += cx
            total_y += cy
    return total_area, total_x, total_y


def centroid_of_moments(moments) -> tuple[float, float]:
    """Area-weighted centroid (longitude, latitude) of polygons given by their moments."""
    total_area = sum(area for area, _x, _y in moments)
    if abs(total_area) < 1e-15:
        raise WkbError("degenerate polygon")
    total_x = sum(x for _area, x, _y in moments)
    total_y = sum(y for _area, _x, y in moments)
    return total_x / (3 * total_area), total_y / (3 * total_area)


def polygon_centroid(data: bytes) -> tuple[float, float]:
    """Area-weighted centroid (longitude, latitude) of a WKB (Multi)Polygon."""
    return centroid_of_moments([polygon_moments(data)])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))

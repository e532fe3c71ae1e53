"""Builders of WKB geometries for tests."""

import struct


def point(lon, lat, order="<"):
    return struct.pack(order + "BIdd", 1 if order == "<" else 0, 1, lon, lat)


def _polygon_body(rings, order):
    body = struct.pack(order + "I", len(rings))
    for ring in rings:
        body += struct.pack(order + "I", len(ring))
        body += b"".join(struct.pack(order + "dd", x, y) for x, y in ring)
    return body


def polygon(rings, order="<"):
    return struct.pack(order + "BI", 1 if order == "<" else 0, 3) + _polygon_body(rings, order)


def multipolygon(polygons, order="<"):
    data = struct.pack(order + "BII", 1 if order == "<" else 0, 6, len(polygons))
    return data + b"".join(polygon(rings, order) for rings in polygons)


def square(x0, y0, size):
    return [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]

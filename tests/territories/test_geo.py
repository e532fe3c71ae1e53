import pytest

from sppe.territories.geo import WkbError, distance_km, polygon_centroid, read_point

from .wkb import multipolygon, point, polygon, square


def test_read_point_both_byte_orders():
    assert read_point(point(-1.6, 46.7)) == (-1.6, 46.7)
    assert read_point(point(-1.6, 46.7, order=">")) == (-1.6, 46.7)


def test_centroid_of_square():
    assert polygon_centroid(polygon([square(0, 0, 2)])) == pytest.approx((1.0, 1.0))


def test_centroid_ignores_ring_orientation():
    clockwise = list(reversed(square(0, 0, 2)))
    assert polygon_centroid(polygon([clockwise])) == pytest.approx((1.0, 1.0))


def test_hole_moves_the_centroid():
    # A 4x4 square with a 2x2 hole in its right half: the centre moves left.
    x, _y = polygon_centroid(polygon([square(0, 0, 4), square(2, 1, 2)]))
    assert x == pytest.approx((16 * 2 - 4 * 3) / 12)


def test_multipolygon_is_area_weighted():
    data = multipolygon([[square(0, 0, 2)], [square(10, 0, 1)]])
    x, y = polygon_centroid(data)
    assert x == pytest.approx((4 * 1 + 1 * 10.5) / 5)
    assert y == pytest.approx((4 * 1 + 1 * 0.5) / 5)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x01\x01\x00", point(1, 2), polygon([[(0, 0), (1, 1), (0, 0)]])],
)
def test_unreadable_or_degenerate_geometries(data):
    with pytest.raises(WkbError):
        polygon_centroid(data)


def test_truncated_ring():
    data = polygon([square(0, 0, 1)])[:-8]
    with pytest.raises(WkbError):
        polygon_centroid(data)


def test_distance_aizenay_to_la_roche_sur_yon():
    # Town halls about 17 km apart.
    assert distance_km(46.7384, -1.6083, 46.6705, -1.4269) == pytest.approx(15.6, abs=1.0)
    assert distance_km(46.7, -1.6, 46.7, -1.6) == 0

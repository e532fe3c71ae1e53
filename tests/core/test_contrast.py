import pytest

from sppe.core.contrast import (
    FALLBACK_PRIMARY,
    contrast_ratio,
    is_readable_on_white_text,
    safe_primary_colour,
)


def test_black_on_white_is_21():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_same_colour_is_1():
    assert contrast_ratio("#1d5a8c", "#1d5a8c") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("colour", "readable"),
    [
        ("#767676", True),  # 4.54:1, the lightest grey that passes AA on white
        ("#777777", False),  # 4.48:1
        ("#ffcc00", False),
        ("#1d5a8c", True),
        ("not-a-colour", False),
        ("#12345", False),
    ],
)
def test_aa_threshold(colour, readable):
    assert is_readable_on_white_text(colour) is readable


def test_fallback_when_unreadable():
    assert safe_primary_colour("#ffcc00") == FALLBACK_PRIMARY
    assert safe_primary_colour("#2f6b2f") == "#2f6b2f"
    assert is_readable_on_white_text(FALLBACK_PRIMARY)

import pytest

from sppe.core.contrast import (
    BACKGROUNDS,
    FALLBACK_PRIMARY,
    contrast_ratio,
    is_readable_on_white_text,
    safe_primary_colour,
    worst_ratio,
)


def test_black_on_white_is_21():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_same_colour_is_1():
    assert contrast_ratio("#1d5a8c", "#1d5a8c") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("colour", "readable"),
    [
        ("#595959", True),  # 7:1 on white, 6.4:1 on the grey boxes
        # 4.54:1 on white passes there, but only 4.2:1 on the grey boxes (--surface) and
        # 4.3:1 on the warnings, where it is a link colour too.
        ("#767676", False),
        ("#777777", False),  # 4.48:1
        ("#ffcc00", False),
        ("#1d5a8c", True),
        ("not-a-colour", False),
        ("#12345", False),
    ],
)
def test_aa_threshold(colour, readable):
    assert is_readable_on_white_text(colour) is readable


def test_every_background_is_checked():
    # Readable on white, not on the grey boxes: refused.
    assert contrast_ratio("#767676", "#ffffff") > 4.5
    assert contrast_ratio("#767676", "#f3f5f7") < 4.5
    assert worst_ratio("#767676") == pytest.approx(contrast_ratio("#767676", "#fff4d6"))
    assert safe_primary_colour("#767676") == FALLBACK_PRIMARY
    assert set(BACKGROUNDS) == {"#ffffff", "#f3f5f7", "#fff4d6"}
    assert worst_ratio("nope") == 0.0


def test_the_backgrounds_are_those_of_the_stylesheet():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "sppe/core/static/sppe/sppe.css").read_text()
    assert "--background: #ffffff;" in css
    assert "--surface: #f3f5f7;" in css
    assert "--warning-bg: #fff4d6;" in css


def test_fallback_when_unreadable():
    assert safe_primary_colour("#ffcc00") == FALLBACK_PRIMARY
    assert safe_primary_colour("#2f6b2f") == "#2f6b2f"
    assert is_readable_on_white_text(FALLBACK_PRIMARY)

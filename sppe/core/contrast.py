"""WCAG 2.1 contrast computations (pure Python)."""

WHITE = "#ffffff"
FALLBACK_PRIMARY = "#1d5a8c"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #RRGGBB colour: {hex_colour!r}")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(colour_a: str, colour_b: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(colour_a), relative_luminance(colour_b)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


# Every background the territory colour meets on a page (sppe.css): white text on it (header,
# buttons) and the page (white), and it as link and border colour on white, on the grey boxes
# (--surface: notices, footer, place details) and on the warnings (--warning-bg). The
# navigation bars darken it, so their contrast is only higher.
BACKGROUNDS = {
    WHITE: "blanc",
    "#f3f5f7": "encadrés gris",
    "#fff4d6": "avertissements",
}


def worst_ratio(colour: str) -> float:
    """The lowest contrast of this colour with any background it is used on (0 if invalid)."""
    try:
        return min(contrast_ratio(colour, background) for background in BACKGROUNDS)
    except ValueError:
        return 0.0


def is_readable_on_white_text(colour: str) -> bool:
    """White text on this colour, and this colour as text on every background of the page
    (white, grey boxes, warnings), meet AA."""
    return worst_ratio(colour) >= AA_NORMAL_TEXT


def safe_primary_colour(colour: str) -> str:
    return colour if is_readable_on_white_text(colour) else FALLBACK_PRIMARY

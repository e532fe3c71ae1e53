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


def is_readable_on_white_text(colour: str) -> bool:
    """White text on this background (and this colour as text on white) meets AA."""
    try:
        return contrast_ratio(colour, WHITE) >= AA_NORMAL_TEXT
    except ValueError:
        return False


def safe_primary_colour(colour: str) -> str:
    return colour if is_readable_on_white_text(colour) else FALLBACK_PRIMARY

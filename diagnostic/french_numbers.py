"""Figures written the French way."""


def format_number(value):
    """Decimal comma, no trailing ",0": 5 → "5", 4.5 → "4,5"."""
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0")

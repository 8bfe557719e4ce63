"""What the newsletter's e-mail template computes: the width of Outlook's drawn buttons."""

from django import template

register = template.Library()

# Outlook draws a button (VML) at a fixed width: the label's, estimated at bold 16 px Arial,
# plus the padding of the other clients' button, within the column.
LABEL_CHARACTER_WIDTH = 9
BUTTON_PADDING = 48
BUTTON_MIN_WIDTH = 120
COLUMN_WIDTH = 552


@register.filter
def button_width(label):
    """Pixels of the Outlook button that holds ``label`` on one line, where the column allows."""
    width = len(str(label)) * LABEL_CHARACTER_WIDTH + BUTTON_PADDING
    return max(BUTTON_MIN_WIDTH, min(width, COLUMN_WIDTH))

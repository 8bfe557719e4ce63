"""A venue's rich text as plain text and back, for the forms and files that carry no markup.

The declaration form and the national open-data file both hold the presentation as plain text:
paragraphs separated by a blank line.
"""

import html
import re

from django.utils.html import escape, strip_tags


def html_to_text(rich_text):
    """Plain text of a rich text field: paragraphs and list items on their own lines."""
    text = re.sub(r"<br\s*/?>", "\n", rich_text or "")
    text = re.sub(r"</(p|li|h[1-6])>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(text):
    """Rich text for plain text: one paragraph per blank-line-separated block, escaped."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in block.splitlines()) + "</p>"
        for block in blocks
    )

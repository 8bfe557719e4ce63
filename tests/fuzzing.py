"""What the fuzz tests type into the public site, and what they check of every answer.

Typed text mixes anything hypothesis draws (unicode, very long strings) with hostile markers:
HTML that would run if echoed raw, template syntax that would show if it were ever rendered as a
template, NUL bytes and characters that break naive search or SQL. Every answer must be below 500,
and an HTML or XML answer must carry no marker raw: escaped (``&lt;script&gt;``) is fine.
"""

from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each would show raw in the page if typed text reached it unescaped.
RAW_MARKERS = (
    "<zz-fuzz>",
    '" zz-fuzz="',
    "<script>x</script>",
    '"><img src=x>',
    "'><svg onload=x>",
)
# What a template would print if typed text were ever rendered as one.
TEMPLATE_MARKER = '{{ "zz"|add:"-evaluated" }}'
TEMPLATE_OUTPUTS = ("zz-evaluated", "'True': True")
HOSTILE = (
    *RAW_MARKERS,
    TEMPLATE_MARKER,
    "{% debug %}",
    "{{7*7}}",
    "\x00",
    "a\x00b",
    "09:00\x00",
    "٠٩:٣٠",
    '"',
    "'",
    "%",
    "%00",
    "\\",
    "*",
    'NEAR("a"',
    "-1",
    "0",
    "1e308",
    "nan",
    "inf",
    "99999999999999999999",
    "-99999999999999999999",
    " ",
    "\u202e",
    "\r\n",
)

hostile_text = st.sampled_from(HOSTILE)
typed_text = st.one_of(
    st.text(max_size=60),
    st.text(min_size=300, max_size=3000),
    st.builds(
        lambda a, m, b: f"{a}{m}{b}", st.text(max_size=20), hostile_text, st.text(max_size=20)
    ),
    hostile_text,
)
typed_values = st.one_of(typed_text, st.lists(typed_text, max_size=3))
# Numbers as a query string carries them: in and far out of any database's integer range.
typed_numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    typed_text,
)
languages = st.sampled_from(["", "/en", "/ar", "/uk"])
# A path segment as a browser would send it: any text, percent-encoded.
path_segments = st.one_of(typed_text, st.from_regex(r"[\w\-.]{1,30}", fullmatch=True)).map(
    lambda text: quote(text, safe="") or "x"
)

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields_of(names, values=typed_values):
    """Any subset of these fields, each with any typed value (or several)."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))


def assert_safe(response):
    """No server error, and typed markers came back escaped, if at all."""
    assert response.status_code < 500
    content_type = response.get("Content-Type", "")
    if "html" not in content_type and "xml" not in content_type:
        return  # JSON, CSV, PDF, iCalendar: no browser renders them as a page
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    for marker in (*RAW_MARKERS, *TEMPLATE_OUTPUTS):
        assert marker not in text, marker

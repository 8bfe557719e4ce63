"""French source strings carry their non-breaking spaces: "Horaires : 9 h" never breaks before ":".

The msgids are the French text shown as is on French pages, and the text translators start from.
A line may break at an ordinary space, so a phone or a narrow column printed "gratuitement⏎: …".
This check extracts the msgids as ``make messages`` does and fails on an ordinary space before
":", ";", "!", "?" or "»", or after "«": write a non-breaking space (U+00A0) there instead. The
templates' own text between a translated string and a value ("{% translate "Horaires" %} :
{{ text }}") follows the same rule.
"""

import re
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from tests.portal.test_translations import CODE_DIRS, ROOT

# Checks of the code, run by `make lint`.
pytestmark = pytest.mark.lint

ORDINARY_SPACE_AROUND_SIGN = re.compile(r" [:;!?»]|« ")


def _extracted_messages(tmp_path):
    """The French catalogue ``makemessages`` writes from the code, with each string's places."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext manque : installez GNU gettext (make system-packages).")
    for name in CODE_DIRS:
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "locale").mkdir()
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--symlinks", "--ignore=static/vendor"]
        + [f"--locale={settings.LANGUAGE_CODE}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        | {"PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return polib.pofile(
        str(tmp_path / "locale" / settings.LANGUAGE_CODE / "LC_MESSAGES" / "django.po")
    )


def test_no_ordinary_space_before_french_double_signs(tmp_path):
    problems = [
        f"{', '.join(':'.join(place) for place in entry.occurrences)}: {text!r}"
        for entry in _extracted_messages(tmp_path)
        for text in (entry.msgid, entry.msgid_plural)
        if text and ORDINARY_SPACE_AROUND_SIGN.search(text)
    ]
    assert not problems, (
        "Espace ordinaire avant « : ; ! ? » » ou après « « » (mettez une espace insécable) :\n"
        + "\n".join(problems)
    )


def _template_text(source):
    """The template's literal text outside translation tags, comments, scripts and styles."""
    parts, skipped = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            skipped += {"blocktranslate": 1, "endblocktranslate": -1}.get(name, 0)
            skipped += {"comment": 1, "endcomment": -1}.get(name, 0)
        parts.append(token.contents if token.token_type == TokenType.TEXT and not skipped else "")
    text = re.sub(r"<(script|style)\b.*?</\1>", "", "\n".join(parts), flags=re.S | re.I)
    return re.sub(r"<[^>]*>", "", text)


def test_no_ordinary_space_before_french_double_signs_in_template_text():
    problems = [
        f"{path.relative_to(ROOT)}: {line.strip()!r}"
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.is_file()
        for line in _template_text(path.read_text()).splitlines()
        if ORDINARY_SPACE_AROUND_SIGN.search(line)
    ]
    assert not problems, "Espace ordinaire avant un signe double :\n" + "\n".join(problems)

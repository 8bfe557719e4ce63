"""The interface is translated: every user-facing string is marked and every catalogue is current.

Source strings are French. These checks fail CI when a template shows text outside a translate
tag, when Python code gives a label or an error message without gettext, or when a catalogue
misses, lacks a translation for, or still has a fuzzy guess for a string of the code.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

# Checks of the code and its catalogues, run by `make lint`.
pytestmark = pytest.mark.lint

ROOT = Path(settings.BASE_DIR)
# The project's own apps, demo included: every folder of the project that is an installed app.
APPS = tuple(app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir())
CODE_DIRS = (*APPS, "templates", "static")
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "fr"]
# Words that are the same in every language: formats and names.
UNTRANSLATED_WORDS = re.compile(r"\b(RSS|Atom|PDF|CSV|JSON|iCal|HTML5|CSS)\b")
LETTERS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
TAG = re.compile(r"<[^>]*>", re.S)
SPOKEN_ATTRIBUTE = re.compile(r'\b(aria-label|aria-description|alt|title|placeholder)="([^"]*)"')


def _visible_template_text(source):
    """The template's literal text, with tags, variables and translated blocks blanked out."""
    parts, in_translation, in_comment = [], 0, 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            in_translation += {"blocktranslate": 1, "endblocktranslate": -1}.get(name, 0)
            in_comment += {"comment": 1, "endcomment": -1}.get(name, 0)
        if token.token_type == TokenType.TEXT and not in_translation and not in_comment:
            parts.append(token.contents)
        else:
            parts.append("\x00")
    text = "".join(parts)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S | re.I)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def _unmarked_in_template(path):
    text = _visible_template_text(path.read_text())
    found = [
        match.group(0)
        for match in SPOKEN_ATTRIBUTE.finditer(text)
        if LETTERS.search(UNTRANSLATED_WORDS.sub("", match.group(2)))
    ]
    between_tags = re.sub(r"&#?\w+;", " ", TAG.sub(" ", text))
    found += [
        line.strip()
        for line in between_tags.splitlines()
        if LETTERS.search(UNTRANSLATED_WORDS.sub("", line))
    ]
    return found


def test_templates_show_no_untranslated_text():
    problems = [
        f"{path.relative_to(ROOT)}: {text!r}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for text in _unmarked_in_template(path)
    ]
    assert not problems, "Texte à traduire hors {% translate %} :\n" + "\n".join(problems)


# Python: keyword arguments and calls whose strings a user reads.
LABEL_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "heading",
    "menu_label",
    "empty_label",
    "page_title",
    "success_message",
}
MESSAGE_CALLS = {"ValidationError", "add_error", "success", "error", "warning", "info"}
FRENCH_WORD = re.compile(
    r"[àâçéèêëîïôûùüÿœ]|\b(le|la|les|des|du|un|une|vous|votre|pour|est|sur|et)\b", re.I
)


def _python_sources():
    # Migrations copy the labels; the demo's content is data written in French on purpose.
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _unmarked_in_python(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        values = [keyword.value for keyword in node.keywords if keyword.arg in LABEL_KEYWORDS]
        if name in MESSAGE_CALLS:
            values += node.args[:2]
        for value in values:
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and FRENCH_WORD.search(value.value)
            ):
                yield f"{path.relative_to(ROOT)}:{value.lineno}: {value.value[:70]!r}"


def test_python_marks_user_facing_strings():
    problems = [problem for path in _python_sources() for problem in _unmarked_in_python(path)]
    assert not problems, "Chaîne sans gettext :\n" + "\n".join(problems)


def _gettext_tool(*args):
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} manque : installez GNU gettext (make system-packages).")
    return subprocess.run(args, capture_output=True, text=True, check=False)


def _catalogue(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def _without_header_dates(text):
    return re.sub(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*"', "", text)


def test_catalogues_are_up_to_date(tmp_path):
    """``make messages`` on a copy of the code changes no catalogue."""
    for name in CODE_DIRS:
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    _gettext_tool("xgettext", "--version")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--symlinks", "--no-location"]
        + ["--no-obsolete", "--ignore=static/vendor"]
        + [f"--locale={language}" for language in TRANSLATED_LANGUAGES],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        | {"PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stale = [
        language
        for language in TRANSLATED_LANGUAGES
        if _without_header_dates(
            (tmp_path / "locale").joinpath(language, "LC_MESSAGES", "django.po").read_text()
        )
        != _without_header_dates(_catalogue(language).read_text())
    ]
    assert not stale, f"Catalogues à mettre à jour (make messages, puis traduire) : {stale}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_is_fully_translated(language):
    checked = _gettext_tool(
        "msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(_catalogue(language))
    )
    assert checked.returncode == 0, checked.stderr
    assert "fuzzy" not in checked.stderr and "untranslated" not in checked.stderr, checked.stderr

"""Production installs production only: two locks, every requirement pinned with its hashes."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENT = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:\w+)+)", re.M
)

pytestmark = pytest.mark.lint


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock):
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    found = {
        normalized(name): (version, hashes) for name, version, hashes in REQUIREMENT.findall(text)
    }
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(found) == len(requirement_lines), "a requirement without its hashes"
    return found


def direct(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {normalized(re.split(r"[\[=]", spec)[0]): spec.split("==")[1] for spec in listed}


def test_production_lock_holds_no_test_or_lint_tool():
    production = pins("production.lock")
    assert set(direct()) <= set(production)
    assert not set(direct("dev")) & set(production)
    assert {"pytest", "playwright", "hypothesis", "bandit", "ruff", "frictionless"}.isdisjoint(
        production
    )


def test_dev_lock_is_the_production_lock_plus_the_tools_at_the_same_pins():
    production, dev = pins("production.lock"), pins("dev.lock")
    assert {name: dev.get(name) for name in production} == production
    assert set(direct("dev")) <= set(dev)


def test_locks_pin_what_pyproject_asks_for():
    dev = pins("dev.lock")
    for name, version in {**direct(), **direct("dev")}.items():
        assert dev[name][0] == version, name

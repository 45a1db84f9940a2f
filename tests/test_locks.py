"""pyproject.toml and the lock files agree.

`requirements.lock` (the image) and `requirements-dev.lock` (`make install`,
CI) are generated from pyproject.toml by pip-compile (docs/deploy.md, "the
lock files"). These tests fail when one changed without the others.
"""

import re
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "helpcenter (pyproject.toml)"
REGENERATE = "regenerate the lock files as docs/deploy.md says"

_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
_VIA_ONE = re.compile(r"\s+# via (?P<reason>\S.*)")
_VIA_MORE = re.compile(r"\s+#   (?P<reason>\S.*)")


class Pin(NamedTuple):
    version: str
    reasons: frozenset[str]  # the lock's "# via" lines


def direct_requirements(*, dev: bool) -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    if dev:
        specs += project["optional-dependencies"]["dev"]
    requirements = [Requirement(spec) for spec in specs]
    return {
        canonicalize_name(requirement.name): requirement
        for requirement in requirements
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""})
    }


def read_lock(name: str) -> dict[str, Pin]:
    pins: dict[str, tuple[str, set[str]]] = {}
    reasons: set[str] = set()
    for line in (ROOT / name).read_text().splitlines():
        if pin := _PIN.match(line):
            reasons = set()
            pins[canonicalize_name(pin["name"])] = (pin["version"], reasons)
        elif via := _VIA_ONE.fullmatch(line) or _VIA_MORE.fullmatch(line):
            reason = via["reason"].strip()
            reasons.add(reason if reason == PROJECT else canonicalize_name(reason))
    return {
        package: Pin(version, frozenset(why))
        for package, (version, why) in pins.items()
    }


LOCKS = {"requirements.lock": False, "requirements-dev.lock": True}


@pytest.mark.parametrize(("lock", "dev"), LOCKS.items())
def test_the_lock_pins_every_direct_dependency_within_its_range(lock, dev):
    pins = read_lock(lock)

    for package, requirement in direct_requirements(dev=dev).items():
        assert package in pins, f"{lock} lacks {requirement}: {REGENERATE}"
        version = pins[package].version
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {package}=={version}, outside pyproject.toml's "
            f"{requirement}: {REGENERATE}"
        )


@pytest.mark.parametrize(("lock", "dev"), LOCKS.items())
def test_the_lock_pins_nothing_that_pyproject_no_longer_asks_for(lock, dev):
    pins = read_lock(lock)
    direct = direct_requirements(dev=dev)

    listed_as_direct = {
        package for package, pin in pins.items() if PROJECT in pin.reasons
    }
    assert listed_as_direct <= set(direct), (
        f"{lock} pins {sorted(listed_as_direct - set(direct))} for pyproject.toml, "
        f"which no longer asks for them: {REGENERATE}"
    )
    # Transitively: what the direct dependencies need, and what that needs.
    needed = set(direct) & set(pins)
    while more := {
        package
        for package, pin in pins.items()
        if package not in needed and pin.reasons & needed
    }:
        needed |= more
    assert set(pins) <= needed, (
        f"{lock} pins {sorted(set(pins) - needed)}, which nothing in "
        f"pyproject.toml needs any more: {REGENERATE}"
    )


def test_both_locks_pin_the_same_versions_of_what_production_runs():
    production = read_lock("requirements.lock")
    development = read_lock("requirements-dev.lock")

    differ = {
        package: (pin.version, development[package].version)
        for package, pin in production.items()
        if package in development and development[package].version != pin.version
    }
    assert not differ, (
        f"The tests run other versions than the image (requirements.lock, "
        f"requirements-dev.lock): {differ}: {REGENERATE}"
    )
    missing = set(production) - set(development)
    assert not missing, f"requirements-dev.lock lacks {sorted(missing)}: {REGENERATE}"


def test_the_lock_reader_sees_every_pin_and_its_reasons():
    pins = read_lock("requirements.lock")

    assert pins["django"].reasons >= {PROJECT, "django-allauth"}
    assert pins["asgiref"].reasons >= {"django"}
    hashed = (ROOT / "requirements.lock").read_text().count("==")
    assert len(pins) == hashed

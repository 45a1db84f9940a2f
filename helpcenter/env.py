"""Reading the environment, for settings: typed variables and a .env file.

Settings call `env()` and friends with each variable's name and default
(a test reads those calls to check .env.example); `load_env_file()` fills
in what the environment leaves unset from a local `.env`.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


_ENV_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)")


def read_env_file(path: Path) -> dict[str, str]:
    """The `NAME=value` lines of a .env file.

    Blank lines and lines starting with `#` are skipped, and so is ` #` and
    what follows it in an unquoted value. A value in quotes is taken as it
    is, without the quotes; nothing is expanded or unescaped.
    """
    values = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not (match := _ENV_LINE.fullmatch(line.strip())):
            raise ImproperlyConfigured(f"{path}, line {number}: not NAME=value")
        name, value = match.groups()
        quoted = value.strip()
        if quoted[:1] in {'"', "'"} and (end := quoted.find(quoted[0], 1)) > 0:
            values[name] = quoted[1:end]
        else:
            values[name] = re.split(r"\s#", value, maxsplit=1)[0].strip()
    return values


def load_env_file(base_dir: Path) -> None:
    """Fill in, from a .env file, the variables the environment leaves unset.

    Only the file DJANGO_ENV_FILE names is read, and none when it is unset
    or empty: the server (wsgi.py) and the tests read none unless told to.
    `manage.py` names `.env` in the project folder by default, read only if
    it exists (`make run` writes it for local development), so commands in a
    checkout work as cloned. The image sets it empty, and its .dockerignore
    keeps `.env` out anyway.
    """
    name = env("DJANGO_ENV_FILE")
    path = base_dir / name  # an absolute name replaces base_dir
    if not name or (name == ".env" and not path.is_file()):
        return
    for variable, value in read_env_file(path).items():
        os.environ.setdefault(variable, value)

"""`.env.example` and README's table list exactly the variables settings read.

The settings module is read with `ast`: every `env(...)`, `env_bool(...)`,
`env_int(...)` and `env_list(...)` call (and any direct `os.environ` read)
gives a name and a default. `.env.example` must list each name once, with
that default, and nothing else; README's configuration table must name the
same variables, and where its default column gives plain values, the same
defaults.
"""

import ast
import re
from pathlib import Path

import pytest

from helpcenter.env import read_env_file

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "helpcenter" / "settings.py"
# The settings (Django's, and the portal's own), and the module that reads
# the .env file for them.
SOURCES = [
    SETTINGS,
    ROOT / "helpcenter" / "settings_portal.py",
    ROOT / "helpcenter" / "env.py",
]
HELPERS = {"env": "", "env_bool": False, "env_int": None, "env_list": ""}
# What default expressions may use, valued as .env.example shows defaults:
# production (DEBUG off), paths in the project folder.
DEFAULT_NAMESPACE = {"__builtins__": {}, "BASE_DIR": Path(), "DEBUG": False, "str": str}
FIX = "Update .env.example and README.md's configuration table"

_VARIABLE_LINE = re.compile(r"# [A-Z][A-Z0-9_]*=")
_EXAMPLE_LINE = re.compile(r"# (?P<name>[A-Z][A-Z0-9_]*)=(?P<value>\S*(?: \S+)*)")
_EXAMPLE_COMMENT = re.compile(r"(?: {2,}# .*)?")
_README_NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")
_README_VALUE = re.compile(r"`(?P<value>[^`]*)`|empty")


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name) and node.func.id in HELPERS:
        return node.func.id
    if ast.unparse(node.func) in {"os.environ.get", "os.getenv"}:
        return "env"  # the same meaning as env(name, default)
    return None


def _show(value) -> str:
    """A default as .env.example writes it."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _default(helper: str, node: ast.Call) -> str:
    arguments = [*node.args[1:], *(k.value for k in node.keywords)]
    if not arguments:
        assert HELPERS[helper] is not None, f"{ast.unparse(node)} needs a default"
        return _show(HELPERS[helper])
    expression = ast.unparse(arguments[0])
    try:
        # Our own settings file's default expressions, with only the names
        # above: the way to know the default the settings really use.
        return _show(eval(expression, dict(DEFAULT_NAMESPACE)))  # noqa: S307
    except NameError as error:
        pytest.fail(
            f"The default {expression!r} of {ast.unparse(node)} uses {error.name}: "
            "add the value .env.example shows for it to DEFAULT_NAMESPACE"
        )


def settings_reads() -> list[tuple[str, str]]:
    """(name, default) of every read in settings.py, in order, repeats kept."""
    statements = [
        statement for path in SOURCES for statement in ast.parse(path.read_text()).body
    ]
    reads = []
    for statement in statements:
        if isinstance(statement, ast.FunctionDef) and statement.name in HELPERS:
            continue  # the helpers themselves read the name they are given
        for node in ast.walk(statement):
            if isinstance(node, ast.Subscript) and ast.unparse(node.value) == (
                "os.environ"
            ):
                pytest.fail(f"Read {ast.unparse(node)} with env(), which has a default")
            if not isinstance(node, ast.Call) or not (helper := _call_name(node)):
                continue
            name = node.args[0] if node.args else None
            assert isinstance(name, ast.Constant) and isinstance(name.value, str), (
                f"settings.py reads a variable whose name is not written out: "
                f"{ast.unparse(node)}"
            )
            reads.append((name.value, _default(helper, node)))
    return reads


def settings_variables() -> dict[str, str]:
    return dict(settings_reads())


def example_variables() -> list[tuple[str, str]]:
    variables = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        if not _VARIABLE_LINE.match(line):
            continue  # a comment of its own
        match = _EXAMPLE_LINE.match(line)
        assert match and _EXAMPLE_COMMENT.fullmatch(line, match.end()), (
            f".env.example: {line!r} is not '# NAME=value', then optionally "
            "two spaces and '# comment'"
        )
        variables.append((match["name"], match["value"]))
    return variables


def readme_rows() -> list[tuple[list[str], str]]:
    """(names, default cell) of each row of README's configuration table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and (names := _README_NAME.findall(cells[0])):
            rows.append((names, cells[1]))
    return rows


def test_the_reader_finds_the_settings_reads_and_their_defaults():
    variables = settings_variables()

    assert variables["DJANGO_DEBUG"] == "0"
    assert variables["COMMENTS_PREMODERATION"] == "1"
    assert variables["DJANGO_SECURE_HSTS_SECONDS"] == "31536000"
    assert variables["DATABASE_URL"] == "sqlite:///db.sqlite3"
    assert variables["DJANGO_LOG_FORMAT"] == "json"
    assert variables["DJANGO_CSRF_TRUSTED_ORIGINS"] == ""
    assert len(variables) > 40


def test_a_variable_read_twice_has_one_default():
    defaults: dict[str, set[str]] = {}
    for name, default in settings_reads():
        defaults.setdefault(name, set()).add(default)

    assert {name: d for name, d in defaults.items() if len(d) > 1} == {}


def test_env_example_lists_every_variable_the_settings_read():
    missing = set(settings_variables()) - {name for name, _ in example_variables()}

    assert not missing, f"{FIX}: settings.py reads {sorted(missing)}"


def test_env_example_lists_nothing_the_settings_do_not_read():
    stale = {name for name, _ in example_variables()} - set(settings_variables())

    assert not stale, f"{FIX}: settings.py no longer reads {sorted(stale)}"


def test_env_example_lists_each_variable_once():
    names = [name for name, _ in example_variables()]

    assert sorted(names) == sorted(set(names))


def test_env_example_shows_the_real_defaults():
    real = settings_variables()

    wrong = {
        name: {"example": shown, "settings": real[name]}
        for name, shown in example_variables()
        if name in real and shown != real[name]
    }
    assert not wrong, f"{FIX}: defaults differ: {wrong}"


def test_readme_table_names_the_same_variables():
    named = {name for names, _ in readme_rows() for name in names}
    real = set(settings_variables())

    assert not real - named, f"{FIX}: README lacks {sorted(real - named)}"
    assert not named - real, f"{FIX}: settings.py does not read {named - real}"


def test_readme_table_shows_the_real_defaults_where_it_gives_values():
    real = settings_variables()
    compared = 0

    for names, cell in readme_rows():
        values = [_README_VALUE.fullmatch(item) for item in cell.split(", ")]
        if len(values) != len(names) or not all(values):
            continue  # a default in words, e.g. "`1` when not debugging"
        for name, value in zip(names, values, strict=True):
            compared += 1
            shown = value["value"] or ""
            assert shown == real[name], f"{FIX}: README shows {name}={shown!r}"
    assert compared > 20


def test_env_example_lines_copied_into_dot_env_give_the_same_values(tmp_path):
    lines = [
        line.removeprefix("# ") if _VARIABLE_LINE.match(line) else line
        for line in (ROOT / ".env.example").read_text().splitlines()
    ]
    copied = tmp_path / ".env"
    copied.write_text("\n".join(lines))

    assert read_env_file(copied) == dict(example_variables())

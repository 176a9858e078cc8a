"""Templates stay wrapped to readable lines wherever a line break renders the same.

scripts/wrap_templates.py breaks a long line only between block elements, between a block
element and a template tag, and between a tag's attributes; it leaves prose on one line so a
phrase seen on a page can be found in the templates. A template it would still change was
edited without it: run `python scripts/wrap_templates.py FILE`.
"""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# An include's argument that is a long string literal: a template tag cannot span lines, so such
# text belongs in the area's presenters (DEFINITIONS), passed to the template as a variable.
LONG_LITERAL = re.compile(r'\{%\s*include\b[^%]*?\w="[^"]{121,}"')


def _wrapper():
    spec = importlib.util.spec_from_file_location(
        "wrap_templates", ROOT / "scripts/wrap_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_every_template_is_as_the_wrapper_leaves_it():
    wrap = _wrapper()
    unwrapped = []
    for path in _templates():
        for number, line in enumerate(path.read_text().split("\n"), start=1):
            wrapped = [piece for part in wrap.wrap_line(line) for piece in wrap.fill(part)]
            if wrapped != [line]:
                unwrapped.append(f"{path.relative_to(ROOT)}:{number}")
    assert unwrapped == []


def test_no_include_carries_a_long_text_literal():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text().split("\n"), start=1)
        if LONG_LITERAL.search(line)
    ]
    assert found == []

"""Dependencies run one way between the product's areas, with no import cycle between modules.

core (sufficiency) <- cohort <- market, plan <- forecast <- reports, and referrals (reading
core, cohort and market, ADR 0019) <- reports. The modules that only wire
the areas together for Django (settings, root URLs, the apps' models.py that gather each area's
models, management commands, migrations, app configs) and the demo data package may import any
area. An import tucked inside a function to dodge a cycle is a cycle all the same, so product
modules import each other at the top only.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("sufficiency", "placements", "reports", "demo")

# What each area may import, itself included.
ALLOWED = {
    "core": {"core"},
    "cohort": {"core", "cohort"},
    "market": {"core", "cohort", "market"},
    "plan": {"core", "cohort", "plan"},
    "referrals": {"core", "cohort", "market", "referrals"},
    "forecast": {"core", "cohort", "market", "plan", "forecast"},
    "reports": {"core", "cohort", "market", "referrals", "plan", "forecast", "reports"},
}
WIRING = {
    "sufficiency.settings",
    "sufficiency.project.urls",
    "sufficiency.project.views",
    "sufficiency.wsgi",
    "sufficiency.models",
    "placements.models",
}


def area(module: str) -> str:
    parts = module.split(".")
    if module in WIRING or parts[0] == "demo" or "migrations" in parts or "management" in parts:
        return "wiring"
    if parts[-1] == "apps" or parts[-1] == "admin":
        return "wiring"
    if parts[0] == "reports":
        return "reports"
    if parts[0] == "placements":
        areas = {"cohort": "cohort", "market": "market", "forecast": "forecast",
                 "referrals": "referrals"}  # fmt: skip
        return areas.get(parts[1] if len(parts) > 1 else "", "wiring")
    if len(parts) > 1 and parts[1] == "plan":
        return "plan"
    return "core"


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, known: set[str]) -> list[tuple[str, bool, int]]:
    """(module imported, whether at the top of the file, line) for each project import."""
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    type_checking = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_checking |= {id(n) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            if target in known:
                found.append((target, id(node) in top, node.lineno))
    return found


def test_areas_depend_one_way():
    known = modules()
    wrong = []
    for name, path in known.items():
        source = area(name)
        if source == "wiring":
            continue
        for target, _, line in imports(path, set(known)):
            # Wiring modules gather every area, so importing one would hide a wrong dependency.
            if area(target) == "wiring" or area(target) not in ALLOWED[source]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({source}) imports {target}")
    assert wrong == []


def test_no_imports_hidden_in_functions():
    known = modules()
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in known.items()
        if area(name) != "wiring"
        for target, at_top, line in imports(path, set(known))
        if not at_top
    ]
    assert hidden == []


def test_no_import_cycle_between_modules():
    known = modules()
    graph = {
        name: {t for t, at_top, _ in imports(path, set(known)) if at_top and t != name}
        for name, path in known.items()
    }
    # A package's __init__ importing its own modules is how packages work, not a cycle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []

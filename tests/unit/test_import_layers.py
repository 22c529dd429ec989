"""dockgrade's modules import each other without a cycle: each module is one noun that can be read, tested and
replaced on its own, and a cycle would make several files one unit in disguise.

Every import counts, also those under ``TYPE_CHECKING`` or inside a function: they hide a dependency from the
interpreter, not from the design. A module's implicit import of its parent package is not counted (Python runs
``reporters/__init__.py`` before ``reporters/json.py``, and ``__init__`` may gather its submodules: that is how
packages work, not a cycle of the design).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "dockgrade"
MINIMONGO = SOURCE / "standins" / "mongo" / "minimongo"

Graph = Mapping[str, Iterable[str]]


def modules(package: Path, name: str) -> dict[str, Path]:
    """The package's modules by dotted name; files in folders without ``__init__.py`` are not part of it
    (the stand-ins are build contexts of images, minimongo a package of its own)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        if not all((package.joinpath(*parts[:depth]) / "__init__.py").is_file() for depth in range(1, len(parts))):
            continue
        dotted = (name, *parts[:-1]) if parts[-1] == "__init__" else (name, *parts)
        found[".".join(dotted)] = path
    return found


def import_graph(package: Path, name: str) -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    known = modules(package, name)
    return {module: _imported(module, path, set(known)) for module, path in known.items()}


def _imported(module: str, path: Path, known: set[str]) -> set[str]:
    targets: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets |= {_longest_known(alias.name, known) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, path.name == "__init__.py")
            # ``from pkg import x`` imports the submodule pkg.x when there is one, else a name of pkg.
            targets |= {_longest_known(f"{base}.{alias.name}", known) for alias in node.names}
    return {target for target in targets if target is not None and target != module}


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, node.module] if node.module else parts)


def _longest_known(dotted: str, known: set[str]) -> str | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return None


def cycles(graph: Graph) -> list[list[str]]:
    """The import cycles (Tarjan's strongly connected components of more than one module, or a module importing
    itself), each as its sorted modules, the cycles sorted."""
    edges = {node: sorted(set(targets)) for node, targets in graph.items()}
    for targets in list(edges.values()):
        for target in targets:
            edges.setdefault(target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1 or node in edges[node]:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def described(graph: Graph, found: list[list[str]]) -> str:
    """Each cycle with the imports that close it, for the failure message."""
    lines = []
    for component in found:
        inside = set(component)
        imports = [f"  {node} imports {', '.join(sorted(set(graph[node]) & inside))}" for node in component]
        lines.append(f"cycle of {len(component)} modules: {', '.join(component)}\n" + "\n".join(imports))
    return "\n".join(lines)


# -- the project's packages -------------------------------------------------------------------------------------


def test_dockgrade_has_no_import_cycle() -> None:
    graph = import_graph(SOURCE, "dockgrade")
    found = cycles(graph)
    assert found == [], described(graph, found)


def test_minimongo_has_no_import_cycle() -> None:
    graph = import_graph(MINIMONGO, "minimongo")
    found = cycles(graph)
    assert found == [], described(graph, found)


def test_the_graph_is_the_real_one() -> None:
    """The acyclic verdict is about the real package: its modules are all there, with their imports."""
    graph = import_graph(SOURCE, "dockgrade")
    assert len(graph) == len([path for path in SOURCE.rglob("*.py") if "standins" not in path.parts])
    assert "dockgrade.standins.python.dockgrade_pins" not in graph
    assert {"dockgrade.script.container_steps", "dockgrade.script.context"} <= graph["dockgrade.script.interpreter"]
    assert "dockgrade.reporters.json" in graph["dockgrade.reporters"]
    assert {"minimongo.admin", "minimongo.registry"} <= import_graph(MINIMONGO, "minimongo")["minimongo.commands"]


def test_steps_know_each_other_only_through_the_context() -> None:
    steps = {f"dockgrade.script.{kind}_steps" for kind in ("container", "image", "network", "volume")}
    graph = import_graph(SOURCE, "dockgrade")
    for module in steps:
        assert graph[module] & (steps | {"dockgrade.script.interpreter"}) == set(), module
        assert "dockgrade.script.context" in graph[module], module


# -- the detector ---------------------------------------------------------------------------------------------


def test_a_tree_has_no_cycle() -> None:
    assert cycles({"a": ["b", "c"], "b": ["c"], "c": [], "d": ["a"]}) == []


def test_the_old_interpreter_shape_is_one_cycle_of_five() -> None:
    steps = ["container_steps", "image_steps", "network_steps", "volume_steps"]
    old = {"interpreter": [*steps, "names"], **{step: ["interpreter", "transcript"] for step in steps}, "names": []}
    assert cycles(old) == [["container_steps", "image_steps", "interpreter", "network_steps", "volume_steps"]]


def test_separate_cycles_are_named_apart() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["e", "a"], "e": ["d"], "f": ["f"], "g": ["a"]}
    assert cycles(graph) == [["a", "b", "c"], ["d", "e"], ["f"]]


def test_the_message_names_the_imports_that_close_the_cycle() -> None:
    graph = {"a": ["b", "x"], "b": ["a"], "x": []}
    assert described(graph, cycles(graph)) == "cycle of 2 modules: a, b\n  a imports b\n  b imports a"


def test_imports_of_every_kind_are_edges(tmp_path: Path) -> None:
    """Top-level, TYPE_CHECKING, in-function, relative and ``from pkg import submodule`` imports all count."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "outside").mkdir()
    files = {
        "__init__.py": "",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\n",
        "b.py": "def late():\n    import pkg.sub.c\n",
        "sub/__init__.py": "from . import c\n",
        "sub/c.py": "from ..d import thing\nfrom pkg import a, version\nimport json\n",
        "d.py": "from pkg.sub import c as same\n",
        "outside/e.py": "import pkg.a\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    graph = import_graph(package, "pkg")
    assert graph == {
        "pkg": set(),
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.sub.c"},
        "pkg.d": {"pkg.sub.c"},
        "pkg.sub": {"pkg.sub.c"},
        "pkg.sub.c": {"pkg.d", "pkg.a", "pkg"},
    }
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.d", "pkg.sub.c"]]


# The layers, lowest first: each imports only itself and the layers below it. A new module goes into the layer of
# what it is about; if it needs something from a higher layer, that thing belongs lower, or the new module higher.
# The entry points (the package itself, the pytest plugin, the CLI) stand on all of them.
LAYERS = ("core", "course", "reporters", "offline", "runtime", "script", "compose", "handles", "grading", "batch")
ENTRY_POINTS = {"dockgrade", "dockgrade.plugin", "dockgrade.cli"}


def layer_of(module: str) -> int:
    """The layer's height (entry points above every layer); a module outside the layers is a mistake."""
    if module in ENTRY_POINTS:
        return len(LAYERS)
    layer = [*module.split("."), ""][1]
    assert layer in LAYERS, f"{module} is in no layer: move it into one of {LAYERS}"
    return LAYERS.index(layer)


def upward_imports(graph: Graph) -> list[str]:
    """Each import of a higher layer, as ``module (layer n) imports other (layer m)``."""
    return sorted(
        f"{module} (layer {layer_of(module)}) imports {imported} (layer {layer_of(imported)})"
        for module, targets in graph.items()
        for imported in targets
        if layer_of(imported) > layer_of(module)
    )


def test_every_module_is_in_a_layer() -> None:
    strays = [name for name in modules(SOURCE, "dockgrade") if name not in ENTRY_POINTS]
    assert [name for name in strays if [*name.split("."), ""][1] not in LAYERS] == []


def test_imports_only_go_down_the_layers() -> None:
    assert upward_imports(import_graph(SOURCE, "dockgrade")) == []


def test_an_upward_import_is_named() -> None:
    graph = {"dockgrade.core.messages": {"dockgrade.course.catalogue"}, "dockgrade.course.catalogue": set()}
    assert upward_imports(graph) == ["dockgrade.core.messages (layer 0) imports dockgrade.course.catalogue (layer 1)"]


def test_a_module_outside_the_layers_is_refused() -> None:
    with pytest.raises(AssertionError, match="is in no layer"):
        layer_of("dockgrade.helpers")

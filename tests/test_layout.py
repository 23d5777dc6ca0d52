"""The layout the README promises: the package's folders are its layers, in the order the data flow
(LAYERS); a module imports its own layer and lower ones only; only kommunekart/web imports
Streamlit; no import cycles; and no module grows past what one person can read (about 350 lines)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "kommunekart"


def modules():
    for path in sorted(PKG.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def imported(name, path, tree, known=()):
    """Every kommunekart module ``name`` imports (also inside functions), resolved; ``from . import
    x`` counts as importing the submodule x, not its package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kommunekart")}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            mod = (
                (f"{base}.{node.module}" if node.module else base)
                if node.level
                else (node.module or "")
            )
            if mod.startswith("kommunekart"):
                subs = {f"{mod}.{a.name}" for a in node.names} & set(known)
                out |= subs
                if len(subs) < len(node.names):
                    out.add(mod)
    return out


# lowest first: a module may import its own layer and the layers before it, never one after it
LAYERS = ("base", "sources", "readers", "lineage", "pipeline", "analysis", "render", "web", "cli")


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lives_in_a_layer_folder():
    assert (
        sorted(name for name, _, _ in modules() if name != "kommunekart" and layer_of(name) is None)
        == []
    )
    assert {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(
        LAYERS
    ) - {"cli"}


def test_lower_layers_never_import_higher_ones():
    mods = {name: (path, tree) for name, path, tree in modules()}
    backwards = sorted(
        f"{name} -> {other}"
        for name in mods
        if layer_of(name)
        for other in imported(name, *mods[name], known=mods)
        if layer_of(other) and LAYERS.index(layer_of(other)) > LAYERS.index(layer_of(name))
    )
    assert backwards == []


def test_only_the_web_package_imports_streamlit():
    offenders = [
        name
        for name, path, tree in modules()
        if not name.startswith("kommunekart.web")
        and any(
            isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in ast.dump(n)
            for n in ast.walk(tree)
        )
    ]
    assert offenders == []


def test_no_import_cycles_in_the_package():
    mods = {name: (path, tree) for name, path, tree in modules()}
    graph = {
        name: {m for m in imported(name, *mods[name], known=mods) if m in mods and m != name}
        for name in mods
    }
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node) :] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()

    for name in sorted(graph):
        visit(name)
    assert cycles == []


# ruff-formatted at 100 columns; the same code packed by hand to ~120 columns was ~350 lines
MAX_MODULE_LINES = 480


def test_no_module_is_longer_than_one_person_reads_at_once():
    long = {
        name: n
        for name, path, _ in modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_code_the_package_uses_has_a_sentence_in_the_catalogue():
    import re

    from kommunekart.base.strings import catalogue

    used = set()
    for path in list(PKG.rglob("*.py")) + list((ROOT / "sider").glob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("([a-z][\w.]*)"', text))
        used |= set(re.findall(r'(?:Message|Problem|Error)\("([a-z][\w.]*)"', text))
        used |= set(re.findall(r'\bprogress\("([a-z][\w.]*)"', text))
    plural = set()  # tn("key", n) and plural_key("key", n): key.one and key.other
    for path in list(PKG.rglob("*.py")) + list((ROOT / "sider").glob("*.py")):
        plural |= set(
            re.findall(r'\b(?:tn|plural_key)\("([a-z][\w.]*)"', path.read_text(encoding="utf-8"))
        )
    used |= {f"{k}.{form}" for k in plural for form in ("one", "other")}
    assert len(used) > 150 and len(plural) >= 3
    assert sorted(used - set(catalogue("nb"))) == []


def test_every_noqa_says_why_beside_it():
    """A silenced rule names the reason on the same line (ruff's RUF100 finds the unneeded ones)."""
    import re
    import subprocess

    bare = []
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    for name in files:
        for n, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1):
            m = re.search(r"#\s*noqa\b(:\s*[A-Z]+\d+(?:,\s*[A-Z]+\d+)*)?(.*)$", line)
            if m and len(m.group(2).strip(" -():")) < 8:
                bare.append(f"{name}:{n}")
    assert bare == []

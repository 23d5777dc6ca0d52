"""The layout the README promises: only kommunekart/web imports Streamlit, no import cycles inside the
package, and no module grows past what one person can read (about 350 lines)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "kommunekart"


def modules():
    for path in sorted(PKG.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def imported(name, path, tree, known=()):
    """Every kommunekart module ``name`` imports (also inside functions), resolved; ``from . import x``
    counts as importing the submodule x, not its package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kommunekart")}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            mod = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
            if mod.startswith("kommunekart"):
                subs = {f"{mod}.{a.name}" for a in node.names} & set(known)
                out |= subs
                if len(subs) < len(node.names):
                    out.add(mod)
    return out


def test_only_the_web_package_imports_streamlit():
    offenders = [name for name, path, tree in modules() if not name.startswith("kommunekart.web")
                 and any(isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in ast.dump(n) for n in ast.walk(tree))]
    assert offenders == []


def test_no_import_cycles_in_the_package():
    mods = {name: (path, tree) for name, path, tree in modules()}
    graph = {name: {m for m in imported(name, *mods[name], known=mods) if m in mods and m != name} for name in mods}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
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


def test_no_module_is_much_over_350_lines():
    long = {name: n for name, path, _ in modules() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 370}
    assert long == {}


def test_every_code_the_package_uses_has_a_sentence_in_the_catalogue():
    import re

    from kommunekart.strings import catalogue

    used = set()
    for path in list(PKG.rglob("*.py")) + list((ROOT / "sider").glob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("([a-z][\w.]*)"', text))
        used |= set(re.findall(r'(?:Message|Problem|Error)\("([a-z][\w.]*)"', text))
        used |= set(re.findall(r'\bprogress\("([a-z][\w.]*)"', text))
    assert len(used) > 150
    assert sorted(used - set(catalogue("nb"))) == []

"""What the README and docs/ tell a newcomer to run or open exists and runs: every `python -m`
module and bench script they name answers --help, every make target they name is in the Makefile,
and every project file they name is there."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "deploy" / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
TEXT = {p: p.read_text(encoding="utf-8") for p in DOCS}
ALL = "\n".join(TEXT.values())

MODULES = sorted(set(re.findall(r"python3? -m (kommunekart[\w.]*)", ALL)))
SCRIPTS = sorted(set(re.findall(r"python3? (bench/\w+\.py)", ALL)))
TARGETS = sorted(
    set(re.findall(r"`make (\w+)`", ALL))
    | set(
        re.findall(r"^make (\w+)\s", "\n".join(re.findall(r"```bash\n(.*?)```", ALL, re.S)), re.M)
    )
)
# a project path in backticks or a Markdown link: a file or folder in one of the project's folders
PATH_RE = re.compile(
    r"(?:`|\]\()((?:app\.py|Makefile|Dockerfile|compose\.yaml|pyproject\.toml|README\.md|"
    r"(?:kommunekart|sider|data|geo|docs|deploy|bench|tests|static|\.ci)/[\w./-]*))[`)#]"
)


def ignored(name: str) -> bool:
    """Made at run time and git-ignored (caches, results, saved indicators)."""
    for candidate in (name, name.rstrip("/") + "/"):
        if subprocess.run(["git", "check-ignore", "-q", candidate], cwd=ROOT).returncode == 0:
            return True
    return False


def named_paths(path: Path, text: str) -> set[Path]:
    out = set()
    for name in PATH_RE.findall(text):
        if "<" in name or "*" in name or "{" in name:
            continue  # a pattern (data/egne/<id>.csv), not a file
        if ignored(name):
            continue
        for base in (ROOT, path.parent):  # links are relative to the document
            if (base / name).exists():
                break
        else:
            out.add(name)
    return out


def test_the_docs_name_commands_at_all():
    assert "kommunekart.pipeline.build" in MODULES and "kommunekart.cli" in MODULES
    assert {"run", "test", "bench"} <= set(TARGETS)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_the_docs_run_answers_help(module):
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert re.match(r"(usage|bruk):", done.stdout.lower()), done.stdout[:200]


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_bench_script_the_docs_name_answers_help(script):
    done = subprocess.run(
        [sys.executable, script, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert "usage" in done.stdout.lower()


def test_every_make_target_the_docs_name_exists():
    for target in TARGETS:
        done = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, (target, done.stderr)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_document_names_exists(doc):
    assert named_paths(doc, TEXT[doc]) == set()


def test_the_readme_is_short_and_points_to_the_rest():
    readme = TEXT[ROOT / "README.md"]
    assert len(readme.splitlines()) < 150
    for doc in ("docs/data.md", "docs/cli.md", "docs/languages.md", "docs/performance.md"):
        assert f"]({doc})" in readme

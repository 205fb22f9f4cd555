"""The dependency rule of DESIGN.md: web → tournament → {scoring, brackets, hardware};
exports → {tournament, scoring, brackets}; the pure packages import nothing of ours."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"scoring", "brackets", "hardware", "tournament", "exports", "web"}
ALLOWED = {
    "scoring": set(),
    "brackets": set(),
    "hardware": set(),
    "tournament": {"scoring", "brackets", "hardware"},
    "exports": {"tournament", "scoring", "brackets"},
    "web": {"tournament", "scoring", "brackets", "hardware", "exports"},
}
FORBIDDEN_THIRD_PARTY = {
    "scoring": {"flask", "flask_socketio", "sqlalchemy"},
    "brackets": {"flask", "flask_socketio", "sqlalchemy"},
    "hardware": {"flask", "flask_socketio", "sqlalchemy"},
    "tournament": {"flask", "flask_socketio", "flask_babel"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package):
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        imported = imports_of(path)
        ours = (imported & OURS) - {package} - ALLOWED[package]
        third = imported & FORBIDDEN_THIRD_PARTY.get(package, set())
        if ours or third:
            bad.append(f"{path.relative_to(ROOT)} imports {sorted(ours | third)}")
    assert not bad, "\n".join(bad)

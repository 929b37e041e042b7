"""The layers point one way: ui -> services -> models."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = {
    'ui': ('sqlmodel', 'sqlalchemy', 'services.db'),
    'services': ('nicegui',),
    'models': ('services', 'ui', 'nicegui'),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f'{node.module}.{alias.name}' for alias in node.names)
    return names


@pytest.mark.parametrize('layer', sorted(RULES))
def test_layer_imports(layer: str) -> None:
    offenders = []
    for path in sorted((ROOT / layer).rglob('*.py')):
        for name in imported_modules(path):
            if any(name == banned or name.startswith(banned + '.') for banned in RULES[layer]):
                offenders.append(f'{path.relative_to(ROOT)} imports {name}')
    assert not offenders, '\n'.join(offenders)


def test_no_user_data_reaches_raw_html() -> None:
    offenders = []
    for path in sorted((ROOT / 'ui').rglob('*.py')):
        text = path.read_text(encoding='utf-8')
        for needle in ('ui.html(', 'add_body_html(', '.run_javascript('):
            if needle in text:
                offenders.append(f'{path.relative_to(ROOT)} uses {needle}')
    assert not offenders, '\n'.join(offenders)


def test_every_page_requires_sign_in() -> None:
    """Pages are declared with ui.routing.page (which checks the session); only the sign-in pages use ui.page."""
    allowed = {ROOT / 'ui' / 'pages' / 'auth.py', ROOT / 'ui' / 'routing.py'}
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / 'ui').rglob('*.py')
        if path not in allowed and '@ui.page(' in path.read_text(encoding='utf-8')
    ]
    assert not offenders, offenders

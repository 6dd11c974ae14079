"""Help pages: Spanish Markdown files, one per screen.

The help for a view is `<namespace>-<url_name>.md` (e.g. `companies-settings.md`), looked up in
`yupana/web/help/` and then in the `help/` folder of each installed Yupana app, so every app ships
its own help. Without a page of its own, a view shows `inicio.md`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import markdown
from django.apps import apps
from django.utils.safestring import SafeString, mark_safe

HELP_DIR = Path(__file__).resolve().parent / "help"
DEFAULT_PAGE = "inicio"
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")


def help_key_for(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return DEFAULT_PAGE
    key = f"{match.namespace}-{match.url_name}" if match.namespace else match.url_name
    return key.replace(":", "-").replace("_", "-")


def _search_dirs() -> list[Path]:
    dirs = [HELP_DIR]
    for config in apps.get_app_configs():
        if config.name.startswith("yupana.") and config.name != "yupana.web":
            dirs.append(Path(config.path) / "help")
    return dirs


def find_page(key: str) -> Path | None:
    if not _KEY_RE.match(key):
        return None
    for folder in _search_dirs():
        path = folder / f"{key}.md"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=256)
def _render(path: str, mtime: float) -> tuple[str, str]:
    text = Path(path).read_text(encoding="utf-8")
    title_match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    html = markdown.markdown(text, extensions=["extra", "sane_lists"])
    return (title_match.group(1).strip() if title_match else "Ayuda"), html


def render_page(key: str) -> tuple[str, SafeString, bool]:
    """(title, html, found): the page for key, or the general help when it has none."""
    path = find_page(key)
    found = path is not None
    if path is None:
        path = HELP_DIR / f"{DEFAULT_PAGE}.md"
    title, html = _render(str(path), path.stat().st_mtime)
    return title, mark_safe(html), found

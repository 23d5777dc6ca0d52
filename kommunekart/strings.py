"""Every user-facing string, in one catalogue: kommunekart/locale/<lang>.yaml.

Pages and package code ask for a string by key (``t("kart.tittel")``); errors and notices carry a key
and parameters (errors.py) and are made into text here (``message``). Adding nynorsk or English means
adding locale/nn.yaml or locale/en.yaml with the same keys, not touching pages. Placeholders use
``str.format`` names. Loads the catalogue on first use (PyYAML only)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LANG = "nb"
LOCALE_DIR = Path(__file__).with_name("locale")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    import yaml

    path = LOCALE_DIR / f"{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def message(item) -> str:
    """The text of a Message or Problem (errors.py): the catalogue's sentence for its code."""
    from .errors import Message

    if isinstance(item, str) or (isinstance(item, Exception) and not hasattr(item, "message")):
        return str(item)  # a note or error that is still a sentence
    msg = getattr(item, "message", item)
    return t(msg.code, **{k: message(v) if isinstance(v, Message) else v for k, v in msg.params.items()})


def t(key: str, **kwargs) -> str:
    """Look up a UI string by key in the current language and fill in its placeholders."""
    text = catalogue(LANG).get(key)
    if text is None:
        text = catalogue("nb")[key]
    return text.format(**kwargs) if kwargs else text

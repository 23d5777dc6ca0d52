"""Every user-facing string, in one catalogue: kommunekart/locale/<lang>.yaml.

Pages and package code ask for a string by key (``t("kart.tittel")``); errors and notices carry a
key and parameters (errors.py) and are made into text here (``message``). Adding nynorsk or English
means adding locale/nn.yaml or locale/en.yaml with the same keys, not touching pages. Placeholders
use ``str.format`` names. Loads the catalogue on first use (PyYAML only).

The language (bokmål, nynorsk, English) is per visitor: a context variable that the web layer sets
at the start of every script run from the view (``?sprak=nn``); code outside a run (CLI, build,
tests) gets bokmål. Numbers and dates follow the language through Babel (``babel_locale``)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGS = ("nb", "nn", "en")  # bokmål (the default), nynorsk, English
BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
_LANG: ContextVar[str] = ContextVar("kommunekart_lang", default="nb")


def lang() -> str:
    """The current visitor's language code (nb, nn or en)."""
    return _LANG.get()


def set_lang(code: str | None) -> None:
    """Use ``code`` for the rest of this script run (unknown or None: bokmål)."""
    _LANG.set(code if code in LANGS else "nb")


@contextmanager
def language(code: str):
    """``with language("en"): ...`` (tests, exports in another language)."""
    token = _LANG.set(code if code in LANGS else "nb")
    try:
        yield
    finally:
        _LANG.reset(token)


def babel_locale() -> str:
    return BABEL_LOCALES[lang()]


def plural_key(key: str, n) -> str:
    """The catalogue's key for ``n`` of something: ``key.one``, ``key.other`` (or another of CLDR's
    plural categories) by the language's own plural rule, through Babel; ``key.other`` when the
    language has no sentence of that category."""
    from babel import Locale

    form = Locale.parse(babel_locale()).plural_form(abs(n))
    return f"{key}.{form}" if f"{key}.{form}" in catalogue(lang()) else f"{key}.other"


def tn(key: str, n, **kwargs) -> str:
    """``t`` of the sentence for ``n`` (plural_key), with ``n`` among its parameters."""
    return t(plural_key(key, n), n=n, **kwargs)


def pick(value, fallback: str = ""):
    """A catalogue value that may be given per language ({nb: …, nn: …, en: …}) in the current
    language (bokmål when the language is missing); a plain value as it is."""
    if isinstance(value, dict):
        return value.get(lang()) or value.get("nb") or fallback
    return value if value is not None else fallback


@cache
def catalogue(lang: str) -> dict[str, str]:
    from kommunekart.base.files import read_yaml

    path = LOCALE_DIR / f"{lang}.yaml"
    return read_yaml(path) if path.is_file() else {}


_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|file)(?=:)|\b(www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text) -> str:
    """Text from a file, a link or an API, safe inside Markdown (and so inside Streamlit's titles,
    captions, notices and labels): every ASCII punctuation character is backslash-escaped, so no
    link, emphasis, HTML tag or LaTeX ($) can be made from it, and line breaks become spaces.
    Streamlit's Markdown also turns bare addresses into links after escapes are read (GFM autolink
    literals), so an invisible word joiner is put into "https:", "www." and before "@" (seen in
    Chromium)."""
    text = _AUTOLINK.sub(lambda m: (m.group(0) or "") + WORD_JOINER, " ".join(str(text).split()))
    return _PUNCT.sub(r"\\\1", text)


def html_text(text) -> str:
    """Text from data inside HTML that Streamlit passes through its Markdown renderer: HTML-escaped,
    and Markdown's link and emphasis characters as character references, so neither parser makes
    anything of it (it reads exactly as the text)."""
    import html

    return re.sub(
        r"([\[\]()`*_~:.@$!/\\|{}^+=-])",
        lambda m: f"&#{ord(m.group(1))};",
        html.escape(str(text), quote=True),
    )


def md(key: str, **params) -> str:
    """``t(key, ...)`` for Markdown: the catalogue's sentence is trusted, the parameters are
    escaped."""
    return t(key, **{k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()})


def md_message(item) -> str:
    """``message(item)`` for Markdown: parameters (file names, cells, link values) escaped."""
    return message(item, escape=md_escape)


def message(item, escape=None) -> str:
    """The text of a Message or Problem (errors.py): the catalogue's sentence for its code."""
    from kommunekart.base.errors import Message

    if isinstance(item, str) or (isinstance(item, Exception) and not hasattr(item, "message")):
        # a note or error that is still a sentence
        return escape(str(item)) if escape else str(item)
    msg = getattr(item, "message", item)

    def param(v):
        if isinstance(v, Message):
            return message(v, escape)
        if isinstance(v, float):  # 60.4 -> "60,4" (ints are years and counts: left as they are)
            from babel.numbers import format_decimal

            return format_decimal(v, format="#,##0.##", locale=babel_locale())
        return escape(v) if (escape and isinstance(v, str)) else v

    return t(msg.code, **{k: param(v) for k, v in msg.params.items()})


def t(key: str, **kwargs) -> str:
    """Look up a UI string by key in the current language and fill in its placeholders."""
    text = catalogue(lang()).get(key)
    if text is None:
        text = catalogue("nb")[key]
    return text.format(**kwargs) if kwargs else text

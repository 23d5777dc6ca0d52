"""Errors and notices as codes with parameters; the text is made at the edge (``strings.message``).

``code`` is a key of the string catalogue (``kommunekart/locale/nb.yaml``), ``params`` its
placeholders, so tests assert on codes and parameters and a new language needs no change here.
Imports nothing heavy."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """Something to tell the user: a catalogue key and its parameters."""

    code: str
    params: dict = field(default_factory=dict)


class Problem(Exception):
    """A problem the user (or the operator) can fix. Raise ``SubClass("code", name=value, ...)``."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.message = Message(code, params)

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def params(self) -> dict:
        return self.message.params

    def __str__(self) -> str:  # for logs; users see strings.message(err)
        return f"{self.code} {self.params}" if self.params else self.code


class ImportProblem(Problem, ValueError):
    """A user-facing import problem: a code and its parameters (strings.message makes the text,
    which names what is wrong and how to fix it)."""

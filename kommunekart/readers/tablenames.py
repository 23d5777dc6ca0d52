"""The kommune names of one imported table, matched to kommunenummer through a resolver the caller
gives (lineage.names.KommuneNames.resolve): each (name, year) looked up once, and what was matched
by an older name, fits several kommuner or fits none kept for the import's notes."""

from __future__ import annotations

import re

from kommunekart.base.errors import Message


class TableNames:
    """Kommune names to kommunenummer for one import: each (name, year) looked up once; what was
    matched by an older name, what fits several kommuner and what fits none is kept for the notes.
    """

    def __init__(self, names, choices: dict[str, str], not_kommune: re.Pattern):
        self.names, self.choices, self.not_kommune = names, choices, not_kommune
        self.matched, self.older, self.unmatched, self.left_out = set(), {}, [], []
        self.ambiguous: dict[str, list[tuple[str, str]]] = {}
        self._codes: dict[tuple, str | None] = {}

    def code(self, text: str, year: int | None, hint: str) -> str | None:
        key = (text, year, hint)
        if key not in self._codes:
            self._codes[key] = self._code(text, year, hint)
        return self._codes[key]

    def _code(self, text: str, year: int | None, hint: str) -> str | None:
        if text in self.choices:
            if not self.choices[text]:
                self.left_out.append(text)
                return None
            self.matched.add(text)
            return self.choices[text]
        found = self.names(text, year, hint)
        if len(found) == 1:
            self.matched.add(text)
            if found[0].via != "navn":
                self.older[text] = f"{found[0].found} → {found[0].name} ({found[0].code})"
            return found[0].code
        if len(found) > 1:
            self.ambiguous[text] = [(c.code, c.label) for c in found]
        elif text and not self.not_kommune.match(text):
            self.unmatched.append(text)
        return None

    def notes(self) -> list[Message]:
        def listed(items):
            items = list(dict.fromkeys(items))
            return ", ".join(f"«{x}»" for x in items[:8]) + (" …" if len(items) > 8 else "")

        out = [Message("imp.note.navn", {"n": len(self.matched)})]
        if self.older:
            out.append(
                Message(
                    "imp.note.eldre_navn",
                    {
                        "n": len(self.older),
                        "liste": "; ".join(f"«{k}»: {v}" for k, v in list(self.older.items())[:8]),
                    },
                )
            )
        if self.ambiguous:
            out.append(
                Message(
                    "imp.note.tvetydige",
                    {"n": len(self.ambiguous), "liste": listed(self.ambiguous)},
                )
            )
        if self.unmatched:
            out.append(
                Message(
                    "imp.note.ukjente_navn",
                    {"n": len(set(self.unmatched)), "liste": listed(self.unmatched)},
                )
            )
        if self.left_out:
            out.append(Message("imp.note.valgt_bort", {"liste": listed(self.left_out)}))
        return out

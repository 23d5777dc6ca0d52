"""Work on a visitor's file in a child process: the server keeps none of its memory, and a time
budget.

A parse makes millions of small objects; freed, they stay in the server's heap (fragmented), so a
run of large or hostile files grew the server by 60-110 MB that it never gave back
(bench/bench_upload_memory.py). The child is forked from the server (it shares the dataset and the
name matcher without copying them), does the work, sends back the result or the ImportProblem, and
exits: its memory goes with it. A child that takes longer than the budget is killed and the visitor
is told.
"""

from __future__ import annotations

import multiprocessing
import os

from kommunekart.base.errors import ImportProblem

BUDGET_S = 60  # an import of the largest legal file (20 MB, 2 million cells) takes ~25 s here


def _child(conn, fn, args, kwargs) -> None:
    try:
        try:
            conn.send(("ok", fn(*args, **kwargs)))
        except ImportProblem as err:
            conn.send(("problem", err))
        # told to the parent, which logs it with a reference
        except Exception as err:
            conn.send(("error", f"{type(err).__name__}: {err}"[:300]))
        conn.close()
    finally:
        os._exit(0)  # no atexit handlers, no Streamlit shutdown in the child


def run(fn, *args, budget_s: float = BUDGET_S, **kwargs):
    """``fn(*args, **kwargs)`` in a forked child; its ImportProblem raised here; ImportProblem
    ``imp.tidsavbrudd`` when it takes longer than ``budget_s``; RuntimeError when it failed
    otherwise."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, kwargs), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(budget_s):
            proc.kill()
            raise ImportProblem("imp.tidsavbrudd", sek=round(budget_s))
        try:
            kind, payload = receive.recv()
        except EOFError:  # the child died without an answer (killed, out of memory)
            raise RuntimeError(
                f"the import's child process ended without an answer (exit {proc.exitcode})"
            ) from None
    finally:
        receive.close()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
    if kind == "ok":
        return payload
    if kind == "problem":
        raise payload
    raise RuntimeError(payload)

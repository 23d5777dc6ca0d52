"""Start the app the way `make run` does: `streamlit run app.py` in this process, with the shared
dataset (the build artefact) and the modules the pages use loaded in a background thread while the
server starts listening, so the first visitor's page does not wait for them (bench/bench_start.py measures
server start to first painted map). Arguments are passed on to `streamlit run`.

    python -m kommunekart.web.serve [--server.port 8501 ...]
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def _server_started(timeout_s: float = 60) -> None:
    """Wait until Streamlit's runtime is up: loading before that slows the server's own start (both
    want the interpreter), while the browser's ~1 s of loading Streamlit's frontend leaves it idle."""
    import time

    from streamlit.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state not in (RuntimeState.INITIAL,):
            return
        time.sleep(0.02)


def _preload() -> bool:
    try:
        import kommunekart.export  # noqa: F401  (what the map page imports)
        import kommunekart.stats  # noqa: F401
        from kommunekart.web import data, map_component, widgets  # noqa: F401

        data.preload()
        return True
    except Exception:  # the first visitor then loads it and sees what is wrong, in words
        logging.getLogger("kommunekart").exception("Forhåndslasting av datasettet mislyktes")
        return False


def _warm() -> None:
    """Once the runtime (and its caches) exist: data.warm (what the first visitor would wait for)."""
    _server_started()
    from kommunekart.web import data

    try:
        data.warm()
    except Exception:
        logging.getLogger("kommunekart").exception("Oppvarming mislyktes")


def main(argv: list[str] | None = None) -> int:
    # Loading before the server listens, not beside it: both want the interpreter, and measured with
    # bench/bench_start.py the first map was drawn sooner this way.
    if _preload():
        threading.Thread(target=_warm, name="kommunekart-warm", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())

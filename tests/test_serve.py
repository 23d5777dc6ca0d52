"""`make run`'s server: Streamlit's page gets the app's own address, its styles and the visitor's
language, and nothing else is changed."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from kommunekart.web.serve import PageHead
from tests.browser.chromium import serve_command


def served(
    body: bytes,
    content_type: bytes = b"text/html; charset=utf-8",
    method: str = "GET",
    chunks: int = 1,
    query: bytes = b"",
    path: str = "/kommuneprofil",
):
    """What a browser receives when the app behind the middleware answers with ``body``."""

    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        step = max(1, len(body) // chunks)
        parts = [body[i : i + step] for i in range(0, len(body), step)] or [b""]
        for i, part in enumerate(parts):
            await send(
                {"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1}
            )

    got = []

    async def send(message):
        got.append(message)

    call = PageHead(app)(
        {"type": "http", "method": method, "path": path, "query_string": query}, None, send
    )
    with ThreadPoolExecutor(
        1
    ) as pool:  # its own loop: Playwright's sync API may hold this thread's
        pool.submit(asyncio.run, call).result()
    headers = dict(got[0]["headers"])
    out = b"".join(m.get("body", b"") for m in got[1:])
    assert int(headers[b"content-length"]) == len(out)  # the browser reads the whole page, no more
    return out


def test_streamlits_page_names_the_apps_address_before_its_scripts_run():
    index = PageHead.index()
    page = served(index, chunks=3)
    head = page.split(b"</head>")[0]
    assert b'BACKEND_BASE_URL:location.origin+"/"' in head
    # set before Streamlit reads it
    assert head.index(b"BACKEND_BASE_URL") < head.index(b'<script type="module"')
    # nothing else changed: the block after <head>, the language and the title (page_head gives its
    # own)
    opened = index.index(b"<head>") + 6
    rest = index[opened:].replace(b"<title>Streamlit</title>", b"", 1)
    assert page.endswith(rest) and page[:opened] == index[:opened].replace(
        b'<html lang="en">', b'<html lang="nb">'
    )
    added = page[opened : len(page) - len(rest)]
    assert (
        added.count(b"<title>") == 1
        and added.count(b"<script>") == 2
        and added.count(b"<style>") == 1
    )


def test_the_page_comes_in_the_addresss_language_with_the_apps_styles():
    """Screen readers and Streamlit's own texts are right from the first byte: <html lang> and the
    words of the address's «sprak» (bokmål when it is missing or unknown); an embed without controls
    gets the embed's styles (no sidebar), every other page the app's."""
    index = PageHead.index()
    for query, code in (
        (b"", "nb"),
        (b"sprak=nn&aar=2024", "nn"),
        (b"sprak=EN", "en"),
        (b"sprak=xx", "nb"),
    ):
        page = served(index, query=query).decode()
        assert f'<html lang="{code}">' in page and '<html lang="en">' not in page.replace(
            f'lang="{code}"', ""
        )
        assert f'"lang": "{code}"' in page  # the words the script puts in place of Streamlit's
    plain, embed = (served(index, query=q).decode() for q in (b"aar=2024", b"embed=true&aar=2024"))
    controls = served(index, query=b"embed=true&kontroller=1").decode()
    from kommunekart.web.page_head import APP_CSS, EMBED_CSS

    # only the figure
    assert "[data-testid='stSidebar']" in EMBED_CSS and "display:none" in EMBED_CSS
    assert EMBED_CSS in embed and EMBED_CSS not in plain and EMBED_CSS not in controls
    assert APP_CSS in plain and APP_CSS in controls and APP_CSS not in embed


def test_the_page_is_titled_for_its_page_and_language_from_its_first_byte():
    """A shared link's preview and the browser tab say which page it is (Streamlit's page says
    "Streamlit"); the script's own title is the same, so the tab does not change."""
    from kommunekart.base.strings import language
    from kommunekart.web import page_head

    def title(path, query=b""):
        page = served(PageHead.index(), path=path, query=query).decode()
        assert page.count("<title>") == 1 and "Streamlit</title>" not in page
        return page.split("<title>")[1].split("</title>")[0]

    with language("nb"):
        assert (
            title("/kommuneprofil")
            == "Kommuneprofil – Kommunekart"
            == page_head.page_title("profil")
        )
    assert title("/sammenlign", b"sprak=en&kommuner=0301") == "Compare municipalities – Kommunekart"
    assert title("/") == "Kart – Kommunekart" and title("/finnesikke") == "Kommunekart"


def test_other_responses_pass_unchanged():
    standalone = b"<!DOCTYPE html><html><head><title>Kart</title></head><body></body></html>"
    assert served(standalone) == standalone  # a downloaded HTML map is the file itself
    assert served(b'{"ok": true}', b"application/json") == b'{"ok": true}'


def accepted_no_delay(bind) -> int:
    """TCP_NODELAY on a connection accepted by a listening socket from ``bind``."""
    import socket

    listener = bind("127.0.0.1", 0, 8)
    with listener, socket.create_connection(listener.getsockname()) as client:
        listener.setblocking(True)
        conn, _ = listener.accept()
        with conn:
            client.sendall(b"x")
            return conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_the_server_answers_without_waiting_for_the_browsers_acknowledgement(monkeypatch):
    """Streamlit binds its socket itself, and asyncio then leaves Nagle's algorithm on: every answer
    on a reused connection waited ~40 ms for the browser's delayed ACK (Streamlit's ~60 files came
    in ~0,6 s).
    make run's server turns it off for every connection it accepts."""
    from streamlit.web.server.starlette import starlette_server

    from kommunekart.web import serve

    # restored after
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    # Streamlit's own: the delay is there
    assert accepted_no_delay(starlette_server._bind_socket) == 0
    serve._no_delay()
    assert accepted_no_delay(starlette_server._bind_socket) != 0


def test_the_first_visitor_does_not_wait_for_streamlits_repl_check(monkeypatch):
    """Streamlit's first element in a process asked inspect.stack() whether it runs in a REPL (0,33
    s of the first visitor's first run); make run's server is `streamlit run`, so the check is
    skipped."""
    from streamlit import delta_generator, env_util

    from kommunekart.web import serve

    calls = []
    monkeypatch.setattr(env_util, "is_repl", lambda: calls.append(1) or False)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    delta_generator._maybe_print_use_warning()
    assert calls == [1]  # Streamlit's own: the stack is walked
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    serve._no_repl_check()
    delta_generator._maybe_print_use_warning()
    assert calls == [1]


def test_the_page_head_is_made_without_the_data_modules():
    """The server writes the head into the first visitor's page on its event loop: made from the
    page list, the catalogue and the styles alone (it imported pandas through the widgets, and the
    first page after a start took 0,6 s)."""
    import subprocess
    import sys

    code = (
        "import sys, streamlit\n"
        "from kommunekart.web import page_head\n"
        "page_head.head(page_head.page_of('/kommuneprofil'), "
        "*page_head.view_of(b'sprak=nn&embed=true'))\n"
        "print(sorted(m for m in ('pandas', 'geopandas', 'kommunekart.web.data', "
        "'kommunekart.web.widgets')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_twenty_starts_of_the_server_all_answer_and_log_no_error():
    """One replica of ten died at start with «DeltaGeneratorSingleton instance already exists!»: the
    loading thread and the main thread imported Streamlit at once. Each start here must answer its
    health check and log no traceback (polled, not slept)."""
    import socket
    import subprocess
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    failures = []
    for i in range(20):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            serve_command(port),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        answered, deadline = False, time.monotonic() + 60
        while not answered and time.monotonic() < deadline and proc.poll() is None:
            try:
                answered = (
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                    ).read()
                    == b"ok"
                )
            except OSError:
                time.sleep(0.05)
        proc.terminate()
        log = proc.communicate(timeout=20)[0].decode(errors="replace")
        if not answered or "Traceback" in log or "RuntimeError" in log:
            failures.append((i, answered, log[-800:]))
    assert not failures, failures


def test_a_server_whose_stop_hangs_still_ends_and_logs_its_threads(monkeypatch, caplog):
    """The watchdog behind a stop: the graceful stop is asked for, and if the process is still
    there after the limit it ends with status 1 and the threads' stacks (polled, not slept)."""
    import os
    import time

    import uvicorn.server
    from streamlit.web import bootstrap

    from kommunekart.web import serve

    asked, ended = [], []
    monkeypatch.setattr(uvicorn.server.Server, "handle_exit", lambda s, sig, f: asked.append(sig))
    monkeypatch.setattr(bootstrap, "_set_up_signal_handler", bootstrap._set_up_signal_handler)
    monkeypatch.setattr(os, "_exit", ended.append)
    serve._stop_within(0.05)
    uvicorn.server.Server.handle_exit(object(), 15, None)
    assert asked == [15]  # uvicorn's own stop runs first
    deadline = time.monotonic() + 10
    while not ended and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ended == [1]
    assert "stoppet ikke" in caplog.text


def test_a_stop_through_streamlits_own_signal_handler_is_watched_too(monkeypatch, caplog):
    """The hang came after Streamlit's handler («Stopping...»), which uvicorn's handle_exit never
    sees: SIGTERM through Streamlit's handler arms the same watchdog."""
    import os
    import signal
    import time

    from streamlit.web import bootstrap

    from kommunekart.web import serve

    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    asked, ended = [], []

    def streamlits(server) -> None:  # as bootstrap's: its own handler for SIGTERM and SIGINT
        signal.signal(signal.SIGTERM, lambda n, f: asked.append(n))
        signal.signal(signal.SIGINT, lambda n, f: asked.append(n))

    monkeypatch.setattr(bootstrap, "_set_up_signal_handler", streamlits)
    monkeypatch.setattr(os, "_exit", ended.append)
    try:
        serve._stop_within(0.05)
        bootstrap._set_up_signal_handler(None)
        signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)  # as the signal would call it
        assert asked == [signal.SIGTERM]  # Streamlit's own stop still runs
        deadline = time.monotonic() + 10
        while not ended and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ended == [1] and "stoppet ikke" in caplog.text
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)

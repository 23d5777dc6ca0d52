"""`make run`'s server: Streamlit's page gets the app's own address, and nothing else is changed."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from kommunekart.web.serve import AppAddressInPage


def served(body: bytes, content_type: bytes = b"text/html; charset=utf-8", method: str = "GET", chunks: int = 1):
    """What a browser receives when the app behind the middleware answers with ``body``."""
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)] or [b""]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    got = []

    async def send(message):
        got.append(message)

    call = AppAddressInPage(app)({"type": "http", "method": method, "path": "/kommuneprofil"}, None, send)
    with ThreadPoolExecutor(1) as pool:  # its own loop: Playwright's sync API may hold this thread's
        pool.submit(asyncio.run, call).result()
    headers = dict(got[0]["headers"])
    out = b"".join(m.get("body", b"") for m in got[1:])
    assert int(headers[b"content-length"]) == len(out)  # the browser reads the whole page, no more
    return out


def test_streamlits_page_names_the_apps_address_before_its_scripts_run():
    index, _ = AppAddressInPage.page()
    page = served(index, chunks=3)
    head = page.split(b"</head>")[0]
    assert b"BACKEND_BASE_URL:location.origin+\"/\"" in head
    assert head.index(b"BACKEND_BASE_URL") < head.index(b"<script type=\"module\"")  # set before Streamlit reads it
    assert page.replace(page[page.index(b"<script>"):page.index(b"</script>") + 9], b"", 1) == index


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
    """Streamlit binds its socket itself, and asyncio then leaves Nagle's algorithm on: every answer on a
    reused connection waited ~40 ms for the browser's delayed ACK (Streamlit's ~60 files came in ~0,6 s).
    make run's server turns it off for every connection it accepts."""
    from streamlit.web.server.starlette import starlette_server

    from kommunekart.web import serve

    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)  # restored after
    assert accepted_no_delay(starlette_server._bind_socket) == 0  # Streamlit's own: the delay is there
    serve._no_delay()
    assert accepted_no_delay(starlette_server._bind_socket) != 0


def test_the_first_visitor_does_not_wait_for_streamlits_repl_check(monkeypatch):
    """Streamlit's first element in a process asked inspect.stack() whether it runs in a REPL (0,33 s of
    the first visitor's first run); make run's server is `streamlit run`, so the check is skipped."""
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

"""Browser-like sessions without a browser, for the load and replica benchmarks (bench_load.py,
bench_replicas.py). Each session does what Streamlit's frontend does on the wire:

  1. GET the page through the address it is given (keeps the cookies a load balancer sets, e.g.
     nginx's sticky cookie in deploy/nginx/),
  2. opens the websocket /_stcore/stream with those cookies and asks for a run of the page with its
     address (query string), reports the map drawn (as kart.js does) and waits for the whole page,
  3. changes the view (indicator, year, kommune) by asking for a run with the new address, as the
     browser does when the visitor follows a link or goes back, and times each change,
  4. when the connection drops (a replica stopped), connects again, with the same cookies, and asks
     for a run of its current address: the view it gets back is checked against that address.

Every run is checked for the page's title (the view's indicator and year), and exceptions on the
page count as errors. Not a test: the benchmarks print the figures.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.request
from dataclasses import dataclass, field

VIEWS = [  # (query string, words the title must hold)
    ("indikator=indeks_samlet&aar=2024", "Indeks: samlet digitalisering, 2024"),
    ("indikator=strategi&aar=2024&kommune=4601", "Har strategi for IKT/digitalisering, 2024"),
    ("indikator=strategi&aar=2020&kommune=4601", "Har strategi for IKT/digitalisering, 2020"),
    ("indikator=egne_ansatte&aar=2022&kommune=0301", "IKT-funksjoner utført av egne ansatte, 2022"),
    ("indikator=nettside_vekt&aar=2024&kommune=1804", "Forsidens vekt (MB), 2024"),
    ("indikator=indeks_aktivitet&aar=2018&kommune=1902", "Indeks: digital aktivitet, 2018"),
    ("indikator=bredband_100&aar=2024&kommune=5001", "Bredbånd 100 Mbit/s (2013), 2024"),
    ("indikator=skytjenester&aar=2024&kommune=3907", "Typer skytjenester i bruk, 2024"),
]


@dataclass
class Session:
    base: str  # http://host:port (a server or the load balancer)
    index: int
    cookies: dict = field(default_factory=dict)
    view: int = 0
    first_s: float | None = None
    switches: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    reconnects: int = 0
    views_checked_after_reconnect: int = 0
    reconnect_s: list = field(default_factory=list)  # connection lost -> the same view shown again


def _title_of(fm) -> str | None:
    """The text of a page title (st.title -> a heading element) in a ForwardMsg, if it is one."""
    if fm.WhichOneof("type") != "delta" or fm.delta.WhichOneof("type") != "new_element":
        return None
    el = fm.delta.new_element
    if el.WhichOneof("type") == "heading" and el.heading.tag == "h1":
        import re

        # as a reader sees it (Markdown escapes)
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", el.heading.body)
    return None


async def _get_cookies(session: Session, query: str) -> None:
    def fetch():
        req = urllib.request.Request(f"{session.base}/?{query}", headers=_cookie_header(session))
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                session.cookies[name.strip()] = rest.split(";")[0]

    await asyncio.get_running_loop().run_in_executor(None, fetch)


def _cookie_header(session: Session) -> dict:
    return (
        {"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())}
        if session.cookies
        else {}
    )


async def _run_page(
    ws, query: str, expect: str, timeout: float, first: bool = False
) -> tuple[float, str | None, int]:
    """Ask for a run of the page at ``query``; on a connection's ``first`` run answer the map's
    "drawn" report like a browser (kart.js sends it once, when the map is first drawn); return
    (seconds until the whole page is there, the title seen, exceptions on the page)."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from kommunekart.web.map_component import protocol

    t0 = time.perf_counter()
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    await ws.send(msg.SerializeToString())
    title, errors, component, reported = None, 0, None, False
    while True:
        fm = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), timeout))
        kind = fm.WhichOneof("type")
        title = _title_of(fm) or title
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            if el.WhichOneof("type") == "exception":
                errors += 1
            elif (
                el.WhichOneof("type") == "bidi_component"
                and el.bidi_component.component_name == protocol.COMPONENT
            ):
                component = el.bidi_component.id
        if kind == "script_finished":
            # the first view: the map first, the rest once it is drawn
            if first and component and not reported:
                reported = True
                again = BackMsg()
                again.rerun_script.query_string = query
                again.rerun_script.page_script_hash = ""
                w = again.rerun_script.widget_states.widgets.add()
                w.id = _make_trigger_id(component, "events")
                w.json_trigger_value = json.dumps([{"event": protocol.READY, "value": True}])
                await ws.send(again.SerializeToString())
                continue
            return time.perf_counter() - t0, title, errors


async def run_session(
    session: Session,
    switches: int,
    pause_s: float,
    timeout: float = 60.0,
    started: asyncio.Event | None = None,
    hold: asyncio.Event | None = None,
    go: asyncio.Event | None = None,
) -> Session:
    """One visitor: the first view, then ``switches`` changes ``pause_s`` apart (with jitter); after
    ``started`` is set by every session the caller may stop a server; ``hold`` keeps the session
    open (and changing views) until it is set; ``go``: wait for it before the first change (every
    session
    open first, then the changes are measured under the load of all of them)."""
    import websockets

    rnd = random.Random(session.index)
    session.view = session.index % len(VIEWS)
    ws_url = session.base.replace("http://", "ws://") + "/_stcore/stream"
    done, dropped_at = 0, None
    while True:
        query, expect = VIEWS[session.view]
        try:
            if not session.cookies:
                await _get_cookies(session, query)
            async with websockets.connect(
                ws_url,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,
                additional_headers=_cookie_header(session),
            ) as ws:
                took, title, errors = await _run_page(ws, query, expect, timeout, first=True)
                if session.first_s is None:
                    session.first_s = took
                elif session.reconnects:
                    session.views_checked_after_reconnect += int(bool(title) and expect in title)
                    if dropped_at is not None:
                        session.reconnect_s.append(time.perf_counter() - dropped_at)
                        dropped_at = None
                if errors or not title or expect not in title:
                    session.errors.append(f"view {query}: title {title!r}, {errors} exceptions")
                if started is not None:
                    started.set()
                if go is not None:
                    await go.wait()
                while done < switches or (hold is not None and not hold.is_set()):
                    await asyncio.sleep(pause_s * (0.5 + rnd.random()))
                    session.view = (session.view + 1 + rnd.randrange(len(VIEWS) - 1)) % len(VIEWS)
                    query, expect = VIEWS[session.view]
                    took, title, errors = await _run_page(ws, query, expect, timeout)
                    session.switches.append(took)
                    done += 1
                    if errors or not title or expect not in title:
                        session.errors.append(
                            f"switch {query}: title {title!r}, {errors} exceptions"
                        )
                return session
        except Exception as err:
            import websockets.exceptions as wse

            if (
                isinstance(
                    err, (wse.ConnectionClosed, ConnectionRefusedError, OSError, wse.InvalidStatus)
                )
                and session.reconnects < 5
                and session.first_s is not None
            ):
                session.reconnects += 1  # as the frontend does: connect again and rerun the address
                dropped_at = dropped_at or time.perf_counter()  # the first failure of this outage
                await asyncio.sleep(0.5 + rnd.random())
                continue
            session.errors.append(f"{type(err).__name__}: {str(err)[:100]}")
            return session


def percentile(values, q: float):
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, max(0, int(round(q * len(values))) - 1))]


def rss_mb(pid: int) -> float:
    from pathlib import Path

    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seconds(v, decimals: int = 2) -> str:
    return "-" if v is None else f"{v:.{decimals}f} s"


def save_and_report(res: dict, name: str, report) -> dict:
    """Print the figures and keep them in bench/results/<name>.json."""
    from pathlib import Path

    report(res)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{name}.json").write_text(json.dumps(res, indent=2))
    return res

"""The one part of the SSB client that touches the network: a GET of a PxWebApi address, with SSB's
429 back-off, no redirect to another host, the answer read as a stream up to a size cap within a
time limit, and a Norwegian message (ImportProblem code) for every failure."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from kommunekart.base.errors import ImportProblem

TIMEOUT_S = 30  # per read from the socket
TOTAL_S = 120  # for the whole answer (a server that trickles bytes is stopped too)
# an answer is read as a stream and stopped here (SSB's largest, 800 000 cells, ~40 MB)
MAX_ANSWER_MB = 60


class _SameHost(urllib.request.HTTPRedirectHandler):
    """Redirects are followed only on the host that was asked (never to another server)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        from urllib.parse import urljoin, urlsplit

        if urlsplit(urljoin(req.full_url, newurl)).hostname != urlsplit(req.full_url).hostname:
            raise ImportProblem(
                "ssb.omdirigert", vert=str(urlsplit(urljoin(req.full_url, newurl)).hostname)[:60]
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(url: str, timeout: float):
    return urllib.request.build_opener(_SameHost()).open(url, timeout=timeout)


def read_capped(
    resp, limit_mb: float | None = None, total_s: float | None = None, clock=time.monotonic
) -> bytes:
    """The answer's body, read in pieces: stopped once it passes the size cap (before it is all in
    memory) or the time for the whole answer."""
    limit = int((limit_mb or MAX_ANSWER_MB) * 1024 * 1024)
    declared = getattr(resp, "headers", None) and resp.headers.get("Content-Length")
    if declared and str(declared).isdigit() and int(declared) > limit:
        raise ImportProblem(
            "ssb.for_stort_svar",
            mb=round(int(declared) / 1024 / 1024),
            grense=round(limit / 1024 / 1024),
        )
    deadline = clock() + (total_s or TOTAL_S)
    parts, size = [], 0
    while True:
        piece = resp.read(1 << 20)
        if not piece:
            return b"".join(parts)
        size += len(piece)
        if size > limit:
            raise ImportProblem(
                "ssb.for_stort_svar",
                mb=f"over {round(limit / 1024 / 1024)}",
                grense=round(limit / 1024 / 1024),
            )
        if clock() > deadline:
            raise ImportProblem("ssb.tidsavbrudd", sek=round(total_s or TOTAL_S))
        parts.append(piece)


def fetch_json(url: str, opener=None, sleep=time.sleep, retries: int = 3) -> str:
    """GET a URL, backing off on 429 (too many requests). Norwegian errors for everything else. No
    redirect to another host, the answer read as a stream up to MAX_ANSWER_MB within TOTAL_S. With
    KOMMUNEKART_OFFLINE=1 nothing is fetched (tests, air-gapped servers)."""
    import os

    from kommunekart.sources.mirror import OFFLINE_ENV

    if os.environ.get(OFFLINE_ENV) == "1":
        raise ImportProblem("ssb.av")
    opener = opener or _open
    for attempt in range(retries + 1):
        try:
            with opener(url, timeout=TIMEOUT_S) as resp:
                body = read_capped(resp)
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportProblem("ssb.ikke_utf8") from None
        except ImportProblem:
            raise
        except urllib.error.HTTPError as err:
            if err.code == 429 and attempt < retries:
                wait = (
                    float(err.headers.get("Retry-After", 2**attempt)) if err.headers else 2**attempt
                )
                sleep(min(wait, 30))
                continue
            if err.code == 404:
                raise ImportProblem("ssb.404") from None
            if err.code == 429:
                raise ImportProblem("ssb.429") from None
            if err.code in (400, 403, 413):
                raise ImportProblem("ssb.avvist", http=err.code) from None
            raise ImportProblem("ssb.feil", http=err.code) from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise ImportProblem(
                "ssb.ingen_kontakt", feil=str(getattr(err, "reason", err))[:80]
            ) from None
        except ValueError:  # http.client.InvalidURL and the like: the address itself
            raise ImportProblem("ssb.adresse_tegn") from None
    raise ImportProblem("ssb.ga_opp")

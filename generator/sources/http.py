"""Polite HTTP for the scholarly services: rate limits, a descriptive User-Agent, an on-disk cache, retries.

Every answer a service gave is kept in the cache (`.paper-archive-cache/<service>/<hash>.json`: the URL,
the day it was fetched, the status and the body), so a second run asks nobody and gives the same bytes.
Failures (timeouts, 429, 5xx) are retried with backoff, honouring Retry-After, and never cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from .. import __version__

CONTACT_VARIABLE = "PAPER_ARCHIVE_CONTACT"
DEFAULT_CACHE = Path(".paper-archive-cache")
RETRY_STATUSES = {429, 500, 502, 503, 504}
LONGEST_WAIT = 120.0  # a Retry-After longer than this is reported, not slept through


class ServiceError(Exception):
    """A service could not answer (network down, timeout, an error status after retries)."""


class ConfigurationError(ServiceError):
    """Something the user must set before the network may be used (the contact address)."""


class TransportTimeout(Exception):
    """The request took longer than the timeout."""


class TransportFailure(Exception):
    """The request never got an answer (DNS, refused connection, reset)."""


@dataclass(frozen=True)
class RawResponse:
    """What came back over the wire."""

    status: int
    headers: dict[str, str]
    body: str


class Transport(Protocol):
    """Sends one GET; raises TransportTimeout / TransportFailure when there is no answer."""

    def __call__(self, url: str, headers: dict[str, str], timeout: float) -> RawResponse: ...


@dataclass(frozen=True)
class Answer:
    """A service's answer as the sources use it: where from, which day, status and body."""

    url: str
    fetched: str  # YYYY-MM-DD, the day the service gave this answer (kept in the cache)
    status: int
    body: str
    from_cache: bool = False


@dataclass(frozen=True)
class Service:
    """A service's name (its cache folder) and the pause its operators ask for between requests."""

    name: str
    label: str  # how messages name it: 'arXiv API'
    interval: float  # seconds between two requests
    cacheable: frozenset[int] = frozenset({200})  # statuses that are answers, not failures


def requests_transport(url: str, headers: dict[str, str], timeout: float) -> RawResponse:
    """The real network, through requests."""
    import requests  # only a run that goes to the network needs it

    try:
        response = requests.get(url, headers=headers, timeout=timeout)
    except requests.Timeout as error:
        raise TransportTimeout(str(error)) from error
    except requests.RequestException as error:
        raise TransportFailure(str(error)) from error
    response.encoding = response.encoding or "utf-8"
    return RawResponse(response.status_code, dict(response.headers), response.text)


def contact_from_environment() -> str | None:
    """The contact address services are told about: $PAPER_ARCHIVE_CONTACT (an e-mail or URL)."""
    value = os.environ.get(CONTACT_VARIABLE, "").strip()
    return value or None


def user_agent(contact: str) -> str:
    """'paper-archive/0.1.0 (metadata enrichment; mailto:you@example.org)': who asks and how to reach them."""
    reach = contact if "://" in contact or contact.startswith("mailto:") else f"mailto:{contact}"
    return f"paper-archive/{__version__} (static research-paper archive; metadata enrichment; {reach})"


def _retry_after(headers: dict[str, str]) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds form; an HTTP date is read as 'a while')."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return LONGEST_WAIT / 2


class Fetcher:
    """GETs through the cache, one service's rate limit at a time, with retries and backoff."""

    def __init__(self, cache_dir: Path = DEFAULT_CACHE, contact: str | None = None, *,
                 transport: Transport = requests_transport, offline: bool = False, attempts: int = 3,
                 backoff: float = 2.0, timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.cache_dir = cache_dir
        self.contact = contact
        self.transport = transport
        self.offline = offline
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.today = today
        self.last_request: dict[str, float] = {}
        self.requests_sent = 0
        self.cache_hits = 0

    def cache_path(self, service: Service, url: str) -> Path:
        """Where the answer to a URL is kept."""
        return self.cache_dir / service.name / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:40]}.json"

    def get(self, service: Service, url: str, extra_headers: dict[str, str] | None = None) -> Answer:
        """The service's answer to a URL, from the cache when it has been asked before."""
        path = self.cache_path(service, url)
        if path.is_file():
            kept = json.loads(path.read_text("utf-8"))
            self.cache_hits += 1
            return Answer(kept["url"], kept["fetched"], kept["status"], kept["body"], from_cache=True)
        if self.offline:
            raise ServiceError(f"{service.label}: not in the cache and --offline was given ({url})")
        if not self.contact:
            raise ConfigurationError(
                f"{service.label}: set {CONTACT_VARIABLE}=you@example.org (or --contact) before looking papers up: "
                "the services ask every client to say who it is and how to reach them")
        raw = self._send_with_retries(service, url, extra_headers or {})
        answer = Answer(url, self.today().isoformat(), raw.status, raw.body)
        self._keep(path, answer)
        return answer

    def _wait_turn(self, service: Service) -> None:
        """Sleep until the service's interval since our last request to it has passed."""
        last = self.last_request.get(service.name)
        if last is not None:
            pause = last + service.interval - self.clock()
            if pause > 0:
                self.sleep(pause)
        self.last_request[service.name] = self.clock()

    def _send_with_retries(self, service: Service, url: str, extra_headers: dict[str, str]) -> RawResponse:
        headers = {"User-Agent": user_agent(self.contact or ""), "Accept": "*/*", **extra_headers}
        problem = ""
        for attempt in range(self.attempts):
            self._wait_turn(service)
            self.requests_sent += 1
            wait = self.backoff * (2 ** attempt)
            try:
                raw = self.transport(url, headers, self.timeout)
            except TransportTimeout:
                problem = f"no answer within {self.timeout:g} s (timeout)"
            except TransportFailure as error:
                problem = f"network failure: {error}"
            else:
                if raw.status in service.cacheable:
                    return raw
                if raw.status not in RETRY_STATUSES:
                    raise ServiceError(f"{service.label}: HTTP {raw.status} for {url}: {raw.body[:200].strip()}")
                asked = _retry_after(raw.headers)
                problem = f"HTTP {raw.status}" + (f" (Retry-After: {asked:g} s)" if asked is not None else "")
                if asked is not None:
                    if asked > LONGEST_WAIT:
                        raise ServiceError(f"{service.label}: {problem}, longer than we wait; run again later")
                    wait = max(wait, asked)
            if attempt + 1 < self.attempts:
                self.sleep(wait)
        raise ServiceError(f"{service.label}: {problem} after {self.attempts} attempts ({url}); run again later")

    def _keep(self, path: Path, answer: Answer) -> None:
        """Write an answer to the cache atomically (a killed run never leaves half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"url": answer.url, "fetched": answer.fetched, "status": answer.status, "body": answer.body}
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(record, stream, ensure_ascii=False, indent=1)
        os.replace(temporary, path)

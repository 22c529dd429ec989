"""The one way out of a grading: a forward proxy that reaches the course's package indexes and nothing else.

Builds and containers of a grading sit on internal networks whose bridge has no address on the engine's host
(``inhibit_ipv4``): no route leads to the host, its other networks, the cloud metadata endpoint or the internet.
The proxy (squid, in a container dockgrade starts once per process and engine) joins each of those networks
under the name ``dockgrade-egress`` and has one ordinary network of its own to go out by. It lets through the
package indexes (``package_indexes``) and refuses everything else; builds and containers get ``HTTP_PROXY``
and friends, and a tool that ignores them simply has no route. Its refusals are read back to explain a failed
check. It is also the confined containers' DNS server for names the engine does not know (dnsmasq: "no such name"
at once, nothing forwarded), lends published ports to the relays (``relay``) and owns the process's stand-in for
the default bridge. On by default; ``DOCKGRADE_EGRESS=off`` leaves containers the engine's usual networks.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import ipaddress
import os
import re
import subprocess
import tarfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import docker
import jinja2
import requests
from docker.errors import APIError, NotFound
from docker.models.containers import Container
from docker.models.networks import Network
from docker.types import LogConfig

from dockgrade.core import messages
from dockgrade.core.errors import ExerciseConfigError, GraderError, StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits
from dockgrade.core.settings import Settings
from dockgrade.runtime import egress_image, endpoints, grader_exec, image_indexes, package_indexes

ALIAS = "dockgrade-egress"
PORT = 3128
LABEL_ROLE = "dockgrade.role"
INHIBIT_IPV4 = "com.docker.network.bridge.inhibit_ipv4"
# A bridge with no address on the engine's host: no route from the network to the host or beyond it.
INTERNAL_ONLY = {INHIBIT_IPV4: "true"}
_CONFIG_PATH = "/etc/squid/dockgrade.conf"
_ACCESS_LOG = "/var/log/squid/access.log"
_CACHE_LOG = "/var/log/squid/cache.log"
_LISTENING = "Accepting HTTP Socket connections"
_LOG_LINES = 2000
READ_AHEAD_AFTER_S = 3.0
_READY_SECONDS = 20.0
# Ports of the proxy container, published when it starts, that it lends to the relays of containers on internal
# networks (which publish nothing): a relay is then one exec (~0.05 s), not a container of its own (~0.5 s to start
# and remove). Each costs ~0.04 s when the proxy goes; the course's references never have more than two lent at
# once (measured over a whole run), and past these relay.py starts a container.
RELAY_SLOTS = tuple(range(20000, 20004))
_LOG_LINE = re.compile(r"^dockgrade-egress (\d+) (\S+) (\S+)/(\d+) (\S+) (\S+)$")
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("dockgrade", "templates"), undefined=jinja2.StrictUndefined, autoescape=False
)


@dataclass(frozen=True)
class Refusal:
    """One request the proxy refused: when, from which container address, and what it asked for."""

    when: float
    client: str
    method: str
    target: str
    machine: bool = False  # the address is one of the grading machine's own (a bridge gateway, an interface)

    @property
    def host(self) -> str:
        """The name or address asked for (``host:port`` of a CONNECT, the URL's host otherwise)."""
        if "://" in self.target:
            return urlsplit(self.target).hostname or self.target
        return self.target.rsplit(":", 1)[0].strip("[]")

    def reason(self) -> str:
        """Why it was refused, in the student's language."""
        try:
            address = ipaddress.ip_address(self.host)
        except ValueError:
            return messages.text("egress.reason_unlisted")
        if self.machine or address.is_loopback or address.is_link_local:
            return messages.text("egress.reason_machine")
        if address.is_private or address in ipaddress.ip_network("100.64.0.0/10"):
            return messages.text("egress.reason_private")
        return messages.text("egress.reason_unlisted")

    def shown(self) -> str:
        """``GET http://… (why)`` for the student."""
        return f"{self.method} {self.target[:120]} ({self.reason()})"


def enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """True unless switched off (``DOCKGRADE_EGRESS=off``: an engine that cannot do it, or a grading whose
    students are trusted and whose machine holds nothing worth protecting)."""
    return Settings.from_environment(environ).egress


class Egress:
    """The proxy container and its outside network, shared by every sandbox of this process on one engine."""

    def __init__(self, client: docker.DockerClient, labels: Mapping[str, str], name: str) -> None:
        self.client = client
        self.labels = {**labels, LABEL_ROLE: "egress"}
        self.name = name
        self.outside: Network | None = None
        self.bridge: Network | None = None
        self.proxy: Container | None = None
        self.never: frozenset[str] = frozenset()
        self.hosts: frozenset[str] = frozenset()
        self._addresses: dict[str, str] = {}
        self._free_slots = list(RELAY_SLOTS)
        self._lock = threading.Lock()
        self._reading_rest: threading.Thread | None = None
        self._closing = threading.Event()

    @property
    def url(self) -> str:
        """The proxy's address as every container on an internal network reaches it."""
        return f"http://{ALIAS}:{PORT}"

    def start(self, hosts: Callable[[], Iterable[str]], images: Iterable[str] = ()) -> None:
        """Create the outside network, the stand-in for the default bridge (nearly every grading builds or runs
        something there) and the proxy, letting through ``hosts()`` and what ``images`` (course images gradings
        asked for before it started) are configured for; return once it accepts connections.

        The other course images the engine has, and the proxy's own parent, are read afterwards in the
        background (~0.7 s that no check waits for): ``learn``, called before a grading uses a course image,
        waits for that image's read (or reads it) and lets its hosts through before anything can fetch.
        """
        asked = list(dict.fromkeys(images))
        with ThreadPoolExecutor(max_workers=3, thread_name_prefix="dockgrade-egress-read") as pool:
            listed = pool.submit(hosts)  # the machine's configuration: pip and npm answer in ~0.15 s
            reading = pool.submit(image_indexes.hosts_of, self.client, asked, self.labels)
            bridge = pool.submit(self._create_bridge)
            image = egress_image.ensure(self.client)
            self.outside = self.client.networks.create(f"{self.name}-out", driver="bridge", labels=self.labels)
            self.never = frozenset(self._never())
            bridge.result()
            self.hosts = frozenset([*listed.result(), *reading.result()])
        config = render_config(self.hosts, self.never)
        lent: dict[str, Any] = {f"{slot}/tcp": (endpoints.publish_ip(), None) for slot in RELAY_SLOTS}
        proxy = self.client.containers.create(
            image,
            name=self.name,
            labels=self.labels,
            network=self.outside.name,
            ports=lent,
            init=True,  # reaps the relays' forwarders once they are stopped
            mem_limit="256m",
            pids_limit=256,
            log_config=LogConfig(type="json-file", config={"max-size": "8m", "max-file": "2"}),
        )
        assert self.bridge is not None
        self.bridge.connect(proxy, aliases=[ALIAS])  # before its start: one start sets up both networks
        _write_config(proxy, config)
        proxy.start()
        proxy.reload()
        self.proxy = proxy
        self._note_address(self.bridge)
        self._wait_ready()
        self._reading_rest = threading.Thread(
            target=self._learn_present, args=(asked,), name="dockgrade-egress-read", daemon=True
        )
        self._reading_rest.start()

    def _learn_present(self, asked: list[str]) -> None:
        """Let through what the course images the engine already has are configured for (see ``start``), once the
        session has lasted ``READ_AHEAD_AFTER_S``: a session of one or two checks ends first and reads nothing (the
        reads' containers would slow its checks, for images it most likely never uses)."""
        if self._closing.wait(READ_AHEAD_AFTER_S):
            return
        # A failure here only loses the head start: ``learn`` reads and allows the image again before its use.
        with contextlib.suppress(APIError, GraderError, requests.RequestException):
            present = image_indexes.present(self.client)
            wanted = [name for name in [egress_image.PARENT, *present] if name not in asked]
            self.allow(image_indexes.hosts_of(self.client, wanted, self.labels, stop=self._closing))

    def allow(self, hosts: Iterable[str]) -> None:
        """Let ``hosts`` through too: the proxy's configuration rewritten and reloaded when it lacks one."""
        with self._lock:
            wanted = self.hosts | frozenset(host for host in hosts if package_indexes.is_host(host))
            if self.proxy is None or self._closing.is_set() or wanted == self.hosts:
                return
            self.hosts = wanted
            reloads = self._reloads()
            _write_config(self.proxy, render_config(wanted, self.never))
            self.proxy.kill(signal="SIGHUP")  # docker-init hands it to squid: reconfigure, connections kept
            self._wait_reloaded(reloads)

    def borrow_slots(self, count: int) -> list[int]:
        """``count`` of the proxy's lent ports, or none when fewer are free."""
        with self._lock:
            if self.proxy is None or count > len(self._free_slots):
                return []
            taken, self._free_slots = self._free_slots[:count], self._free_slots[count:]
            return taken

    def give_back(self, slots: Iterable[int]) -> None:
        """Lent ports free again (last in line, so a port just given back is the last one lent again)."""
        with self._lock:
            self._free_slots.extend(slots)

    def slot_bindings(self, slot: int) -> list[dict[str, str]]:
        """Where the engine published one lent port: ``[{"HostIp": …, "HostPort": …}]``."""
        ports = ((self.proxy.attrs if self.proxy else {}).get("NetworkSettings") or {}).get("Ports") or {}
        return list(ports.get(f"{slot}/tcp") or [])

    def outside_address(self) -> str:
        """The proxy's address on its own network: the only one its lent ports listen on."""
        networks = ((self.proxy.attrs if self.proxy else {}).get("NetworkSettings") or {}).get("Networks") or {}
        return str((networks.get(self.outside.name if self.outside else "") or {}).get("IPAddress") or "")

    def attach(self, network: Network) -> None:
        """Make the proxy reachable as ``dockgrade-egress`` on ``network`` (and its DNS server, by address)."""
        if self.proxy is not None:
            with self._lock:
                network.connect(self.proxy, aliases=[ALIAS])
                self.proxy.reload()
                self._note_address(network)

    def _note_address(self, network: Network) -> None:
        """Remember the proxy's address on ``network`` (its attributes read since it joined)."""
        found = ((self.proxy.attrs if self.proxy else {}).get("NetworkSettings") or {}).get("Networks") or {}
        address = str((found.get(str(network.name)) or {}).get("IPAddress") or "")
        if address:
            self._addresses[str(network.name)] = address

    def default_bridge(self) -> Network:
        """The stand-in for the engine's default bridge, shared by every grading of this process as the real one
        is shared by every container: internal, the proxy on it, created and removed with the proxy."""
        if self.bridge is None:
            raise GraderError("the egress proxy is not running")
        return self.bridge

    def _create_bridge(self) -> None:
        # Kept at once: a start failing later still removes it.
        self.bridge = self.client.networks.create(
            f"{self.name}-bridge", driver="bridge", internal=True, options=INTERNAL_ONLY, labels=self.labels
        )

    def resolver(self, network: str) -> str | None:
        """The proxy's address on ``network``: the DNS server that says "no such name" at once (None if not on it).

        A name neither the engine's DNS nor the proxy knows then fails as fast as on an ordinary bridge.
        """
        return self._addresses.get(network)

    def detach(self, network: Network) -> None:
        """Leave ``network`` (before it is removed); a network already gone is fine."""
        if self.proxy is not None:
            self._addresses.pop(str(network.name), None)
            with contextlib.suppress(APIError, NotFound):
                network.disconnect(self.proxy, force=True)

    def environment(self, no_proxy: Iterable[str] = ()) -> dict[str, str]:
        """The proxy variables for a container (both spellings: tools read one or the other)."""
        bypass = ",".join(dict.fromkeys(["localhost", "127.0.0.1", "::1", *no_proxy]))
        values = {"HTTP_PROXY": self.url, "HTTPS_PROXY": self.url, "NO_PROXY": bypass}
        return {**values, **{key.lower(): value for key, value in values.items()}}

    def refusals(self, since: float, until: float | None = None) -> list[Refusal]:
        """Requests the proxy refused between ``since`` and ``until`` (epoch seconds)."""
        if self.proxy is None:
            return []
        # The file itself, not ``docker logs``: its copy to stdout lags, and a check failing right after a
        # container's last request would miss it.
        try:
            _code, raw = grader_exec.run(self.proxy, ["tail", "-n", str(_LOG_LINES), _ACCESS_LOG], limits=Limits())
        except (APIError, NotFound, StepTimedOut, TooMuchOutput):
            return []
        found = [parse_log_line(line, self.never) for line in raw.splitlines()]
        end = until if until is not None else time.time() + 1
        return [r for r in found if r is not None and since - 1 <= r.when <= end]

    def close(self) -> None:
        """Remove the proxy and its networks, the background reads stopped first (a short session does not wait for
        them: nothing needs what they would learn now)."""
        self._closing.set()  # from now on no read starts and no reload is waited for
        _side_by_side(self._end_reads, self._remove_proxy)
        self.proxy = self.outside = self.bridge = None

    def _end_reads(self) -> None:
        if self._reading_rest is not None:
            if self._reading_rest.is_alive():
                self._stop_reads()
            self._reading_rest.join()

    def _remove_proxy(self) -> None:
        if self.proxy is not None:
            _remove_container(self.proxy)
        networks = [network for network in (self.bridge, self.outside) if network is not None]
        _side_by_side(*(functools.partial(_remove_network, network) for network in networks))

    def _stop_reads(self) -> None:
        """Remove the containers the background reads are running (each read then ends at once, learning nothing)."""
        mine = [f"{key}={value}" for key, value in self.labels.items()]
        with contextlib.suppress(APIError, requests.RequestException):
            for container in self.client.containers.list(all=True, sparse=True, filters={"label": mine}):
                if self.proxy is None or container.id != self.proxy.id:
                    _remove_container(container)

    def _never(self) -> list[str]:
        """Addresses no allowed name may lead to: the engine host's bridges and this machine's own addresses."""
        gateways = [address for network in self.client.networks.list() for address in gateways_of(network.attrs)]
        return sorted({address for address in [*gateways, *_local_addresses()] if package_indexes.is_address(address)})

    def _reloads(self) -> int:
        """How many times squid has (re)opened its port, by its own log."""
        assert self.proxy is not None
        words = ["grep", "-c", _LISTENING, _CACHE_LOG]
        try:
            return int(grader_exec.run(self.proxy, words, limits=Limits())[1].strip() or 0)
        except (APIError, NotFound, StepTimedOut, TooMuchOutput, ValueError):
            return 0

    def _wait_reloaded(self, before: int) -> None:
        deadline = time.monotonic() + _READY_SECONDS
        while time.monotonic() < deadline:
            if self._closing.is_set() or self._reloads() > before:
                return
            time.sleep(0.05)
        raise GraderError(f"the egress proxy did not reload its configuration within {_READY_SECONDS:g}s")

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _READY_SECONDS
        probe = ["socat", "-u", "OPEN:/dev/null", f"TCP:127.0.0.1:{PORT}"]
        while time.monotonic() < deadline:
            if self.proxy is not None and grader_exec.run(self.proxy, probe, limits=Limits())[0] == 0:
                return
            time.sleep(0.1)
        raise GraderError(f"the egress proxy did not start within {_READY_SECONDS:g}s")


def render_config(hosts: Iterable[str], never: Iterable[str]) -> str:
    """squid's configuration: listed hosts allowed, the ``never`` addresses refused whatever name leads there."""
    listed = sorted(host for host in hosts if package_indexes.is_host(host))
    if not listed:
        listed = ["dockgrade.invalid"]  # squid needs one entry; nothing resolves under .invalid
    blocked = sorted(address for address in never if package_indexes.is_address(address))
    return _TEMPLATES.get_template("squid.conf.j2").render(port=PORT, hosts=listed, never=blocked)


_SHARED: dict[str, Egress] = {}
_SHARED_LOCK = threading.Lock()
# The course images each engine's gradings have asked for, read when its egress starts (``learn``).
_IMAGES: dict[str, set[str]] = {}


def shared(client: docker.DockerClient, labels: Mapping[str, str], name: str) -> Egress | None:
    """This process's egress on ``client``'s engine, started on first use; None when switched off."""
    if not enabled():
        return None
    key = str(client.api.base_url)
    with _SHARED_LOCK:
        if key not in _SHARED:
            egress = Egress(client, labels, name)
            try:
                egress.start(package_indexes.allowed_hosts, sorted(_IMAGES.get(key, ())))
            except ExerciseConfigError:  # the instructor's list: their words say what to fix
                egress.close()
                raise
            except Exception as error:
                egress.close()
                raise GraderError(messages.text("egress.not_started", error=str(error)[:300])) from error
            _SHARED[key] = egress
            atexit.register(egress.close)
        return _SHARED[key]


def learn(client: docker.DockerClient, reference: str) -> None:
    """A grading uses course image ``reference`` on ``client``'s engine: the egress lets through what it is
    configured for, now if it runs, when it starts otherwise (the image resolver calls this)."""
    if not enabled() or not image_indexes.is_read(reference):
        return
    key = str(client.api.base_url)
    with _SHARED_LOCK:  # either the start to come reads it, or the egress already there learns it
        seen = _IMAGES.setdefault(key, set())
        if reference in seen:
            return
        seen.add(reference)
        egress = _SHARED.get(key)
    if egress is not None:
        egress.allow(image_indexes.hosts(client, reference, egress.labels))


def started() -> list[Egress]:
    """Every egress this process has started (for reading refusals back)."""
    return list(_SHARED.values())


def refusal_note(since: float, shown: int = 3) -> str:
    """The student's sentence on what the proxies of this process refused since ``since`` ("" if nothing)."""
    refused = [refusal for egress in started() for refusal in egress.refusals(since)]
    unique = list(dict.fromkeys(refusal.shown() for refusal in refused))
    if not unique:
        return ""
    more = f" (+{len(unique) - shown})" if len(unique) > shown else ""
    return messages.text("egress.refused", refused="; ".join(unique[:shown]) + more)


def close_all() -> None:
    """Remove every egress this process started."""
    with _SHARED_LOCK:
        for egress in _SHARED.values():
            egress.close()
        _SHARED.clear()


def parse_log_line(line: str, machine: frozenset[str] = frozenset()) -> Refusal | None:
    """The refusal an access-log line records (None for a request let through or another line)."""
    match = _LOG_LINE.match(line.strip())
    if not match or not match.group(3).endswith("DENIED"):
        return None
    when, client, _status, _code, method, target = match.groups()
    refusal = Refusal(float(when), client, method, target)
    return replace(refusal, machine=refusal.host in machine)


def gateways_of(network: Mapping[str, object]) -> list[str]:
    """The gateway addresses of a network's ``docker network inspect``. An engine may leave ``Gateway`` out (the
    default bridge of a dockerd started without ``--bip`` shows only its subnet); it is then the subnet's first
    address, the one the engine gives its bridge."""
    ipam = network.get("IPAM")
    configs = (ipam.get("Config") if isinstance(ipam, dict) else None) or []
    found = []
    for config in configs:
        gateway = str(config.get("Gateway") or "").split("/")[0]
        if not gateway and config.get("Subnet"):
            with contextlib.suppress(ValueError):
                gateway = str(next(ipaddress.ip_network(str(config["Subnet"]), strict=False).hosts()))
        if package_indexes.is_address(gateway):
            found.append(gateway)
    return found


def _local_addresses() -> list[str]:
    """This machine's interface addresses (Linux ``ip``); elsewhere the engine's gateways are what there is."""
    try:
        done = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [word.split("/")[0] for line in done.stdout.splitlines() for word in line.split()[3:4]]


def _side_by_side(*tasks: Callable[[], None]) -> None:
    """Run ``tasks`` at once and wait for them all. Plain threads, not an executor: ``close`` may run from
    ``atexit``, when an executor refuses new work (and a Python that refuses new threads then runs them in turn)."""
    started = []
    for task in tasks:
        thread = threading.Thread(target=task, name="dockgrade-egress-close")
        try:
            thread.start()
        except RuntimeError:
            task()
            continue
        started.append(thread)
    for thread in started:
        thread.join()


def _remove_network(network: Network) -> None:
    with contextlib.suppress(APIError, NotFound):
        network.remove()


def _remove_container(container: Container) -> None:
    with contextlib.suppress(APIError, NotFound):
        container.remove(force=True)


def _write_config(proxy: Container, config: str) -> None:
    """Put squid's configuration where the image's ``egress`` script starts squid with it."""
    folder, _, name = _CONFIG_PATH.rpartition("/")
    proxy.put_archive(folder, _tar(name, config.encode()))


def _tar(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()

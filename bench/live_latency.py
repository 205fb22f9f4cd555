"""Live latency: one referee changes a sheet; how long until every /live client sees it?

Starts ``zharys serve`` in its own process on a fresh demo event, connects N Socket.IO clients
to ``/live`` and one referee tablet to ``/referee`` (signed in by join code, as a real tablet),
then sends score changes at a steady rate. Every change gets a distinct total, so each client
can tell which change a ``score.live`` message carries. Latency = the moment a client's handler
runs minus the moment the referee emitted the change, both on this process's monotonic clock.

    python bench/live_latency.py --clients 200 --changes 100 --rate 10

Prints percentiles, and as its last line one JSON object with clients, p50_ms, p95_ms, p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(instance: Path) -> dict[str, str]:
    """Seed the demo event in a fresh instance folder and make join codes for the tablets."""
    env = {**os.environ, "ZHARYS_INSTANCE": str(instance),
           "ZHARYS_DATABASE_URL": f"sqlite:///{instance / 'bench.sqlite3'}"}
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from tournament.accounts import Actor
    from tournament.demo import seed_demo
    from web import create_app

    app = create_app()
    venue = app.extensions["zharys"]
    seed_demo(venue)
    codes = {
        "referee": venue.create_join_code(Actor.system(), "referee", 1, "red", "bench referee"),
        "scorekeeper": venue.create_join_code(Actor.system(), "scorekeeper", 1, None, "bench"),
    }
    venue.db.dispose()
    return {**codes, **{k: v for k, v in env.items() if k.startswith("ZHARYS_")}}


async def signed_in_cookie(base: str, code: str) -> str:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{base}/join/{code}", allow_redirects=False) as resp:
            assert resp.status in (302, 303), f"join failed: HTTP {resp.status}"
        return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)


class LiveClient(asyncio.Protocol):
    """A minimal Socket.IO client of ``/live``: a raw websocket (RFC 6455) on an asyncio
    protocol, speaking engine.io v4 framing.

    It stamps each chunk of bytes the moment the event loop hands it over, keeps the frames
    it cares about as bytes, and leaves JSON decoding until the run is over. 200 clients share
    one process (and the server's two cores), where in the venue each screen is its own device:
    a heavier client would spend the cores the server needs and measure its own queue, not the
    server's delivery.
    """

    def __init__(self, base: str):
        host, _, port = base.split("://", 1)[1].partition(":")
        self.host, self.port = host, int(port)
        self.frames: list[tuple[float, bytes]] = []
        self.buffer = bytearray()
        self.upgraded = False
        self.transport: asyncio.Transport | None = None

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        self.opened, self.ready = loop.create_future(), loop.create_future()
        await loop.create_connection(lambda: self, self.host, self.port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.transport.write(
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n\r\n".encode())
        await asyncio.wait_for(self.opened, 20)
        self.send('40/live,{"since":null}')
        await asyncio.wait_for(self.ready, 20)

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        at = time.perf_counter()
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            head, sep, _ = bytes(buffer).partition(b"\r\n\r\n")
            if not sep:
                return
            if not head.startswith(b"HTTP/1.1 101"):
                raise ConnectionError(f"websocket upgrade refused: {head[:40]!r}")
            del buffer[:len(head) + 4]
            self.upgraded = True
        while len(buffer) >= 2:
            size, start = buffer[1] & 0x7F, 2
            if size == 126:
                size, start = int.from_bytes(buffer[2:4], "big"), 4
            elif size == 127:
                size, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + size:
                return
            opcode, payload = buffer[0] & 0x0F, bytes(buffer[start:start + size])
            del buffer[:start + size]
            if opcode == 1:
                self.on_text(at, payload)
            elif opcode == 9:  # websocket ping
                self.send(payload.decode(), opcode=10)

    def on_text(self, at: float, payload: bytes) -> None:
        if payload.startswith(b'42/live,["score.live"'):
            self.frames.append((at, payload))
        elif payload == b"2":  # engine.io ping
            self.send("3")
        elif payload.startswith(b"0"):
            self.opened.done() or self.opened.set_result(True)
        elif payload.startswith(b"40/live,"):
            self.ready.done() or self.ready.set_result(True)

    def send(self, text: str, opcode: int = 1) -> None:
        """One masked frame (a client must mask); the messages sent are all short."""
        data, mask = text.encode(), os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.transport.write(bytes((0x80 | opcode, 0x80 | len(data))) + mask + masked)

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def listen(base: str, count: int, ready, stop, out) -> None:
    """A worker process: ``count`` /live clients; reports (arrival, total) per score.live."""
    asyncio.run(_listen(base, count, ready, stop, out))


async def _listen(base: str, count: int, ready, stop, out) -> None:
    clients = [LiveClient(base) for _ in range(count)]
    # Connect in batches, spread over about 4 s: the server's accept queue is not flooded,
    # and the clients' engine.io heartbeats (every 25 s) do not all fall on one moment, as
    # screens switched on one by one at a venue.
    for i in range(0, len(clients), 25):
        await asyncio.gather(*(c.connect() for c in clients[i:i + 25]))
        await asyncio.sleep(4.0 * 25 / max(len(clients), 25))
    # A client process's garbage collection would stamp arrivals late; in the venue every
    # screen is its own device, so the measurement runs without it.
    gc.collect()
    gc.freeze()
    gc.disable()
    ready.put(count)
    while not stop.is_set():
        await asyncio.sleep(0.05)
    arrivals = []
    for client in clients:
        for at, frame in client.frames:
            event = json.loads(frame[frame.index(b"["):])
            arrivals.append((at, event[1]["payload"]["red"]["total"]))
    out.put(arrivals)
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def referee_run(args: argparse.Namespace, base: str, codes: dict[str, str]
                      ) -> tuple[dict[int, float], list[bool]]:
    """Load a match as the scorekeeper, then send the score changes as the red referee."""
    sent: dict[int, float] = {}
    keeper = socketio.AsyncClient(reconnection=False)
    await keeper.connect(base, namespaces=["/control"], transports=["websocket"],
                         headers={"Cookie": await signed_in_cookie(base, codes["scorekeeper"])})
    ack = await keeper.call("match.command", {"field": 1, "command": "load"},
                            namespace="/control", timeout=10)
    assert ack.get("ok"), ack
    ack = await keeper.call("match.command", {"field": 1, "command": "live_score",
                                              "enabled": True}, namespace="/control")
    assert ack.get("ok"), ack
    referee = socketio.AsyncClient(reconnection=False)
    await referee.connect(base, namespaces=["/referee"], transports=["websocket"],
                          headers={"Cookie": await signed_in_cookie(base, codes["referee"])})
    # The loaded match's id, from a fresh /live snapshot.
    probe = socketio.AsyncClient(reconnection=False)
    got = asyncio.get_running_loop().create_future()
    probe.on("snapshot", lambda d: got.done() or got.set_result(d), namespace="/live")
    await probe.connect(base, namespaces=["/live"], transports=["websocket"])
    match = (await asyncio.wait_for(got, 10))["fields"][0]["match"]["id"]
    await probe.disconnect()
    await asyncio.sleep(0.5)

    interval = 1.0 / args.rate
    acks = []
    for i in range(1, args.changes + 1):
        # Net samples are worth 2 and high specimens 10, so change i (net i % 5, specimens
        # i // 5) gives red a total no other change gives: each message names its change.
        net, specimens = i % 5, i // 5
        body = {"key": str(uuid.uuid4()), "match_id": match, "alliance": "red",
                "data": {"autoSampleNet": net, "autoSpecimenHigh": specimens}}
        total = 2 * net + 10 * specimens
        sent[total] = time.perf_counter()
        ack = await referee.call("sheet.submit", body, namespace="/referee", timeout=10)
        acks.append(bool(ack.get("ok")))
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - sent[total])))
    await asyncio.sleep(1.0)  # far longer than any delivery takes
    for c in (keeper, referee):
        try:
            await asyncio.wait_for(c.disconnect(), 0.2)
        except (TimeoutError, Exception):
            pass
    return sent, acks


def start_listeners(args: argparse.Namespace, base: str):
    """``args.clients`` /live clients spread over ``args.procs`` worker processes, connected;
    returns the workers, the queue each puts its arrivals on, and the event that stops them."""
    ctx = multiprocessing.get_context("spawn")
    ready, out, stop = ctx.Queue(), ctx.Queue(), ctx.Event()
    shares = [args.clients // args.procs + (1 if i < args.clients % args.procs else 0)
              for i in range(args.procs)]
    workers = [ctx.Process(target=listen, args=(base, n, ready, stop, out), daemon=True)
               for n in shares if n]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get(timeout=120)
    return workers, out, stop


def run(args: argparse.Namespace, base: str, codes: dict[str, str]) -> dict:
    """Clients in ``--procs`` worker processes (screens are separate devices in a venue, so
    one process parsing every client's frames in turn would measure itself); the referee here.
    Arrival and send times are both ``time.perf_counter``, one system-wide monotonic clock."""
    workers, out, stop = start_listeners(args, base)
    sent, acks = asyncio.run(referee_run(args, base, codes))
    stop.set()
    arrivals = [a for _ in workers for a in out.get(timeout=60)]
    for w in workers:
        w.join(timeout=10)

    samples = []
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for at, total in arrivals:
        start = sent.get(total)
        if start is not None:
            samples.append((at - start) * 1000)
            first[total] = min(first.get(total, at), at)
            last[total] = max(last.get(total, at), at)
    spreads = sorted((last[t] - first[t]) * 1000 for t in first)
    if os.environ.get("BENCH_DEBUG"):
        for t in sorted(first, key=lambda t: sent[t]):
            print(f"change total={t}: first {(first[t] - sent[t]) * 1000:.1f} ms, "
                  f"last {(last[t] - sent[t]) * 1000:.1f} ms", file=sys.stderr)
    return {"samples": samples, "expected": args.clients * args.changes,
            "acks_ok": all(acks), "spread_p50_ms": round(percentile(spreads, 0.5), 2)}


@contextlib.contextmanager
def serving(codes: dict[str, str], **extra_env: str):
    """``zharys serve`` in its own process on a free port, for the instance ``prepare``
    made; yields its base URL once it accepts connections, and stops it afterwards."""
    port = free_port()
    env = {**os.environ, **{k: v for k, v in codes.items() if k.startswith("ZHARYS_")},
           **extra_env}
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--changes", type=int, default=100,
                        help="score changes to send (at most 495)")
    parser.add_argument("--rate", type=float, default=10.0, help="changes per second")
    parser.add_argument("--procs", type=int, default=2,
                        help="processes the /live clients are spread over")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="zharys-bench-") as tmp:
        codes = prepare(Path(tmp))
        with serving(codes) as base:
            result = run(args, base, codes)

    values = sorted(result["samples"])
    figures = {
        "clients": args.clients,
        "changes": args.changes,
        "rate_per_s": args.rate,
        "client_procs": args.procs,
        "delivered": len(values),
        "expected": result["expected"],
        "p50_ms": round(percentile(values, 0.50), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
        "max_ms": round(values[-1], 2) if values else None,
        "mean_ms": round(statistics.fmean(values), 2) if values else None,
        # first-to-last client for one change: the cost of the fan-out itself
        "fanout_spread_p50_ms": result["spread_p50_ms"],
    }
    print(f"{args.clients} clients in {args.procs} processes, {args.changes} changes at "
          f"{args.rate}/s: "
          f"{len(values)}/{result['expected']} deliveries")
    print(f"referee send -> client receive: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} "
          f"ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms")
    print(json.dumps(figures))
    return 0 if len(values) == result["expected"] and result["acks_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

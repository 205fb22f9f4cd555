"""The one-frame broadcast (web/fanout.py): the frames are valid websocket frames, a frame the
kernel takes only part of is finished before anything else is written to that client, and a
served event delivers every broadcast, in order, to websocket and long-polling clients."""

from __future__ import annotations

import threading
import time
import uuid

import gevent
import pytest
import requests
import socketio
from gevent import socket as gsocket
from gevent.lock import Semaphore
from test_serve import served, signed_in  # noqa: F401 - the fixture
from wsproto.frame_protocol import FrameProtocol, Opcode

from web.fanout import LockedWebSocket, text_frame


@pytest.mark.parametrize("size", [0, 5, 125, 126, 65535, 65536, 70000])
def test_text_frame_is_one_unmasked_text_frame_a_client_decodes(size):
    text = ("Әлем " * (size // 6 + 1))[:size]  # Kazakh letters: bytes outnumber characters
    reader = FrameProtocol(client=True, extensions=[])
    reader.receive_bytes(text_frame(text))
    [frame] = list(reader.received_frames())
    assert frame.opcode is Opcode.TEXT and frame.message_finished
    assert frame.payload == text


class _Peer:
    """simple-websocket's server side, reduced to what LockedWebSocket uses."""

    connected = True

    def __init__(self, sock):
        self.sock = sock

    def send(self, message: str) -> None:
        self.sock.sendall(text_frame(message))


def test_a_partly_written_frame_is_finished_before_the_next_message():
    ours, theirs = gsocket.socketpair()
    ours.setsockopt(gsocket.SOL_SOCKET, gsocket.SO_SNDBUF, 4096)
    websocket = LockedWebSocket.__new__(LockedWebSocket)
    websocket.lock = Semaphore()
    websocket.ws = _Peer(ours)
    big = text_frame("x" * 400_000)  # far more than the socket buffer takes at once
    assert websocket.try_frame(big) is True
    assert websocket.lock.locked()  # the rest is being written: nothing else may write
    assert websocket.try_frame(text_frame("late")) is False  # so this one waits its turn
    writer = gevent.spawn(websocket.send, "next")  # engine.io's writer, with queued news
    received = bytearray()
    expected = big + text_frame("next")
    while len(received) < len(expected):
        received += theirs.recv(65536)
    writer.join(timeout=5)
    assert bytes(received) == expected
    assert not websocket.lock.locked()
    ours.close()
    theirs.close()


def test_served_broadcasts_reach_every_client_in_order(served):  # noqa: F811
    """Three websocket screens and one that only long-polls (its messages go through
    engine.io's queue) each get all of a burst of score changes, in the order sent."""
    base, codes = served
    screens = []
    totals: list[list[int]] = []
    for transports in (["websocket"], ["websocket"], ["websocket"], ["polling"]):
        seen: list[int] = []
        screen = socketio.Client(reconnection=False)
        screen.on("score.live", lambda data, seen=seen: seen.append(
            data["payload"]["red"]["total"]), namespace="/live")
        screen.connect(base, namespaces=["/live"], transports=transports,
                       auth={"since": None})
        screens.append(screen)
        totals.append(seen)
    desk = socketio.Client(reconnection=False)
    desk.connect(base, namespaces=["/control"], transports=["websocket"],
                 headers=signed_in(base, codes["scorekeeper"]))
    assert desk.call("match.command", {"field": 1, "command": "load"},
                     namespace="/control", timeout=5) == {"ok": True}
    tablet = socketio.Client(reconnection=False)
    tablet.connect(base, namespaces=["/referee"], transports=["websocket"],
                   headers=signed_in(base, codes["referee"]))
    match_id = requests.get(f"{base}/api/matches", timeout=5).json()["matches"][0]["id"]
    sent = []
    for samples in range(1, 21):  # a high-basket sample is worth 8 in INTO THE DEEP
        ack = tablet.call("sheet.submit", {"key": str(uuid.uuid4()), "match_id": match_id,
                                           "alliance": "red",
                                           "data": {"teleopSampleHigh": samples}},
                          namespace="/referee", timeout=5)
        assert ack["ok"], ack
        sent.append(8 * samples)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(not t or t[-1] != sent[-1] for t in totals):
        time.sleep(0.05)
    for seen in totals:
        assert [t for t in seen if t] == sent  # after the loaded match's 0
    # A websocket client's disconnect waits 3 s for the closing handshake: all at once.
    closing = [threading.Thread(target=c.disconnect) for c in (tablet, desk, *screens)]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join(timeout=10)

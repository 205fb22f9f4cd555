"""One websocket frame for a whole room: the fast fan-out of broadcasts.

A scoreboard change goes to every screen at once (200 and more at a championship). Stock
python-socketio already serialises a broadcast once, but engine.io then hands it to each
client's queue; that client's writer greenlet wakes, frames the text with wsproto, encodes it to
UTF-8 and sends it. On the two-core venue laptop those per-client steps cost several times the
``send`` itself, and the last screen hears of a goal 15-20 ms after the first.

Here a broadcast is framed once (a server's text frame is unmasked, so it is the same bytes for
every client) and written straight to each client's socket, without yielding, when that client
is idle: its websocket is upgraded and open, nothing waits in its engine.io queue and its writer
is not half-way through a frame. Otherwise, or if the kernel takes only part of the frame,
the message takes engine.io's usual path, so the order of one client's messages never changes:

* every write to a client's socket, ours or its writer's, holds that client's lock;
* a client with anything queued gets the broadcast queued after it;
* a partly written frame is finished by a greenlet holding the lock, and everything after it
  queues behind the lock.

Used when one process serves the Socket.IO clients (the default). With a message queue
(``ZHARYS_MESSAGE_QUEUE``) Flask-SocketIO's Redis manager takes its place unchanged.
"""

from __future__ import annotations

import gevent
from engineio import packet as eio_packet
from engineio.async_drivers.gevent import WebSocketWSGI
from gevent.lock import Semaphore
from socketio import Manager, packet

_AGAIN = (BlockingIOError, InterruptedError)


def text_frame(text: str) -> bytes:
    """An unmasked, unfragmented websocket text frame (RFC 6455 section 5.2)."""
    data = text.encode()
    size = len(data)
    if size < 126:
        head = bytes((0x81, size))
    elif size < 1 << 16:
        head = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return head + data


class LockedWebSocket(WebSocketWSGI):
    """engine.io's gevent websocket, with a lock around every write, made known to its engine.io
    socket (whose handler it runs) so that a broadcast can write to it directly."""

    def __init__(self, handler, server):
        super().__init__(handler, server)
        self.lock = Semaphore()
        owner = getattr(handler, "__self__", None)  # the engine.io Socket
        if owner is not None:
            owner.zharys_websocket = self

    def send(self, message):
        with self.lock:
            return super().send(message)

    def try_frame(self, frame: bytes) -> bool:
        """Write a prepared frame now, if nothing else is writing; False leaves it undone."""
        ws = getattr(self, "ws", None)
        if ws is None or not ws.connected or self.lock.locked():
            return False
        try:
            sent = ws.sock.send(frame, 0, timeout=0.0)
        except _AGAIN:
            return False
        except OSError:  # a dead client: its reader notices and engine.io closes it
            return True
        if sent < len(frame):
            self.lock.acquire()  # nothing else writes until the frame is whole
            gevent.spawn(self._finish, ws.sock, frame[sent:])
        return True

    def _finish(self, sock, rest: bytes) -> None:
        try:
            sock.sendall(rest)
        except OSError:
            pass
        finally:
            self.lock.release()


class FanoutManager(Manager):
    """python-socketio's client manager, with broadcasts written as one shared frame."""

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None,
             **kwargs):
        if callback is not None or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid,
                                callback=callback, to=to, **kwargs)
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace,
                                           data=[event, *args]).encode()
        if isinstance(encoded, list):  # binary attachments: engine.io frames those
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid,
                                callback=callback, to=to, **kwargs)
        queued = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        frame = None
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        sockets = self.server.eio.sockets
        for sid, eio_sid in self.get_participants(namespace, to or room):
            if sid in skip:
                continue
            socket = sockets.get(eio_sid)
            websocket = getattr(socket, "zharys_websocket", None)
            if (websocket is not None and socket.upgraded and not socket.closed
                    and socket.queue.empty()):
                if frame is None:
                    frame = text_frame(queued.encode())
                if websocket.try_frame(frame):
                    continue
            self.server._send_eio_packet(eio_sid, queued)


def install(socketio_ext) -> bool:
    """Use the fast fan-out on a bound Flask-SocketIO server under gevent without a message
    queue; True if it is in use."""
    server = socketio_ext.server
    if server is None or server.async_mode != "gevent" or type(server.manager) is not Manager:
        return False
    if server.eio._async.get("websocket") is not WebSocketWSGI:
        return False  # gevent-websocket is installed: its own websocket class is in use
    if server.manager_initialized:
        return False  # too late: clients are already connected to the stock manager
    manager = FanoutManager()
    manager.set_server(server)
    server.manager = manager
    server.eio._async = {**server.eio._async, "websocket": LockedWebSocket}
    return True

"""Extension objects shared by the blueprints (created unbound, bound in ``create_app``)."""

from flask_socketio import SocketIO

socketio = SocketIO()

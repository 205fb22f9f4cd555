"""The ``zharys`` command: serve, migrate, seed the demo, manage users."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import socket
import sys


def _app(**kwargs):
    from web.app import create_app

    return create_app(**kwargs)


def _use_gevent() -> bool:
    """Switch this process to gevent (the server's mode); False when gevent is missing.

    One greenlet per client instead of one thread: a broadcast reaches 200 screens in half
    the time (see bench/live_latency.py). Must run before Flask, SQLAlchemy or socket users
    are imported, which is why ``web`` imports its app factory lazily.
    """
    if os.environ.get("ZHARYS_ASYNC_MODE", "gevent") != "gevent":
        return False
    try:
        from gevent import monkey
    except ImportError:
        return False
    monkey.patch_all()
    return True


def _lan_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent; this only picks the LAN interface
            return s.getsockname()[0]
    except OSError:
        return None


def page_urls(base: str, fields: list[int]) -> list[tuple[str, str]]:
    """Every page of the running event with what it is for."""
    urls = [("Home", "/"), ("Rankings", "/rankings"), ("Schedule", "/schedule"),
            ("Audience display", "/display/audience"), ("Pit display", "/display/pit"),
            ("Team page (phone)", "/teams/11001"), ("Admin", "/admin"), ("Sign in", "/login")]
    for f in fields:
        urls += [(f"Field {f} display", f"/display/field?field={f}"),
                 (f"Field {f} stream overlay", f"/display/overlay?field={f}"),
                 (f"Field {f} scorekeeper", f"/scorekeeper/{f}"),
                 (f"Field {f} head referee", f"/headref/{f}"),
                 (f"Field {f} red referee", f"/referee/{f}/red"),
                 (f"Field {f} blue referee", f"/referee/{f}/blue")]
    urls += [("Olympiad", "/olympiad"), ("Olympiad results board", "/olympiad/results"),
             ("School rating", "/olympiad/results?view=schools"),
             ("Olympiad board control", "/olympiad/control"), ("Jury marking", "/jury"),
             ("Appeals (jury)", "/jury/appeals"), ("Olympiad admin", "/olympiad/admin")]
    urls.append(("Health", "/healthz"))
    return [(name, base.rstrip("/") + path) for name, path in urls]


def cmd_serve(args: argparse.Namespace) -> int:
    mode = "gevent" if _use_gevent() else "threading"
    from tournament.accounts import Actor
    from web.extensions import socketio

    app = _app(async_mode=mode)
    # Everything built so far lives as long as the server: keep it out of the garbage
    # collector's full passes, which otherwise stall a broadcast for tens of milliseconds.
    gc.collect()
    gc.freeze()
    venue = app.extensions["zharys"]
    shown_host = args.host if args.host not in ("0.0.0.0", "::") else (_lan_address() or
                                                                       "127.0.0.1")
    base = f"http://{shown_host}:{args.port}"
    if not app.config.get("PUBLIC_URL"):
        # Join-code QR codes must point where tablets on the venue network can reach us.
        app.config["PUBLIC_URL"] = base
    fields = venue.field_numbers() if venue.has_event() else []
    print(f"Zharys is serving {venue.event_info()['name'] if venue.has_event() else '(no event)'}"
          f" on {base}", flush=True)
    for name, url in page_urls(base, fields):
        print(f"  {name:<28} {url}", flush=True)
    if venue.has_event():
        codes = venue.admin_overview(Actor.system())["join_codes"]
        if codes:
            print("Tablet sign-in links (also as QR codes on the admin page):", flush=True)
        for code in codes:
            print(f"  {code['label']:<28} {base}/join/{code['code']}", flush=True)
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if mode == "threading":
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True,
                     log_output=args.verbose)
    else:
        socketio.run(app, host=args.host, port=args.port, log_output=args.verbose)
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    app = _app()
    print(f"database is at the newest schema: {app.config['DATABASE_URL']}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from tournament.demo import seed_demo, seed_fll_demo, seed_olympiad_demo
    from tournament.errors import Conflict

    venue = _app().extensions["zharys"]
    if getattr(args, "olympiad", False):
        try:
            info = seed_olympiad_demo(venue)
        except Conflict as exc:
            print(f"demo: {exc}; keeping it")
            return 0
        print(f"olympiad demo created: {info['participants']} participants")
        for username, password, role in info["users"]:
            print(f"  sign in as {username} / {password} ({role})")
        for school, token in info["leaders"][:3]:
            print(f"  leader of {school}: /olympiad/leader/{token}")
        return 0
    try:
        info = (seed_fll_demo if getattr(args, "fll", False) else seed_demo)(venue)
    except Conflict as exc:
        print(f"demo: {exc}; keeping it")
        return 0
    print(f"demo event created: {info['teams']} teams, {info['matches']} matches")
    for username, password, role in info["users"]:
        print(f"  sign in as {username} / {password} ({role})")
    return 0


def cmd_create_event(args: argparse.Namespace) -> int:
    from tournament.accounts import Actor
    from tournament.errors import ZharysError

    venue = _app().extensions["zharys"]
    try:
        event = venue.create_event(Actor.system(), args.code, args.name, args.season,
                                   fields=args.fields, venue=args.venue or "",
                                   language=args.language)
    except ZharysError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"event {event['code']} created ({event['season_id']}, {args.fields} field(s)); "
          "import its teams and generate its schedule on the admin page")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from tournament.accounts import Actor
    from tournament.errors import ValidationError

    venue = _app().extensions["zharys"]
    password = args.password or os.environ.get("ZHARYS_NEW_PASSWORD") or ""
    try:
        venue.create_user(Actor.system(), args.username, password, args.role, args.name or "")
    except ValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.username} ({args.role}) created")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zharys", description="Zharys competition server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate the database and start the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--verbose", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=cmd_migrate)
    demo = sub.add_parser("seed-demo", help="create the demo FTC event (--fll: the FLL one)")
    demo.add_argument("--fll", action="store_true",
                      help="the FLL SUBMERGED demo (event code demo-fll) instead")
    demo.add_argument("--olympiad", action="store_true",
                      help="the olympiad demo (IZhO's subjects, jury, marks) as well")
    demo.set_defaults(func=cmd_seed_demo)
    event = sub.add_parser("create-event", help="create an event (the newest one is served)")
    event.add_argument("code", help="short code, letters, digits and dashes, e.g. almaty-2026")
    event.add_argument("name")
    event.add_argument("--season", default="ftc-2024-into-the-deep")
    event.add_argument("--fields", type=int, default=1)
    event.add_argument("--venue")
    event.add_argument("--language", default="kk", choices=["kk", "ru", "en"])
    event.set_defaults(func=cmd_create_event)
    user = sub.add_parser("create-user", help="add a staff account")
    user.add_argument("username")
    user.add_argument("role", choices=["admin", "scorekeeper", "head_referee", "referee",
                                       "judge", "jury"])
    user.add_argument("--name")
    user.add_argument("--password", help="or set ZHARYS_NEW_PASSWORD")
    user.set_defaults(func=cmd_create_user)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

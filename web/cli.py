"""The ``zharys`` command: serve, migrate, seed the demo, manage users."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import socket
import sys
import time


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
    from tournament.collector import FullCollectionHold
    from web.extensions import socketio

    app = _app(async_mode=mode)
    venue = app.extensions["zharys"]
    venue.warm_up()
    venue.bus.subscribe(FullCollectionHold())
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
    _start_devices(app, venue, args)
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if mode == "threading":
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True,
                     log_output=args.verbose)
    else:
        socketio.run(app, host=args.host, port=args.port, log_output=args.verbose)
    return 0


def _start_devices(app, venue, args: argparse.Namespace) -> None:
    """Open the serial devices: simulated ones for the demo, or ZHARYS_DEVICES."""
    lock = os.path.join(app.instance_path, "devices.lock")
    if getattr(args, "simulate_devices", False) and venue.has_event():
        from tournament.demo import start_simulated_devices

        sims = start_simulated_devices(venue, app.instance_path)
        print("Simulated devices (the scorekeeper page shows them):", flush=True)
        for sim in sims:
            print(f"  {sim.kind:<10} {sim.device_id:<8} {sim.endpoint.url()}", flush=True)
        return
    urls = [u.strip() for u in (os.environ.get("ZHARYS_DEVICES") or "").split(",") if u.strip()]
    if urls and venue.has_event():
        if venue.devices.start(urls, lock_path=lock):
            print(f"Devices: {', '.join(urls)}", flush=True)
        else:
            print("Devices: another Zharys process owns the serial ports", flush=True)


def cmd_hardware(args: argparse.Namespace) -> int:
    """``zharys hardware list`` and ``zharys hardware simulate``."""
    if args.hardware_command == "list":
        from hardware.devices import discover

        ports = discover()
        for port in ports:
            print(f"{port['url']:<20} {port['board']:<18} serial {port['serial_number']}")
        if not ports:
            print("no known USB-serial boards found")
        return 0
    from hardware.simulator import run_cli

    return run_cli(args)


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


class _ProgressBar:
    """``progress(done, total)`` for a terminal: a bar redrawn in place on stderr; or, with
    ``json``, one JSON line per step on stdout (what the exports page reads)."""

    def __init__(self, mode: str, what: str):
        self.mode, self.what, self.started, self.last = mode, what, time.monotonic(), 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.mode == "json":
            if done == total or now - self.last >= 0.2:
                self.last = now
                print(json.dumps({"done": done, "total": total}), flush=True)
        elif self.mode == "bar" and (done == total or now - self.last >= 0.1):
            self.last = now
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r{self.what} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{done}/{total}  {now - self.started:.1f} s")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _links_app(base_url: str | None):
    """The app and a request context for building absolute links in documents."""
    app = _app()
    base = (base_url or app.config.get("PUBLIC_URL")
            or f"http://{_lan_address() or '127.0.0.1'}:5000")
    app.config["PUBLIC_URL"] = base
    return app, app.test_request_context("/", base_url=base)


def _print_error(exc: Exception) -> None:
    """A service's error on stderr: one line, or one line per place it names."""
    errors = getattr(exc, "errors", None)
    if errors and len(errors) > 1:
        print("error:", file=sys.stderr)
        for where, message in errors:
            print(f"  {where}: {message}", file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    from exports.catalogue import EXPORTS, describe, run_export
    from tournament.errors import ZharysError
    from web.links import WebLinks

    if args.name is None:
        for item in describe():
            options = " ".join(f"[--{o['name']} {'|'.join(c for c in o['choices'] if c)}]"
                               if o["choices"] else f"[--{o['name']} TEXT]"
                               for o in item["options"])
            print(f"{item['name']:<18} {item['title']}\n{'':<18} {options}")
        return 0
    given = {o.name: getattr(args, o.name) for o in EXPORTS[args.name].options}
    options = {name: value for name, value in given.items() if value is not None}
    mode = args.progress or ("bar" if sys.stderr.isatty() else "none")
    if options.get("people", "").startswith("@"):
        try:
            with open(options["people"][1:], encoding="utf-8-sig") as f:
                options["people"] = f.read()
        except OSError as exc:
            print(f"error: --people: {exc}", file=sys.stderr)
            return 2
    app, context = _links_app(args.base_url)
    with context:
        try:
            out = run_export(args.name, app.extensions["zharys"], WebLinks(), options,
                             progress=_ProgressBar(mode, args.name))
        except (ZharysError, ValueError) as exc:  # bad options, nothing to print, bad data
            if mode == "json":
                print(json.dumps({"error": str(exc)}), flush=True)
            _print_error(exc)
            return 2
    path = args.out or out.filename
    with open(path, "wb") as f:
        f.write(out.data)
    if mode == "json":
        print(json.dumps({"file": os.path.abspath(path), "bytes": len(out.data),
                          "filename": out.filename, "mimetype": out.mimetype}), flush=True)
    else:
        print(f"{path}: {len(out.data):,} bytes")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from tournament.accounts import Actor
    from tournament.errors import ZharysError

    venue = _app().extensions["zharys"]
    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.yes and venue.has_event():
        answer = input(f"Replace everything on this server with {args.file}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 1
    try:
        summary = venue.restore(Actor.system(), data)
    except ZharysError as exc:
        _print_error(exc)
        print("nothing changed", file=sys.stderr)
        return 2
    rows = sum(summary["tables"].values())
    print(f"restored {rows:,} rows from the backup of {summary.get('created_at')}")
    return 0


def _export_parser(sub) -> None:
    from exports.catalogue import EXPORTS

    export = sub.add_parser("export", help="print documents and export data (alone: the list)")
    kinds = export.add_subparsers(dest="name")
    for item in EXPORTS.values():
        kind = kinds.add_parser(item.name, help=item.title)
        for option in item.options:
            kind.add_argument(f"--{option.name}", choices=option.choices, help=option.help +
                              (" (@FILE reads a file)" if option.name == "people" else ""))
        kind.add_argument("-o", "--out", help="the file to write (default: a name in the "
                                              "current folder)")
        kind.add_argument("--base-url", help="the address QR codes point at (default: "
                                             "ZHARYS_PUBLIC_URL, else this machine on port "
                                             "5000)")
        kind.add_argument("--progress", choices=("bar", "json", "none"),
                          help="progress on stderr (bar, the default on a terminal), as JSON "
                               "lines on stdout, or none")
    export.set_defaults(func=cmd_export, name=None)
    restore = sub.add_parser("restore", help="replace everything with a backup file "
                                             "(zharys export backup makes one)")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask first")
    restore.set_defaults(func=cmd_restore)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zharys", description="Zharys competition server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate the database and start the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--verbose", action="store_true", help="log every request")
    serve.add_argument("--simulate-devices", action="store_true",
                       help="open simulated timer console, sensors and stack light (demo)")
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
    hw = sub.add_parser("hardware", help="serial devices: list ports, run the simulator")
    hw_sub = hw.add_subparsers(dest="hardware_command", required=True)
    hw_sub.add_parser("list", help="USB-serial boards that may be our devices")
    sim = hw_sub.add_parser("simulate", help="play a device from the other end of a pty or "
                            "a TCP port; type commands (help) on stdin")
    sim.add_argument("--kind", choices=["console", "sensors", "light"], default="console")
    sim.add_argument("--id", default=None, help="device id (default TC-01, FS-01, SL-01)")
    where = sim.add_mutually_exclusive_group()
    where.add_argument("--pty", metavar="LINK", default=None,
                       help="make a pty; LINK becomes a symlink to it (the URL to open)")
    where.add_argument("--listen", metavar="HOST:PORT", default=None,
                       help="serve socket://HOST:PORT instead of a pty")
    sim.add_argument("--script", help="a file of commands, one per line (see help)")
    sim.add_argument("--random", type=float, default=0.0, metavar="RATE",
                     help="sensors: score a random counter RATE times a second")
    sim.add_argument("--channels", default="red_net,red_low,red_high,blue_net,blue_low,"
                     "blue_high", help="sensors: the counter channels")
    sim.add_argument("--garbage", type=float, default=0.0, help="chance of garbage per frame")
    sim.add_argument("--flip", type=float, default=0.0, help="chance of a flipped bit")
    sim.add_argument("--drop", type=float, default=0.0, help="chance of a dropped frame")
    sim.add_argument("--delay", type=float, default=0.0, metavar="MS", help="delay per frame")
    sim.add_argument("--unplug-every", type=float, default=0.0, metavar="S",
                     help="unplug for 2 s every S seconds")
    hw.set_defaults(func=cmd_hardware)
    _export_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

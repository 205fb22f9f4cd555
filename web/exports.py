"""The exports page (documents, schedules, data, backup) and the public certificate check.

A big batch (700 diplomas, 1,000 badges) takes seconds of CPU. Run inside the server, it
would hold the event loop and freeze every live screen for that long, so each export runs as
``zharys export … --progress json`` in a process of its own (the second core does the work),
and a background task here relays its progress lines to the page over ``/control``.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from exports.catalogue import checked, describe, offered
from tournament.errors import NotFound, ValidationError
from tournament.printing import KINDS as PRINT_KINDS

from .auth import current_actor, requires, venue
from .render import attachment, json_body, render_page

bp = Blueprint("exports", __name__)
ROOT = Path(__file__).resolve().parent.parent
KEEP = 20  # finished jobs listed (and their files kept)


class ExportJobs:
    """Exports running in their own processes, their progress, and the files they wrote."""

    def __init__(self, folder: Path, env: dict[str, str], publish) -> None:
        self.folder = folder
        self.env = env
        self.publish = publish
        self.jobs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def start(self, name: str, options: dict[str, str], by: str) -> dict[str, Any]:
        export, _ = checked(name, options)  # a bad option is refused here, not in the process
        self.folder.mkdir(parents=True, exist_ok=True)
        job_id = secrets.token_hex(6)
        out = self.folder / f"{job_id}.out"
        argv = [sys.executable, "-m", "web.cli", "export", name, "--progress", "json",
                "--out", str(out)]
        # --key=value: a value may start with "-" (a CSV line, a negative number).
        argv += [f"--{key}={value}" for key, value in options.items() if value not in (None, "")]
        job = {"id": job_id, "export": name, "title": export.title, "options": options,
               "by": by, "state": "running", "done": 0, "total": 0, "error": None,
               "filename": None, "mimetype": None, "bytes": None, "started": time.time(),
               "seconds": None}
        with self._lock:
            self.jobs[job_id] = job
            self._trim()
        process = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._follow, args=(job, process, out), daemon=True).start()
        self._publish(job)
        return dict(job)

    def _follow(self, job: dict[str, Any], process: subprocess.Popen, out: Path) -> None:
        """Relay the export's JSON lines (progress, then the file or an error)."""
        assert process.stdout is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "done" in message:
                job["done"], job["total"] = message["done"], message["total"]
            elif "error" in message:
                job["error"] = message["error"]
            elif "file" in message:
                job.update(bytes=message["bytes"], filename=message["filename"],
                           mimetype=message["mimetype"])
            self._publish(job)
        stderr = process.stderr.read() if process.stderr else ""
        code = process.wait()
        job["seconds"] = round(time.time() - job["started"], 1)
        if code == 0 and out.is_file() and job["filename"]:
            job["state"] = "done"
        else:
            job["state"] = "failed"
            job["error"] = job["error"] or (stderr.strip().splitlines() or ["failed"])[-1]
        self._publish(job)

    def _publish(self, job: dict[str, Any]) -> None:
        self.publish("control", "export.progress", dict(job))

    def _trim(self) -> None:
        """Forget the finished exports beyond the newest ``KEEP``, and delete their files."""
        finished = sorted((j for j in self.jobs.values() if j["state"] != "running"),
                          key=lambda j: j["started"])
        for job in finished[:-KEEP]:
            del self.jobs[job["id"]]
            (self.folder / f"{job['id']}.out").unlink(missing_ok=True)

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(j) for j in sorted(self.jobs.values(), key=lambda j: -j["started"])]

    def file(self, job_id: str) -> tuple[Path, dict[str, Any]]:
        job = self.jobs.get(job_id)
        if job is None or job["state"] != "done":
            raise NotFound("no finished export has this id")
        return self.folder / f"{job_id}.out", job


def jobs() -> ExportJobs:
    found = current_app.extensions.get("zharys_exports")
    if found is None:
        app = current_app
        # The export process reads what this server serves (its settings may come from the
        # app factory rather than the environment); it broadcasts nothing.
        env = {**os.environ, "ZHARYS_DATABASE_URL": app.config["DATABASE_URL"],
               "ZHARYS_INSTANCE": app.instance_path, "ZHARYS_EVENT": app.config["EVENT_CODE"] or "",
               "ZHARYS_PUBLIC_URL": app.config.get("PUBLIC_URL") or request.host_url,
               "ZHARYS_MESSAGE_QUEUE": "", "ZHARYS_ASYNC_MODE": "threading"}
        folder = Path(app.instance_path) / "exports"
        # The list lives in memory: files a previous server run left are nobody's now.
        for stale in folder.glob("*.out"):
            stale.unlink(missing_ok=True)
        found = ExportJobs(folder, env, venue().bus.publish)
        app.extensions["zharys_exports"] = found
    return found


# -- pages ------------------------------------------------------------------------------------
@bp.get("/admin/exports")
@requires("event.admin")
def page():
    v = venue()
    templates = {kind: v.printing.template(kind) for kind in PRINT_KINDS}
    return render_page("exports.html", {"kind": "exports"}, exports=offered(v),
                       jobs=jobs().list(), ftc_awards=v.awards.ftc_awards(),
                       templates=templates)


@bp.get("/verify/<token>")
def verify(token: str):
    """The public check behind a team certificate's QR code."""
    try:
        cert = venue().awards.verify(token)
    except NotFound:
        return render_page("certificate_verify.html", {"kind": "certificate-verify"},
                           cert=None), 404
    return render_page("certificate_verify.html", {"kind": "certificate-verify"}, cert=cert)


# -- JSON -------------------------------------------------------------------------------------
@bp.post("/api/exports/<name>")
@requires("event.admin")
def start(name: str):
    options = {k: str(v) for k, v in (json_body() or {}).items()}
    return jsonify(jobs().start(name, options, current_actor().name)), 202


@bp.get("/api/exports")
@requires("event.admin")
def listing():
    return jsonify({"exports": describe(), "jobs": jobs().list()})


@bp.get("/admin/exports/files/<job_id>")
@requires("event.admin")
def download(job_id: str):
    path, job = jobs().file(job_id)
    if not path.is_file():
        abort(404)
    return attachment(path.read_bytes(), job["mimetype"], job["filename"])


@bp.post("/admin/restore")
@requires("event.admin")
def restore():
    """Replace everything with an uploaded backup (the page asks first)."""
    upload = request.files.get("backup")
    if upload is None:
        raise ValidationError([("backup", "choose a backup file")])
    summary = venue().restore(current_actor(), upload.read())
    return jsonify(summary)


@bp.post("/api/print-templates/<kind>")
@requires("event.admin")
def set_template(kind: str):
    return jsonify(venue().printing.set_template(current_actor(), kind, json_body() or {}))


@bp.post("/api/print-templates/<kind>/logo")
@requires("event.admin")
def upload_logo(kind: str):
    upload = request.files.get("logo")
    if upload is None:
        raise ValidationError([("logo", "choose an image file")])
    return jsonify(venue().printing.save_logo(current_actor(), kind, upload.filename or "",
                                              upload.read(2 * 1024 * 1024 + 1)))


@bp.post("/api/awards/ftc")
@requires("event.admin")
def set_ftc_awards():
    return jsonify(venue().awards.set_ftc_awards(current_actor(), json_body() or {}))

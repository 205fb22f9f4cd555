"""The ``zharys`` command: an organiser creates an event and the first admin from the shell."""

import json

import pytest

from tournament.accounts import Actor
from web.cli import main


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHARYS_INSTANCE", str(tmp_path))
    monkeypatch.setenv("ZHARYS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ZHARYS_SECRET_KEY", "cli-test")
    return tmp_path


def test_create_event_then_admin(instance, capsys):
    assert main(["create-event", "almaty-2026", "Алматы іріктеу кезеңі", "--fields", "2"]) == 0
    assert main(["create-user", "boss", "admin", "--password", "long-enough-1"]) == 0
    from web.app import create_app

    venue = create_app().extensions["zharys"]
    assert venue.event_info()["name"] == "Алматы іріктеу кезеңі"
    assert venue.field_numbers() == [1, 2]
    venue.db.dispose()


def test_bad_event_says_what_is_wrong(instance, capsys):
    assert main(["create-event", "bad code!", "X", "--season", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown season 'nope'" in err and "code" in err


def test_short_password_is_refused(instance, capsys):
    main(["create-event", "e1", "E"])
    assert main(["create-user", "boss", "admin", "--password", "short"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err


def test_the_olympiad_demo_is_seeded_once_with_marks_to_resolve(instance, capsys):
    assert main(["seed-demo", "--olympiad"]) == 0
    out = capsys.readouterr().out
    assert "84 participants" in out and "/olympiad/leader/" in out
    assert main(["seed-demo", "--olympiad"]) == 0
    assert "already exists" in capsys.readouterr().out
    from web.app import create_app

    venue = create_app().extensions["zharys"]
    problems = venue.olympiad.jury_problems(Actor.system())
    first = [p for p in problems if p["subject"] == "math" and p["round"] == 1]
    assert all(p["agreed"] + p["disputed"] == p["works"] == 36 for p in first)
    assert sum(p["disputed"] for p in first) > 0
    informatics = venue.olympiad.results("informatics", public=False)
    assert informatics["pending"] == 0 and len(informatics["rows"]) == 24
    venue.db.dispose()


def test_hardware_list_says_when_no_board_is_plugged_in(instance, capsys, monkeypatch):
    from serial.tools import list_ports

    monkeypatch.setattr(list_ports, "comports", lambda: [])
    assert main(["hardware", "list"]) == 0
    assert "no known USB-serial boards found" in capsys.readouterr().out


def test_the_simulator_takes_commands_and_explains_bad_ones(tmp_path):
    from hardware.simulator import PtyEndpoint, SimulatedDevice, execute

    device = SimulatedDevice("sensors", "FS-09", PtyEndpoint(str(tmp_path / "fs")))
    try:
        assert execute(device, "count red_high 3") is None and device.totals == {"red_high": 3}
        assert execute(device, "# a comment") is None
        assert "press start|pause" in execute(device, "help")
        assert "unknown command 'jump'" in execute(device, "jump")
        assert "use: count CHANNEL [N]" in execute(device, "count")
        assert "use: count CHANNEL [N]" in execute(device, "count red_high many")
        assert "use: estop STATION 0|1" in execute(device, "estop")
        assert execute(device, "show").startswith("display ''")
    finally:
        device.endpoint.unplug()


def test_export_lists_what_it_can_make_and_writes_files(instance, capsys, tmp_path):
    main(["seed-demo"])
    capsys.readouterr()
    assert main(["export"]) == 0
    listing = capsys.readouterr().out
    assert "certificates" in listing and "--format pdf|zip" in listing and "backup" in listing
    out = tmp_path / "rankings.csv"
    assert main(["export", "rankings-csv", "-o", str(out), "--progress", "none"]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("rank,team,name")
    capsys.readouterr()
    assert main(["export", "badges", "--groups", "teams", "--base-url", "http://10.0.0.5:8000",
                 "-o", str(tmp_path / "b.pdf"), "--progress", "json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[-2]["done"] == lines[-2]["total"] and lines[-1]["filename"].endswith(".pdf")
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["export", "badges", "--groups", "volunteers", "--people", "@/no/such.csv"]) == 2
    assert "--people" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse refuses it before any work
        main(["export", "certificates", "--lang", "de"])
    assert refused.value.code == 2 and "invalid choice: 'de'" in capsys.readouterr().err


def test_backup_then_restore_and_a_bad_file_changes_nothing(instance, capsys, tmp_path):
    main(["seed-demo"])
    backup = tmp_path / "event.json.gz"
    assert main(["export", "backup", "-o", str(backup), "--progress", "none"]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "zharys-backup", "version": 99}')
    capsys.readouterr()
    assert main(["restore", str(bad), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "version" in err and "nothing changed" in err
    assert main(["restore", str(backup), "--yes"]) == 0
    assert "restored" in capsys.readouterr().out

"""The ``zharys`` command: an organiser creates an event and the first admin from the shell."""

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

"""The embedded PostgreSQL start-up: path length and stale registrations."""

import json
from pathlib import Path

from modelref.embedded_db import MAX_DATA_DIR_LENGTH, _prune_dead_pids, short_enough


def test_a_short_data_dir_is_kept():
    assert short_enough(Path("/work/main/var/postgres")) == Path("/work/main/var/postgres")


def test_a_long_data_dir_gets_a_stable_short_stand_in():
    long = Path("/" + "x" * 120) / "var" / "postgres"
    short = short_enough(long)
    assert len(str(short)) <= MAX_DATA_DIR_LENGTH
    assert short.name == "postgres"
    assert short_enough(long) == short  # the same checkout always gets the same folder


def test_dead_pids_are_pruned(tmp_path):
    pids = tmp_path / ".handle_pids.json"
    pids.write_text(json.dumps([2**22 + 12345]))  # above pid_max: never a live process
    _prune_dead_pids(tmp_path)
    assert json.loads(pids.read_text()) == []


def test_a_half_written_registration_file_is_repaired(tmp_path):
    pids = tmp_path / ".handle_pids.json"
    pids.write_text("")
    _prune_dead_pids(tmp_path)
    assert json.loads(pids.read_text()) == []

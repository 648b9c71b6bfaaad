"""Shared by the oracle scripts in tests/data/: running tshark over a capture of the corpus."""
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent


def tshark(*args):
    """tshark's standard output for these arguments; a failure raises."""
    return subprocess.run(["tshark", *args], check=True, capture_output=True, text=True).stdout


def tshark_fields(capture, fields, *options):
    """One list per packet tshark prints, a value per field ("" when absent; repeated values
    joined by its aggregator). `capture` is relative to tests/data/captures; `options` go before
    the field list (-Y, -o, -E aggregator=...)."""
    command = ["-r", str(HERE / "captures" / capture), *options, "-T", "fields", "-E", "separator=/t"]
    for field in fields:
        command += ["-e", field]
    return [(line.split("\t") + [""] * len(fields))[:len(fields)] for line in tshark(*command).splitlines()]

"""`peyvand relink`: score every open tracing request against the registry again."""

from __future__ import annotations

import time
from argparse import SUPPRESS
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run


def local_spark_session() -> Any:
    """A Spark session on this machine, with Splink's similarity functions (the spark extra)."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise CommandError(
            _("The Spark backend needs the spark extra: pip install 'peyvand[spark]'.")
        ) from exc
    return (
        SparkSession.builder.master("local[*]")
        .appName("peyvand-relink")
        .config("spark.ui.enabled", "false")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )


class Command(BaseCommand):
    help = "Re-link every open tracing request against the registry, printing progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["duckdb", "spark"],
            default="duckdb",
            help="where the candidate search runs (spark needs the spark extra and Java)",
        )
        # Tests: stretch a short re-link so that other writers surely meet it mid-way.
        parser.add_argument("--pause-after-chunk", type=float, default=0.0, help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        spark = local_spark_session() if options["backend"] == "spark" else None
        try:
            run = open_cli_run()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                _("%(done)s of %(total)s requests linked") % {"done": done, "total": total}
            )
            self.stdout.flush()
            time.sleep(options["pause_after_chunk"])

        try:
            finished = run_relink(run.pk, on_progress=progress, spark=spark)
        finally:
            if spark is not None:
                spark.stop()
        self.stdout.write(
            _("Re-link finished: %(pairs)s candidate pairs to review (model %(model)s).")
            % {"pairs": finished.pairs_found, "model": finished.model_version}
        )

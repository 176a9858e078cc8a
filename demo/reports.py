"""Published benchmarks for the demo: DfE's tables as published, shipped in fixtures/dfe/."""

from pathlib import Path

from django.conf import settings

from reports.benchmarks import PUBLISHED_FILES
from reports.models import Benchmark
from reports.services import import_benchmarks


def load_demo(*, la, stdout) -> None:
    if Benchmark.objects.exists():
        stdout.write("Benchmarks already loaded")
        return
    folder = Path(settings.BASE_DIR) / "fixtures" / "dfe"
    counts = import_benchmarks([folder / name for name in PUBLISHED_FILES])
    stdout.write(f"Loaded {counts['figures']:,} published figures for benchmarks")

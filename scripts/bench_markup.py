"""How long the Markdown renderer takes on pathological input (a benchmark).

Run by `make bench`. Each case is rendered (or refused) five times; the table
gives the slowest run. The renderer's guards are meant to keep every case
well under a second on a small machine.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

import django

django.setup()

from helpcenter.markup import MarkupTooComplex, render_markdown  # noqa: E402
from tests.test_markup import PATHOLOGICAL  # noqa: E402


def main() -> None:
    print(f"{'case':<24} {'outcome':<10} {'slowest of 5':>12}")
    for name, text in PATHOLOGICAL.items():
        slowest = 0.0
        for _ in range(5):
            start = time.perf_counter()
            try:
                render_markdown(text)
                outcome = "rendered"
            except MarkupTooComplex:
                outcome = "refused"
            slowest = max(slowest, time.perf_counter() - start)
        print(f"{name:<24} {outcome:<10} {slowest * 1000:>9.1f} ms")


if __name__ == "__main__":
    main()

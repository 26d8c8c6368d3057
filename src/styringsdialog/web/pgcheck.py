"""Exit 0 if the PostgreSQL server in the given URL answers, 1 otherwise (used by `make test`)."""

from __future__ import annotations

import sys


def main(url: str) -> int:
    try:
        import psycopg

        with psycopg.connect(
            url.replace("postgres://", "postgresql://"), connect_timeout=3
        ) as conn:
            conn.execute("select 1")
    except Exception as exc:  # any failure means "not available"
        print(f"PostgreSQL: {exc.__class__.__name__}: {exc}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

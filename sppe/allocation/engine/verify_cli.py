"""Check a published commission session: ``python -m sppe.allocation.engine.verify_cli FILE``.

Prints a plain report. Exit status: 0 when every child passed over is explained by a
listed override and nothing is violated, 1 when something is not, 2 when the file
cannot be read as a session document (docs/commission-format.md). No Django needed.
"""

from __future__ import annotations

import argparse
import json
import sys

from .export import FormatError, dumps, verify_session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sppe.allocation.engine.verify_cli",
        description="Check a commission session document (docs/commission-format.md).",
    )
    parser.add_argument("file", help="the session's JSON document ('-' reads standard input)")
    parser.add_argument(
        "--rerun-engine",
        action="store_true",
        help="also run the engine again and compare with its proposal (slower)",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            document = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as handle:
                document = json.load(handle)
        check = verify_session(document, rerun_engine=args.rerun_engine)
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(f"{args.file} is not JSON: {error}", file=sys.stderr)
        return 2
    except FormatError as error:
        print(f"{args.file} is not a valid session document: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(dumps(check.to_dict()) if args.json else check.text())
    return 0 if check.ok else 1


if __name__ == "__main__":
    sys.exit(main())

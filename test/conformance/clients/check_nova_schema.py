#!/usr/bin/python3
"""Validate os-migrateLive bodies with Nova's own code (Debian python3-nova, Zed 26.2.2).

Reads {"cases": [{"id", "microversion" (null = no header = 2.1), "body"}]} on stdin and
prints one JSON line per case: {"id", "accepted": bool, "message"}. Uses the schema Nova's
MigrateServerController._migrate_live declares for that microversion, then the
controller's "Can't force to a non-provided destination" rule (2.30-2.67).
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

from nova.api.openstack.compute.schemas import migrate_server  # noqa: E402
from nova.api.validation import validators  # noqa: E402
from nova import exception  # noqa: E402

BANDS = [
    ((2, 0), (2, 24), migrate_server.migrate_live),
    ((2, 25), (2, 29), migrate_server.migrate_live_v2_25),
    ((2, 30), (2, 67), migrate_server.migrate_live_v2_30),
    ((2, 68), (2, 10**6), migrate_server.migrate_live_v2_68),
]


def check(version, body):
    for low, high, schema in BANDS:
        if low <= version <= high:
            try:
                validators._SchemaValidator(schema).validate(body)
            except exception.ValidationError as e:
                return False, str(e)
            inner = body["os-migrateLive"]
            if (2, 30) <= version <= (2, 67) and inner.get("force") in (
                    True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES",
                    "Yes", "yes") and not inner.get("host"):
                return False, "Can't force to a non-provided destination"
            return True, ""
    return False, "no schema"


def main():
    spec = json.load(sys.stdin)
    for case in spec["cases"]:
        text = case["microversion"] or "2.1"
        major, minor = (int(p) for p in text.split("."))
        ok, message = check((major, minor), case["body"])
        sys.stdout.write(json.dumps({"id": case["id"], "accepted": ok, "message": message}) + "\n")


if __name__ == "__main__":
    main()

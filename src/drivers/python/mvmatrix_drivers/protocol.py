"""The mvmatrix driver protocol, version 1 (docs/drivers.md): JSON lines on stdin/stdout.

A driver is one long-lived process per client under test. It prints one hello line saying
which code it runs, then answers every request line, one at a time and in order:

    <- {"mvmatrixDriver": 1, "hello": {...identity...}}
    -> {"id": "c1", "op": "live-migrate", "endpoint": URL, "token": T, "server": ID, "intent": {...}}
    <- {"id": "c1", "done": {...}}                      the client call returned
    <- {"id": "c1", "raised": {"type": ..., "message": ...}}   the client raised (its own text)
    <- {"id": "c1", "error": {"reason": ...}}           the driver could not run the call

End of input ends the driver (exit 0). The protocol channel is a private copy of the
original stdout: anything the client code prints goes to stderr, never into the channel.
"""
import io
import json
import os
import sys
import traceback

PROTOCOL_VERSION = 1

#: An intent option the user left alone: the client fills in its own default.
DEFAULT = "default"


class NotOffered(Exception):
    """The client's user interface has no way to ask for an option of the intent.

    Not a client exception: mvmatrix's own refusal, worded like the model profiles'.
    """


class DriverRequestError(Exception):
    """The request line itself is unusable (missing field, unknown op)."""

    def __init__(self, message, request_id=None):
        super(DriverRequestError, self).__init__(message)
        self.request_id = request_id


def open_channel():
    """Takes fd 1 for the protocol and points fd 1 and sys.stdout at stderr."""
    channel = io.open(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return channel


def write_line(channel, message):
    channel.write(json.dumps(message, separators=(",", ":"), default=str) + "\n")
    channel.flush()


def raised_payload(exc):
    """What the runner reports for a client exception: `<type>: <message>`."""
    cls = type(exc)
    return {"type": cls.__name__, "module": cls.__module__, "message": str(exc)}


REQUIRED = ("id", "op", "endpoint", "token", "server", "intent")


def parse_request(line):
    try:
        request = json.loads(line)
    except ValueError as e:
        raise DriverRequestError("request line is not JSON: %s" % e)
    if not isinstance(request, dict):
        raise DriverRequestError("request line is not a JSON object")
    request_id = request.get("id") if isinstance(request.get("id"), str) else None
    missing = [k for k in REQUIRED if k not in request]
    if missing:
        raise DriverRequestError("request line lacks %s" % ", ".join(missing), request_id)
    if request["op"] != "live-migrate":
        raise DriverRequestError("unknown op %r (this driver knows live-migrate)" % request["op"], request_id)
    if not isinstance(request["intent"], dict):
        raise DriverRequestError("intent is not an object", request_id)
    return request


def serve(channel, hello, handle, stdin=None):
    """Prints the hello, then answers each request line with `handle(request)`.

    `handle` returns the "done" payload or raises: NotOffered and client exceptions become
    "raised", a DriverRequestError becomes "error".
    """
    stdin = stdin or sys.stdin
    write_line(channel, {"mvmatrixDriver": PROTOCOL_VERSION, "hello": hello})
    for line in stdin:
        if not line.strip():
            continue
        request_id = None
        try:
            request = parse_request(line)
            request_id = request["id"]
            answer = {"id": request_id, "done": handle(request)}
        except DriverRequestError as e:
            answer = {"id": e.request_id, "error": {"reason": str(e)}}
        except Exception as e:  # noqa: BLE001 - the client's own exception is the answer
            answer = {"id": request_id, "raised": raised_payload(e)}
            extra = getattr(e, "mvmatrix_warnings", None)
            if extra:
                answer["warnings"] = extra
            if os.environ.get("MVMATRIX_DRIVER_TRACEBACKS"):
                traceback.print_exc()
        write_line(channel, answer)


def intent_value(intent, name):
    """The intent's value for `name`; None when absent or "default" (left to the client)."""
    value = intent.get(name)
    return None if value == "default" else value


def is_set(intent, name):
    return name in intent and intent[name] != "default" and intent[name] is not None

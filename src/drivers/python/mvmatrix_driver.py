"""mvmatrix real-client driver: runs one client's own code for every request line.

    python3 mvmatrix_driver.py --client novaclient [--source DIR] [--option api=2.30]

Speaks the JSONL protocol of docs/drivers.md on stdin/stdout. Clients: horizon,
novaclient, openstacksdk, openstackclient. `--source` puts a checkout (or an unpacked
package) first on sys.path, so its code runs instead of the installed one.
"""
import argparse
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from mvmatrix_drivers import identity, protocol  # noqa: E402
from mvmatrix_drivers.sessions import Sessions  # noqa: E402

CLIENTS = {
    "horizon": "mvmatrix_drivers.horizon_driver",
    "novaclient": "mvmatrix_drivers.novaclient_driver",
    "openstacksdk": "mvmatrix_drivers.openstacksdk_driver",
    "openstackclient": "mvmatrix_drivers.openstackclient_driver",
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--client", required=True, choices=sorted(CLIENTS))
    parser.add_argument("--source", help="checkout or unpacked package to run instead of the installed one")
    parser.add_argument("--option", action="append", default=[], help="client option key=value (api=2.30, entry=form)")
    return parser.parse_args(argv)


def main(argv=None):
    channel = protocol.open_channel()
    args = parse_args(argv if argv is not None else sys.argv[1:])
    warnings.simplefilter("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    options = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep:
            sys.stderr.write("mvmatrix driver: --option %r is not key=value\n" % item)
            return 2
        options[key] = value
    if args.source:
        source = os.path.realpath(args.source)
        if not os.path.isdir(source):
            sys.stderr.write("mvmatrix driver: --source %s is not a directory\n" % source)
            return 2
        sys.path.insert(0, source)
    import importlib
    client = importlib.import_module(CLIENTS[args.client])
    driver = client.Driver(options, Sessions())
    module = importlib.import_module(client.MODULE)
    code = identity.code_identity(client.PROJECT, client.DISTRIBUTION, module, args.source)
    code["loaded"] = identity.loaded_modules_hash([args.source or code["location"]])
    hello = {
        "client": args.client,
        "entrypoint": driver.entrypoint,
        "options": options,
        "code": code,
        "python": identity.python_identity(),
        "libraries": identity.libraries(client.LIBRARIES),
        "pid": os.getpid(),
    }
    protocol.serve(channel, hello, driver.live_migrate)
    return 0


if __name__ == "__main__":
    sys.exit(main())

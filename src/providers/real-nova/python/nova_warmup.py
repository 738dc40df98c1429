#!/usr/bin/python3
"""Warm-up run baked into a real-Nova image at build time (scripts/nova-image/build-image.sh).

Debian byte-compiles every module of every python3-* package on install (py3compile), most of
it code the harness never runs (Nova's test tree, Horizon's dashboards). The image build skips
that and runs this instead: it starts the harness once (which creates the empty schemas in
--schemas, kept in the image so a container never runs nova-manage), sends it the requests of
<config>/requests.json (one of each kind the matrix and the conformance suites send), stops
it, and imports the client modules of <config>/imports.json. Python writes the .pyc of every
module that ran; those, and only those, are in the image.

<config> holds nova.conf (paths under /var/lib/mvmatrix/warmup), harness.json, world.json,
requests.json ([{method, path, headers, body}]) and imports.json (["novaclient.v2.client", ...]).
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRATCH = '/var/lib/mvmatrix/warmup'


def log(message):
    sys.stderr.write('nova-warmup: %s\n' % message)
    sys.stderr.flush()


def send_all(port, requests):
    statuses = {}
    for spec in requests:
        connection = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
        body = spec.get('body')
        connection.request(spec['method'], spec['path'], body=body.encode() if body else None, headers=spec.get('headers', {}))
        response = connection.getresponse()
        response.read()
        connection.close()
        statuses[response.status] = statuses.get(response.status, 0) + 1
    return statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--schemas', required=True)
    args = parser.parse_args()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    shutil.copytree(args.config, SCRATCH)
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    harness = subprocess.Popen(
        [sys.executable, os.path.join(HERE, 'nova_harness.py'), '--scratch', SCRATCH,
         '--profile', os.path.join(SCRATCH, 'harness.json'), '--world', os.path.join(SCRATCH, 'world.json'),
         '--schema-cache', args.schemas, '--port', '0'],
        stdout=subprocess.PIPE, env=env)
    try:
        port = None
        for line in harness.stdout:
            text = line.decode('utf-8', 'replace')
            if text.startswith('MVMATRIX-READY '):
                port = json.loads(text[len('MVMATRIX-READY '):])['port']
                break
        if port is None:
            raise SystemExit('the harness exited before it was ready (exit %s)' % harness.wait())
        with open(os.path.join(SCRATCH, 'requests.json')) as handle:
            requests = json.load(handle)
        statuses = send_all(port, requests)
        log('%d requests answered: %s' % (len(requests), ', '.join('%s x%d' % kv for kv in sorted(statuses.items()))))
        if 500 in statuses and len(statuses) == 1:
            raise SystemExit('every warm-up request failed with 500: the harness does not work with this release')
    finally:
        if harness.poll() is None:
            harness.send_signal(signal.SIGTERM)
            harness.wait()
    with open(os.path.join(SCRATCH, 'imports.json')) as handle:
        modules = json.load(handle)
    code = 'import importlib, sys\nfailed = []\nfor m in %r:\n    try:\n        importlib.import_module(m)\n    except Exception as e:\n        failed.append("%%s (%%s)" %% (m, e))\nprint("\\n".join(failed))\n' % (modules,)
    result = subprocess.run([sys.executable, '-c', code], stdout=subprocess.PIPE, env=env)
    failed = [line for line in result.stdout.decode().splitlines() if line.strip()]
    log('imported %d of %d client modules%s' % (len(modules) - len(failed), len(modules),
                                               ' (not here: %s)' % '; '.join(failed) if failed else ''))
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == '__main__':
    main()

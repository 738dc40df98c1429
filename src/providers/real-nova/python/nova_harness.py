#!/usr/bin/python3
"""mvmatrix harness: the REAL Nova compute API (Debian python3-nova) on loopback.

Started by src/providers/real-nova/launcher.ts with the scratch directory that holds
nova.conf and api-paste.ini (written by the launcher). It

1. creates the sqlite schemas once per scratch directory (nova-manage through
   nova_manage.py) and keeps a pristine copy in <scratch>/template/, so a warm start only
   copies three files;
2. serves a tiny fake Neutron (every GET answers an empty list) so showing or migrating an
   instance does not 500;
3. loads Nova's own WSGI application and seeds the default mvmatrix world through Nova's
   objects (services, compute nodes, host mappings, flavor, servers in every template state);
4. serves Nova and the control API (/_mvmatrix/...) on one port with eventlet, and prints
   one line `MVMATRIX-READY {"port": N, ...}` on stdout when it answers.

Nothing here talks to anything but 127.0.0.1.
"""
import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DB_FILES = ('nova_api.sqlite', 'nova.sqlite', 'nova_cell0.sqlite')
SCHEMA_STAMP = 'schema-v1'


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


def manage(scratch, *argv):
    """Runs one nova-manage command in a child process (nova-manage parses sys.argv)."""
    conf = os.path.join(scratch, 'nova.conf')
    cmd = [sys.executable, os.path.join(HERE, 'nova_manage.py'), '--config-file', conf] + list(argv)
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=scratch)
    if result.returncode != 0:
        raise SystemExit('nova-manage %s failed (exit %d):\n%s' % (
            ' '.join(argv), result.returncode, result.stdout.decode('utf-8', 'replace')[-4000:]))


def prepare_databases(scratch, cache, fresh):
    """Schemas once per cache dir (a pristine copy of the three sqlite files), then a copy of
    that for this run, so every start has an empty, freshly seeded world."""
    template = cache or os.path.join(scratch, 'template')
    stamp = os.path.join(template, SCHEMA_STAMP)
    if fresh or not os.path.exists(stamp):
        for name in DB_FILES:
            path = os.path.join(scratch, name)
            if os.path.exists(path):
                os.remove(path)
        log('creating schemas (api_db sync, map_cell0, db sync, create_cell)')
        manage(scratch, 'api_db', 'sync')
        manage(scratch, 'cell_v2', 'map_cell0', '--database_connection',
               'sqlite:///' + os.path.join(scratch, 'nova_cell0.sqlite'))
        manage(scratch, 'db', 'sync')
        manage(scratch, 'cell_v2', 'create_cell', '--name', 'cell1')
        # Publish atomically: concurrent harnesses may race to fill the same cache.
        staging = '%s.tmp.%d' % (template.rstrip('/'), os.getpid())
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        for name in DB_FILES:
            shutil.copyfile(os.path.join(scratch, name), os.path.join(staging, name))
        with open(os.path.join(staging, SCHEMA_STAMP), 'w') as handle:
            handle.write('ok\n')
        if fresh:
            shutil.rmtree(template, ignore_errors=True)
        os.makedirs(os.path.dirname(template.rstrip('/')) or '.', exist_ok=True)
        try:
            os.rename(staging, template)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    else:
        for name in DB_FILES:
            shutil.copyfile(os.path.join(template, name), os.path.join(scratch, name))
    point_cells_at(scratch)
    for name in DB_FILES:
        # WAL: readers never wait for a writer (a wait inside sqlite would block every
        # green thread of the eventlet server, not just the waiting one).
        connection = sqlite3.connect(os.path.join(scratch, name))
        try:
            connection.execute('PRAGMA journal_mode=WAL')
        finally:
            connection.close()


def point_cells_at(scratch):
    """Cell mappings store absolute database URLs: aim them at this run's copies."""
    connection = sqlite3.connect(os.path.join(scratch, 'nova_api.sqlite'))
    try:
        for cell, name in (('cell0', 'nova_cell0.sqlite'), ('cell1', 'nova.sqlite')):
            connection.execute('UPDATE cell_mappings SET database_connection = ? WHERE name = ?',
                               ('sqlite:///' + os.path.join(scratch, name), cell))
        connection.commit()
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--scratch', required=True)
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--bind', default='127.0.0.1')
    parser.add_argument('--world', required=True, help='JSON file describing the world to seed')
    parser.add_argument('--schema-cache', default=None,
                        help='directory keeping the empty schemas between runs (default <scratch>/template)')
    parser.add_argument('--fresh', action='store_true', help='recreate the schemas')
    args = parser.parse_args()
    # Stop at once on SIGTERM (the launcher signals the whole process group).
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    scratch = os.path.abspath(args.scratch)

    parent = os.getppid()
    prepare_databases(scratch, args.schema_cache and os.path.abspath(args.schema_cache), args.fresh)
    if os.getppid() != parent:
        sys.exit(0)  # the launcher died while the schemas were being created

    # Only now: nova.monkey_patch must run before Nova's modules are imported.
    os.environ['OS_NOVA_CONFIG_DIR'] = scratch
    os.environ['OS_NOVA_CONFIG_FILES'] = 'api-paste.ini;nova.conf'
    sys.path.insert(0, HERE)
    import nova_server
    with open(args.world) as handle:
        world = json.load(handle)
    nova_server.serve(args.bind, args.port, world, parent)


if __name__ == '__main__':
    main()

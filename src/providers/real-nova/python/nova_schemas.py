"""The empty sqlite schemas of an API-only Nova, created once with nova-manage and copied
for every start, so each start begins with an empty, freshly seeded world.

Used by nova_harness.py at start and by nova_warmup.py when an image is built (the image
keeps the pristine copy in /var/lib/mvmatrix/schemas, so a container never runs nova-manage).
"""
import os
import shutil
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


def has_schemas(template):
    return os.path.exists(os.path.join(template, SCHEMA_STAMP))


def create_schemas(scratch, template, fresh=False):
    """Runs nova-manage in `scratch` and publishes the three files to `template` atomically
    (concurrent harnesses may race to fill the same cache)."""
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


def prepare_databases(scratch, cache, fresh):
    """Schemas once per cache dir, then a copy of them for this run."""
    template = cache or os.path.join(scratch, 'template')
    if fresh or not has_schemas(template):
        create_schemas(scratch, template, fresh)
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

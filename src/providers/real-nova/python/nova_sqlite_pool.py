"""API mode: sqlite connections kept open between requests, as SQLAlchemy 2.0 keeps them.

Before 2.0 (Victoria's SQLAlchemy 1.3, Zed's 1.4) SQLAlchemy gives a file database NullPool:
every database session opens a new sqlite connection, and sqlite parses Nova's whole schema
again on that connection's first statement (oslo.db's connect-time PRAGMA). On Zed that was
about a quarter of the API's CPU per request (cProfile of the differential corpus, 2026-12-01:
11,989 connects, 9.6 s in that PRAGMA alone). SQLAlchemy 2.0 (Epoxy on) pools file databases
in a QueuePool with check_same_thread off; this gives the older releases the same. A deployment
setting, like the pool a MySQL-backed Nova has: the databases, Nova's code and every answer are
unchanged (the committed cassettes re-record byte for byte)."""
import sys


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


def _is_file_database(url):
    return bool(url.database) and url.database != ':memory:'


def pool_file_databases():
    from sqlalchemy import pool
    from sqlalchemy.dialects.sqlite import pysqlite
    from sqlalchemy.engine.url import make_url

    dialect = pysqlite.SQLiteDialect_pysqlite
    if dialect.get_pool_class(make_url('sqlite:////nova.sqlite')) is not pool.NullPool:
        return  # SQLAlchemy 2.0 on: already pooled
    original_pool_class = dialect.get_pool_class
    original_connect_args = dialect.create_connect_args

    def get_pool_class(cls, url):
        return pool.QueuePool if _is_file_database(url) else original_pool_class(url)

    def create_connect_args(self, url):
        args, kwargs = original_connect_args(self, url)
        if _is_file_database(url):
            # A pooled connection may serve another thread than the one that opened it
            # (SQLAlchemy 2.0's default for pooled file databases too).
            kwargs.setdefault('check_same_thread', False)
        return args, kwargs

    dialect.get_pool_class = classmethod(get_pool_class)
    dialect.create_connect_args = create_connect_args
    log('sqlite file databases pooled (QueuePool, as SQLAlchemy 2.0 does)')

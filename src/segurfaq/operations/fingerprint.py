"""Row counts and a checksum of every table: what an operator compares before a backup and
after its restore (`segurfaq fingerprint`). Rows are read in order, a batch at a time, on a
server-side cursor where the database has them: memory stays flat on any size."""

import hashlib
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

BATCH = 5000


@dataclass(frozen=True)
class TableFingerprint:
    table: str
    rows: int
    sha256: str


def database_fingerprint(*, alias: str = DEFAULT_DB_ALIAS) -> list[TableFingerprint]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    return [_table(connection, table) for table in tables]


def _table(connection, table: str) -> TableFingerprint:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, table)
    order = ", ".join(str(position) for position in range(1, len(columns) + 1))
    digest, rows = hashlib.sha256(), 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608 - a table name
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                digest.update(repr(tuple(_plain(value) for value in row)).encode())
            rows += len(batch)
    return TableFingerprint(table=table, rows=rows, sha256=digest.hexdigest())


def _plain(value):
    # Binary columns come back as memoryview, whose repr is an address.
    return bytes(value) if isinstance(value, memoryview) else value

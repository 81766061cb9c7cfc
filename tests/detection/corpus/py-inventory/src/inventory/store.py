import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Iterator

from .models import Item, Unit

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    quantity REAL NOT NULL DEFAULT 0,
    unit TEXT NOT NULL
);
"""


class Store:
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path)
        self._conn.executescript(SCHEMA)

    def save(self, item: Item) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)",
                (item.sku, item.name, item.quantity, item.unit.value),
            )

    def all(self) -> Iterator[Item]:
        with closing(self._conn.cursor()) as cur:
            for sku, name, qty, unit in cur.execute("SELECT * FROM items ORDER BY sku"):
                yield Item(sku, name, qty, Unit(unit))

    def close(self) -> None:
        self._conn.close()

from datetime import datetime
from enum import Enum

class Unit(Enum):
    PIECE: str
    KILOGRAM: str
    LITRE: str

class Location:
    aisle: str
    shelf: int
    def __init__(self, aisle: str, shelf: int) -> None: ...

class Item:
    sku: str
    name: str
    quantity: float
    unit: Unit
    location: Location | None
    updated: datetime
    def restock(self, amount: float) -> None: ...
    def take(self, amount: float) -> float: ...

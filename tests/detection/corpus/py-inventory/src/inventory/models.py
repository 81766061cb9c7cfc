from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Unit(Enum):
    PIECE = "pc"
    KILOGRAM = "kg"
    LITRE = "l"


@dataclass(frozen=True)
class Location:
    aisle: str
    shelf: int

    def __str__(self) -> str:
        return f"{self.aisle}-{self.shelf:02d}"


@dataclass
class Item:
    sku: str
    name: str
    quantity: float = 0
    unit: Unit = Unit.PIECE
    location: Location | None = None
    updated: datetime = field(default_factory=datetime.utcnow)

    def restock(self, amount: float) -> None:
        if amount <= 0:
            raise ValueError("restock amount must be positive")
        self.quantity += amount
        self.updated = datetime.utcnow()

    def take(self, amount: float) -> float:
        taken = min(amount, self.quantity)
        self.quantity -= taken
        return taken

"""Warehouse stock tracking."""

from .models import Item, Location
from .store import Store

__all__ = ["Item", "Location", "Store"]
__version__ = "0.4.2"

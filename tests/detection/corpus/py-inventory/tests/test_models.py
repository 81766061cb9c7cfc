import pytest

from inventory.models import Item, Location


def test_location_str():
    assert str(Location("B", 3)) == "B-03"


def test_restock_and_take():
    item = Item("A-1", "bolt", 5)
    item.restock(10)
    assert item.take(20) == 15
    assert item.quantity == 0


def test_restock_rejects_negative():
    with pytest.raises(ValueError):
        Item("A-2", "nut").restock(-1)

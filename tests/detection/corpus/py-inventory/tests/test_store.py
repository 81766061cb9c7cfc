from inventory.models import Item


def test_round_trip(store):
    store.save(Item("Z-9", "washer", 3))
    store.save(Item("A-1", "bolt", 1))
    assert [i.sku for i in store.all()] == ["A-1", "Z-9"]

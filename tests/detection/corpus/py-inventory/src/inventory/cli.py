import click
from rich.console import Console
from rich.table import Table

from .models import Item
from .store import Store

console = Console()


@click.group()
@click.option("--db", default="inventory.db", show_default=True)
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    ctx.obj = Store(db)


@main.command()
@click.argument("sku")
@click.argument("name")
@click.option("--qty", type=float, default=0)
@click.pass_obj
def add(store: Store, sku: str, name: str, qty: float) -> None:
    store.save(Item(sku, name, qty))
    console.print(f"added [bold]{sku}[/bold]")


@main.command(name="list")
@click.pass_obj
def list_items(store: Store) -> None:
    table = Table("SKU", "Name", "Qty")
    for item in store.all():
        table.add_row(item.sku, item.name, f"{item.quantity:g}")
    console.print(table)

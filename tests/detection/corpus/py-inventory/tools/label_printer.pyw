import tkinter as tk
from tkinter import simpledialog

root = tk.Tk()
root.withdraw()
sku = simpledialog.askstring("Label printer", "SKU to print:")
if sku:
    with open("label.txt", "w", encoding="utf-8") as out:
        out.write(f"*{sku.upper()}*\n")

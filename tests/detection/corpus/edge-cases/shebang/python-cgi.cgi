#!/usr/bin/env python3
import html
import os

print("Content-Type: text/html\n")
query = os.environ.get("QUERY_STRING", "")
print(f"<p>You asked for: {html.escape(query)}</p>")

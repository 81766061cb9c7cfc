#!/usr/bin/env python3
import cgi
import html

form = cgi.FieldStorage()
name = html.escape(form.getfirst("name", "stranger"))
print("Content-Type: text/html")
print()
print(f"<p>Thanks, {name}.</p>")

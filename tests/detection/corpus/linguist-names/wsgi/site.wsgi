import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from blog.app import create_app  # noqa: E402

application = create_app(os.environ.get("BLOG_SETTINGS", "production"))

#!/usr/bin/env bash
set -euo pipefail
version=$(python -c 'import inventory; print(inventory.__version__)')
git tag -a "v$version" -m "inventory $version"
python -m build
twine upload dist/*

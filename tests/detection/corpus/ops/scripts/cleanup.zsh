#!/usr/bin/env zsh
setopt extended_glob null_glob
# Remove build caches older than a week.
for dir in ~/src/*/(build|target|node_modules)(/mw+1); do
  print -r -- "removing $dir"
  rm -rf -- $dir
done

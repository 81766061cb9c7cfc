#!/bin/bash
set -euo pipefail

BACKUP_DIR=/var/backups/postgres
KEEP_DAYS=14
stamp=$(date +%Y%m%d-%H%M%S)

mkdir -p "$BACKUP_DIR"
pg_dumpall -U postgres | gzip > "$BACKUP_DIR/all-$stamp.sql.gz"
find "$BACKUP_DIR" -name 'all-*.sql.gz' -mtime +"$KEEP_DAYS" -delete
echo "backup written: $BACKUP_DIR/all-$stamp.sql.gz"

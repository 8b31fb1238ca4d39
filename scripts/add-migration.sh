#!/usr/bin/env bash
# Adds one EF Core migration to all three providers so they never drift apart.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
dotnet build Streamline.Core -c Debug -v quiet -nologo
for pair in Sqlite:SqliteStreamlineDbContext Postgres:PostgresStreamlineDbContext SqlServer:SqlServerStreamlineDbContext; do
  folder=${pair%%:*}
  context=${pair#*:}
  echo "== $folder"
  dotnet ef migrations add "$name" --no-build \
    --project Streamline.Core --startup-project Streamline.Core \
    --context "$context" --output-dir "Data/Migrations/$folder"
done

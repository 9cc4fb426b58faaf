#!/usr/bin/env bash
# Packs Syncline.Protocol and Syncline.Client into artifacts/packages (failing on any warning), then builds and
# runs this console app against those packages alone, from a fresh package cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$root/artifacts/packages" "$root/artifacts/sample-packages"
for project in Syncline.Protocol Syncline.Client; do
  dotnet pack "$root/src/$project" -c Release -o "$root/artifacts/packages" -warnaserror
done
ls "$root/artifacts/packages"
dotnet run --project "$root/samples/LocalFeed" -c Release

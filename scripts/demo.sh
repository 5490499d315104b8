#!/usr/bin/env bash
# Install, then build the dossier of the example corpus into out/example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
args=(examples/corpus --out "${1:-out/example}")
args+=(--aliases examples/aliases.json)
status=0
.venv/bin/hearsay build "${args[@]}" || status=$?
# exit 3 means "built, some inputs skipped": the example corpus has deliberately bad files.
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status"
.venv/bin/hearsay show "${1:-out/example}"

#!/usr/bin/env bash
# Install hearsay and everything it needs into a repo-local .venv (idempotent, offline at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# torch first, pinned: an unpinned torch pulls gigabytes of CUDA wheels.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    .venv/bin/python -m pip install -q "torch==2.13.0"
fi
.venv/bin/python -m pip install -q -e ".[claims,api,dev]"
echo "hearsay installed in .venv ($(.venv/bin/python -c 'import hearsay; print(hearsay.__version__)'))"

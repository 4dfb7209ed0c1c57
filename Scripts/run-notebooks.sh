#!/usr/bin/env bash
# Runs every analyst notebook (Notebooks/*.ipynb) headlessly, top to bottom, with the Python kernel
# of the virtualenv .venv-notebooks (created, with pandas, openpyxl, nbclient, nbformat and
# ipykernel, when missing). Executed copies go to .build-notebooks/; the committed notebooks are never modified and
# must carry no outputs. Builds the release binary when it is missing or older than the sources,
# unless ONTRACK points at a binary. Prints one line per notebook with its run time; exits 1 when
# any notebook fails (naming the cell), 2 when the environment cannot be set up. Usage:
#   Scripts/run-notebooks.sh [NOTEBOOK.ipynb...]     default: Notebooks/*.ipynb
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

venv=.venv-notebooks
if ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import pandas, openpyxl, nbclient, nbformat, ipykernel" 2>/dev/null; }; then
  if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
      if [ "$(id -u)" -eq 0 ]; then
        echo "run-notebooks: installing python3-venv" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      else
        echo "run-notebooks: python3 -m venv is unavailable; install python3-venv (as root) and run again" >&2
        exit 2
      fi
    fi
    python3 -m venv "$venv"
  fi
  echo "run-notebooks: installing pandas, openpyxl, nbclient, nbformat and ipykernel into $venv" >&2
  "$venv/bin/pip" install --quiet pandas openpyxl nbclient nbformat ipykernel >&2
fi

# The binary the notebooks find: $ONTRACK if set, else .build/release/ontrack (built here when it is
# missing or older than the sources, so the notebooks never run a stale CLI).
if [ -n "${ONTRACK:-}" ]; then
  case $ONTRACK in */*) ONTRACK=$(cd "$(dirname "$ONTRACK")" && pwd)/$(basename "$ONTRACK") ;; esac
  export ONTRACK  # absolute: the notebooks run in Notebooks/
else
  ontrack=.build/release/ontrack
  if [ ! -x "$ontrack" ] || [ -n "$(find Sources Package.swift -newer "$ontrack" -print -quit)" ]; then
    echo "run-notebooks: building $ontrack" >&2
    Scripts/setup.sh
    swift build -c release --product ontrack >&2
  fi
fi

# Register the venv's Python as the kernel "python3" inside the venv and put that first on the
# kernel search path, so no user-level or system kernel of the same name is picked instead.
"$venv/bin/python" -m ipykernel install --prefix "$venv" --name python3 --display-name "Python 3 (OnTrack notebooks)" >/dev/null
export JUPYTER_PATH="$PWD/$venv/share/jupyter"
export JUPYTER_PLATFORM_DIRS=1 PYDEVD_DISABLE_FILE_VALIDATION=1

if [ $# -gt 0 ]; then notebooks=("$@"); else notebooks=(Notebooks/*.ipynb); fi
mkdir -p .build-notebooks
"$venv/bin/python" - .build-notebooks "${notebooks[@]}" <<'EOF'
import os, sys, time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

out_dir, notebooks = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
venv_python = os.path.abspath(".venv-notebooks/bin/python")
kernel = KernelSpecManager().get_kernel_spec("python3")
if os.path.abspath(kernel.argv[0]) != venv_python:
    sys.exit(f"run-notebooks: kernel python3 runs {kernel.argv[0]}, not {venv_python}")

failed = 0
for path in notebooks:
    nb = nbformat.read(path, as_version=4)
    stale = [i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    if stale:
        print(f"{path}: FAILED, committed with outputs in cell(s) {', '.join(map(str, stale))}; clear them "
              f"(see Notebooks/README.md)", flush=True)
        failed += 1
        continue
    current = {}
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no TCP-transport warning
                            resources={"metadata": {"path": str(path.parent.resolve())}},
                            on_cell_execute=lambda cell, cell_index: current.update(index=cell_index))
    started = time.monotonic()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = f"{e.ename}: {e.evalue}" if getattr(e, "ename", None) else str(e).strip().splitlines()[-1]
    except (CellTimeoutError, TimeoutError):
        error = "timed out after 300 s"
    except DeadKernelError as e:
        error = f"kernel died: {e}"
    elapsed = time.monotonic() - started
    target = out_dir / path.name
    nbformat.write(nb, target)
    if error is None:
        print(f"{path}: ok, {elapsed:.1f} s ({len(nb.cells)} cells) -> {target}", flush=True)
    else:
        failed += 1
        index = current.get("index")
        where = "before the first cell"
        if index is not None:
            first = nb.cells[index].source.strip().splitlines()
            where = f"in cell {index + 1}" + (f" ({first[0][:60]!r})" if first else "")
        error = " ".join(error.split())
        error = error if len(error) <= 240 else error[:239] + "…"
        print(f"{path}: FAILED {where} after {elapsed:.1f} s: {error}; executed copy with the traceback: {target}",
              flush=True)
sys.exit(1 if failed else 0)
EOF

# Sourced by tests/python/run.sh and notebooks/run.sh: makes sure
# tests/python/.venv exists with the pinned packages, and sets $venv.
# Reinstalls when any of the requirements files changes (a hash is kept in the venv).
venv=tests/python/.venv
wanted=$(cat tests/python/requirements.txt notebooks/requirements.txt examples/distributed/requirements.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$wanted" ]; then
    echo "setting up $venv (pinned in tests/python/requirements.txt, notebooks/requirements.txt, examples/distributed/requirements.txt)..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
    echo "$wanted" > "$venv/.requirements"
fi

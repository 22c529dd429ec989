#!/bin/sh
# Build the Gradescope autograder zip: setup.sh, run_autograder, autograder.env, ssh/ and a snapshot of this
# repository (git archive HEAD) as dockgrade/. Writes ci/gradescope/autograder.zip. See README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$here/autograder.env" ]; then
    echo "copy $here/autograder.env.example to autograder.env and fill it in first" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$here/autograder.env" "$work/"
if [ -d "$here/ssh" ]; then cp -r "$here/ssh" "$work/ssh"; fi
mkdir "$work/dockgrade"
git -C "$root" archive HEAD | tar -x -C "$work/dockgrade"
python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])' "$here/autograder" "$work"
echo "$here/autograder.zip"

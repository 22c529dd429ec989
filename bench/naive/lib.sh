# Sourced by every naive script: the course's way of checking an exercise by hand, in a script.
# Fixed host ports (high and unusual, so other work on the machine is left alone), fixed sleeps before
# every probe, every name prefixed "dgbench-naive-" and labelled, so the harness can sweep leftovers.
EX=${EXERCISES:-$(cd "$(dirname "$0")/../../exercises" && pwd)}
N=dgbench-naive
L="--label dgbench=naive"
WEB=47180   # the course's 8080 (or 80)
APP=47181   # the email app's 8080
API=47130   # the backend's 3000
REG=47150   # the registry's 5000
WAIT=5      # sleep before each probe
UP=10       # sleep after `docker compose up -d` (pip install, database init)
SUBJECT="naive-$$"

# check NAME 'shell expression': one line, "ok NAME" or "FAIL NAME".
check() {
    if eval "$2" >/dev/null 2>&1; then echo "ok $1"; else echo "FAIL $1"; fi
}

# A compose project of this script, with the ports moved to the fixed ones above (override file OVR).
compose() {
    docker compose -p "$N-$PROJECT" --project-directory "$DIR" $FILES -f "$OVR" "$@"
}

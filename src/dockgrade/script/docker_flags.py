"""The docker CLI flags the course uses, per subcommand: which take a value, and their short forms.

A flag that is not listed makes the whole command unsupported: dockgrade never guesses what an
unknown flag does to untrusted input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlagSpec:
    """The flags of one subcommand: long names taking a value, boolean long names, short aliases."""

    values: frozenset[str] = frozenset()
    switches: frozenset[str] = frozenset()
    short: tuple[tuple[str, str], ...] = ()
    # run/create/exec: everything after the first positional belongs to the container's command.
    stops_at_positional: int = 0

    def long_name(self, flag: str) -> str | None:
        """``--name`` for ``--name``, ``--publish`` for ``-p``; None when unknown."""
        if flag.startswith("--"):
            return flag if flag in self.values or flag in self.switches else None
        return dict(self.short).get(flag)

    def takes_value(self, long_name: str) -> bool:
        """True for flags like ``--name`` whose value is the next word."""
        return long_name in self.values


def _spec(values: str = "", switches: str = "", short: str = "", stops: int = 0) -> FlagSpec:
    pairs = tuple(tuple(pair.split("=")) for pair in short.split())
    return FlagSpec(frozenset(values.split()), frozenset(switches.split()), pairs, stops)  # type: ignore[arg-type]


_RUN_VALUES = (
    "--name --publish --volume --env --env-file --workdir --user --entrypoint --network --net --network-alias "
    "--volumes-from --hostname --restart --memory --cpus --label --mount --cap-add --cap-drop --device --pid "
    "--ipc --uts --userns --security-opt --sysctl --add-host --dns --expose --link --platform --pull "
    "--log-driver --log-opt --tmpfs --shm-size --ulimit --stop-signal --pids-limit --memory-swap --cgroupns"
)
_RUN_SWITCHES = "--detach --interactive --tty --rm --init --privileged --publish-all --read-only --quiet"
_RUN_SHORT = (
    "-d=--detach -i=--interactive -t=--tty -p=--publish -v=--volume -e=--env -w=--workdir -u=--user "
    "-h=--hostname -m=--memory -l=--label -P=--publish-all -q=--quiet"
)

SPECS: dict[tuple[str, str], FlagSpec] = {
    ("container", "run"): _spec(_RUN_VALUES, _RUN_SWITCHES, _RUN_SHORT, stops=1),
    ("container", "create"): _spec(_RUN_VALUES, _RUN_SWITCHES, _RUN_SHORT, stops=1),
    ("container", "start"): _spec("", "--attach --interactive", "-a=--attach -i=--interactive"),
    ("container", "stop"): _spec("--time --signal", "", "-t=--time -s=--signal"),
    ("container", "restart"): _spec("--time --signal", "", "-t=--time -s=--signal"),
    ("container", "rm"): _spec("", "--force --volumes --link", "-f=--force -v=--volumes -l=--link"),
    ("container", "ls"): _spec(
        "--filter --format --last",
        "--all --quiet --latest --no-trunc --size",
        "-a=--all -q=--quiet -l=--latest -f=--filter -n=--last -s=--size",
    ),
    ("container", "logs"): _spec(
        "--tail --since --until", "--follow --timestamps --details", "-f=--follow -t=--timestamps -n=--tail"
    ),
    ("container", "exec"): _spec(
        "--env --user --workdir",
        "--detach --interactive --tty --privileged",
        "-d=--detach -i=--interactive -t=--tty -e=--env -u=--user -w=--workdir",
        stops=1,
    ),
    ("container", "inspect"): _spec("--format", "--size", "-f=--format -s=--size"),
    ("container", "diff"): _spec(),
    ("container", "port"): _spec(),
    ("object", "inspect"): _spec("--format --type", "--size", "-f=--format -s=--size"),
    ("image", "pull"): _spec("--platform", "--all-tags --quiet", "-a=--all-tags -q=--quiet"),
    ("image", "push"): _spec("", "--all-tags --quiet", "-a=--all-tags -q=--quiet"),
    ("image", "tag"): _spec(),
    ("image", "rm"): _spec("", "--force --no-prune", "-f=--force"),
    ("image", "ls"): _spec(
        "--filter --format", "--all --quiet --no-trunc --digests", "-a=--all -q=--quiet -f=--filter"
    ),
    ("image", "inspect"): _spec("--format --platform", "", "-f=--format"),
    ("image", "build"): _spec(
        "--tag --file --build-arg --label --platform --target --network",
        "--no-cache --pull --quiet --rm",
        "-t=--tag -f=--file -q=--quiet",
    ),
    ("network", "create"): _spec(
        "--driver --subnet --gateway --ip-range --label --opt",
        "--internal --attachable --ipv6",
        "-d=--driver -o=--opt",
    ),
    ("network", "ls"): _spec("--filter --format", "--quiet --no-trunc", "-q=--quiet -f=--filter"),
    ("network", "inspect"): _spec("--format", "--verbose", "-f=--format -v=--verbose"),
    ("network", "connect"): _spec("--alias --ip --link", ""),
    ("network", "disconnect"): _spec("", "--force", "-f=--force"),
    ("network", "rm"): _spec("", "--force", "-f=--force"),
    ("volume", "create"): _spec("--driver --name --label --opt", "", "-d=--driver -o=--opt"),
    ("volume", "ls"): _spec("--filter --format", "--quiet", "-q=--quiet -f=--filter"),
    ("volume", "rm"): _spec("", "--force", "-f=--force"),
    ("volume", "inspect"): _spec("--format", "", "-f=--format"),
}

# Old top-level syntax → (object, action) of the new syntax.
SHORTHANDS: dict[str, tuple[str, str]] = {
    "run": ("container", "run"),
    "create": ("container", "create"),
    "start": ("container", "start"),
    "stop": ("container", "stop"),
    "restart": ("container", "restart"),
    "rm": ("container", "rm"),
    "ps": ("container", "ls"),
    "logs": ("container", "logs"),
    "exec": ("container", "exec"),
    "diff": ("container", "diff"),
    "port": ("container", "port"),
    "inspect": ("object", "inspect"),
    "pull": ("image", "pull"),
    "push": ("image", "push"),
    "tag": ("image", "tag"),
    "rmi": ("image", "rm"),
    "images": ("image", "ls"),
    "build": ("image", "build"),
}
ACTION_ALIASES = {"list": "ls", "ps": "ls", "remove": "rm"}
OBJECTS = frozenset({"container", "image", "network", "volume"})
# --net is docker's older spelling of --network.
CANONICAL = {"--net": "--network"}

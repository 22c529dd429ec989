"""The course's exercises: ids, canonical folders, the aliases students use, content fingerprints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fingerprint:
    """A file whose text contains every ``all_of`` and none of ``none_of`` (case-insensitive)."""

    files: tuple[str, ...]
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """True when ``text`` has every required fragment and no excluded one."""
        lowered = text.lower()
        return all(f.lower() in lowered for f in self.all_of) and not any(f.lower() in lowered for f in self.none_of)


@dataclass(frozen=True)
class Exercise:
    """One gradable exercise and how to find it in a student's repository."""

    id: str
    folder: str
    marker_files: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    fingerprint: Fingerprint | None = None
    # The lecture's own command, run on the student's files when the folder holds the exercise's result but no
    # script (``ex-volume/html/index.html`` and no run.sh): the grading then observes the same behaviour.
    canonical: str = ""
    # Folders this exercise shares with another one (s4-e08 is done in s4-e07's ``ex-volume``): a run.sh found
    # there is this exercise's only when it matches the fingerprint, else the lecture's command runs.
    shared_folders: tuple[str, ...] = ()
    # A lecture step of a project the lectures change in place (sections 8 and 9): the id of the project's final
    # step, whose folder holds this step's work when the repository keeps only the final project.
    final_project: str = ""

    @property
    def section(self) -> int:
        """The course section (``s5-…`` → 5)."""
        return int(self.id[1 : self.id.index("-")])

    @property
    def folder_names(self) -> tuple[str, ...]:
        """The canonical folder first, then the aliases, as the student-facing list of places looked at."""
        return (self.folder, *self.aliases)


DOCKERFILES = ("Dockerfile", "dockerfile")
SCRIPTS = ("run.sh",)


def _script(exercise_id: str, folder: str, aliases: tuple[str, ...], *fragments: str) -> Exercise:
    """A command-line exercise: a run.sh whose docker commands are the deliverable."""
    return Exercise(exercise_id, folder, SCRIPTS, aliases, Fingerprint(SCRIPTS, fragments) if fragments else None)


# s4-e07/e08 leave files (html/index.html) that the lecture's command serves; most repositories keep no script.
WEB_FILES = (*SCRIPTS, "html/index.html")
_SERVE_HTML = "-p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx"


def _served(
    exercise_id: str, folder: str, aliases: tuple[str, ...], fragments: tuple[str, ...], command: str, *shared: str
) -> Exercise:
    """A command-line exercise whose result is a folder nginx serves: its run.sh, else the lecture's command."""
    return Exercise(exercise_id, folder, WEB_FILES, aliases, Fingerprint(SCRIPTS, fragments), command, shared)


SECTION4: tuple[Exercise, ...] = (
    _script("s4-e01-hello-world", "hello-world", ("hello", "ex-hello-world"), "hello-world"),
    _script("s4-e02-different-tools", "ferramentas-diferentes", ("different-tools", "bash-version"), "bash --version"),
    _script("s4-e03-run-always-new", "run-sempre-novo", ("run-always-new", "run-cria-novo"), "curso-docker.txt", "ls"),
    _script("s4-e04-unique-names", "nomes-unicos", ("unique-names", "nomes-unicos-containers"), "--name mydeb"),
    _script("s4-e05-reuse-container", "reutilizar-container", ("reuse-container", "start-ai"), "start -ai"),
    _script("s4-e06-port-mapping", "mapear-portas", ("port-mapping", "portas"), "8080:80", "nginx"),
    _served(
        "s4-e07-volume-mapping",
        "ex-volume",
        ("volume-mapping", "mapear-volume", "mapear-diretorios", "exercicio_daemon/ex-volume"),
        ("/usr/share/nginx/html", "-v"),
        f"docker container run -d {_SERVE_HTML}",
    ),
    _served(
        "s4-e08-daemon-web-server",
        "ex-daemon-basic",
        ("daemon-web-server", "exercicio_daemon", "ex-volume"),
        ("ex-daemon-basic",),
        f"docker container run -d --name ex-daemon-basic {_SERVE_HTML}",
        "ex-volume",
    ),
    _script("s4-e09-manage-daemon", "gerenciar-daemon", ("manage-daemon",), "restart", "stop", "start"),
    _script("s4-e10-daemon-inspection", "inspecao-daemon", ("daemon-inspection",), "exec", "uname"),
)

SECTION6: tuple[Exercise, ...] = (
    _script("s6-e01-network-overview", "redes-visao-geral", ("network-overview", "network"), "network ls"),
    _script("s6-e02-none-network", "rede-none", ("none-network", "rede-nenhuma"), "none", "ifconfig"),
    _script("s6-e03-default-bridge", "rede-bridge", ("default-bridge", "bridge"), "container2", "sleep"),
    _script("s6-e04-user-defined-bridge", "rede-nova", ("user-defined-bridge", "rede_nova"), "network create"),
    _script("s6-e05-connect-disconnect", "conectar-rede", ("connect-disconnect",), "network connect"),
    _script("s6-e06-host-network", "rede-host", ("host-network",), "host"),
    _script("s6-x01-name-resolution", "resolucao-nomes", ("name-resolution",), "ping", "network create"),
)

COMPOSE_FILES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")


def _compose(exercise_id: str, folder: str, aliases: tuple[str, ...] = (), *fragments: str) -> Exercise:
    """A compose project step: its own folder, or (for final states) the course's project folder."""
    fingerprint = Fingerprint(COMPOSE_FILES, fragments) if fragments else None
    return Exercise(exercise_id, folder, COMPOSE_FILES, aliases, fingerprint)


SECTION7 = (_compose("s7-c01-compose-concepts", "compose-valido", ("compose",), "services"),)

S8_FINAL = "s8-e03-rest-api"
S9_FINAL = "s9-e10-override"
# The folder names students give the final projects (the course's name first): typos, translations, nesting.
S8_PROJECT_FOLDERS = ("node-mongo-compose", "node_mongo_compose", "docker-compose-example", "cadastro-simples")
S9_PROJECT_FOLDERS = (
    "email-worker-compose",
    "email_worker_compose",
    "email-workers-compose",
    "email-worker",
    "envio-emails",
    "envio-de-emails",
    "email-sender",
)


def _step(exercise_id: str, folder: str, final: str) -> Exercise:
    """A lecture step: its own folder, else (a repository with only the final project) the final project's."""
    return Exercise(exercise_id, folder, COMPOSE_FILES, final_project=final)


SECTION8 = (
    Exercise(
        "s8-e01-initial-structure",
        "e01-structure",
        ("backend/package.json",),
        S8_PROJECT_FOLDERS,
        Fingerprint(("backend/package.json",), ("node-restful",)),
    ),
    _step("s8-e02-backend-test", "e02-backend-test", S8_FINAL),
    _compose(S8_FINAL, "e03-rest-api", S8_PROJECT_FOLDERS, "mongo"),
)

SECTION9 = (
    _step("s9-e01-db-compose", "e01-db", S9_FINAL),
    _step("s9-e02-volumes-init-scripts", "e02-volumes", S9_FINAL),
    _step("s9-e03-frontend", "e03-frontend", S9_FINAL),
    _step("s9-e04-app-enqueue", "e04-app", S9_FINAL),
    _step("s9-e05-reverse-proxy", "e05-proxy", S9_FINAL),
    _step("s9-e06-networks-deps-db", "e06-networks", S9_FINAL),
    _step("s9-e07-queue-workers", "e07-queue", S9_FINAL),
    _step("s9-e08-scale-workers", "e08-scale", S9_FINAL),
    _step("s9-e09-twelve-factors-env", "e09-env", S9_FINAL),
    _compose(S9_FINAL, "e10-override", S9_PROJECT_FOLDERS, "redis", "worker", "postgres"),
)

EXERCISES: tuple[Exercise, ...] = (
    SECTION4
    + SECTION6
    + SECTION7
    + SECTION8
    + SECTION9
    + (
        Exercise(
            "s5-e01-image-tags",
            "image-tags",
            SCRIPTS,
            ("tags", "imagens", "image-tag"),
            Fingerprint(SCRIPTS, ("redis", "tag", "rm"), ("push",)),
        ),
        Exercise(
            "s5-e02-first-build",
            "primeiro-build",
            DOCKERFILES,
            ("primeiro_build", "first-build", "ex-volume/primeiro-build"),
            Fingerprint(DOCKERFILES, ("from nginx", "index.html"), ("copy", "conteudo", "s3_bucket")),
        ),
        Exercise(
            "s5-e03-build-arg",
            "build-com-arg",
            DOCKERFILES,
            (
                "build_com_arg",
                "build-com-args",
                "build-com-argumento",
                "build-com-argumentos",
                "buil-com-arg",
                "build-arg",
                "build-with-args",
                "ex-volume/build-com-arg",
            ),
            Fingerprint(DOCKERFILES, ("S3_BUCKET", "ARG")),
        ),
        Exercise(
            "s5-e04-build-copy",
            "build-com-copy",
            DOCKERFILES,
            ("build-copy", "build-with-copy", "ex-volume/build-com-copy"),
            Fingerprint(DOCKERFILES, ("conteudo.html", "COPY")),
        ),
        Exercise(
            "s5-e05-build-dev",
            "build-dev",
            DOCKERFILES,
            ("dockerfile-example", "ex-volume/build-dev"),
            Fingerprint(DOCKERFILES, ("useradd", "www", "/log")),
        ),
        Exercise(
            "s5-e06-push",
            "push",
            SCRIPTS,
            ("push-docker-hub", "docker-hub", "enviar-imagem"),
            Fingerprint(SCRIPTS, ("push",)),
        ),
    )
)


def sections() -> list[int]:
    """The course's sections that have exercises, in order (what ``--section`` accepts)."""
    return sorted({candidate.section for candidate in EXERCISES})


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; a grader naming an unknown id is a grader bug."""
    for candidate in EXERCISES:
        if candidate.id == exercise_id:
            return candidate
    raise KeyError(exercise_id)

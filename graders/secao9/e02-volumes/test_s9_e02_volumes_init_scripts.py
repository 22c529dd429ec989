"""s9-e02 volume de dados e scripts de inicialização do banco."""

from __future__ import annotations

from dockgrade.compose_checks import psql, run_in, service_for, wait_postgres
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say

EXERCISE = "s9-e02-volumes-init-scripts"
DATA_DIR = "/var/lib/postgresql/data"
# The course's columns, or the same schema translated to English (a variant, as long as the app matches it).
COLUMNS = (["assunto", "data", "id", "mensagem"], ["date", "id", "message", "subject"])
COLUMNS_SQL = "select column_name from information_schema.columns where table_name = 'emails' order by column_name"


test_up = compose_up_gate()


@check(points=2)
def test_volume_dados(project: ComposeProject) -> None:
    """o volume dados guarda o diretório de dados do postgres"""
    mounts = project.services()[service_for(project, "db")].get("volumes") or []
    named = [(m.get("source"), m.get("target")) for m in mounts if m.get("type") == "volume"]
    shown = ", ".join(f"{m.get('source')}:{m.get('target')}" for m in mounts) or "-"
    expect(("dados", DATA_DIR) in named, say("s9.no_dados_volume", mounts=shown), hint=say("s9.dados_hint"))


@check(points=3)
def test_table_emails(project: ComposeProject) -> None:
    """o init.sql cria a tabela emails com as quatro colunas"""
    db = service_for(project, "db")
    wait_postgres(project, db)
    _, output = psql(project, db, COLUMNS_SQL, database="email_sender")
    columns = sorted(line.strip() for line in output.splitlines() if line.strip() and "error" not in line.lower())
    expected = columns if columns in COLUMNS else COLUMNS[0]
    expect_equal(columns, expected, say("s9.columns"), hint=say("s9.init_hint"))


@check(points=1)
def test_check_sql(project: ComposeProject) -> None:
    """o check.sql roda e mostra o banco email_sender"""
    db = service_for(project, "db")
    wait_postgres(project, db)
    code, output = run_in(project, db, ["psql", "-U", "postgres", "-f", "/scripts/check.sql"])
    expect(code == 0 and "email_sender" in output, say("s9.check_failed", output=output.strip()[-120:]))

"""s9-e02 volume de dados e scripts de inicialização do banco."""

from __future__ import annotations

from types import SimpleNamespace

from dockgrade import Service, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e02-volumes-init-scripts"
DATA_DIR = "/var/lib/postgresql/data"
# The course's columns, or the same schema translated to English (a variant, as long as the app matches it).
COLUMNS = (["assunto", "data", "id", "mensagem"], ["date", "id", "message", "subject"])
COLUMNS_SQL = "select column_name from information_schema.columns where table_name = 'emails' order by column_name"


test_up = compose_up_gate()


@check(points=2)
def test_volume_dados(db: Service) -> None:
    """o volume dados guarda o diretório de dados do postgres"""
    mounts = db.config.get("volumes") or []
    named = [(m.get("source"), m.get("target")) for m in mounts if m.get("type") == "volume"]
    shown = ", ".join(f"{m.get('source')}:{m.get('target')}" for m in mounts) or "-"
    expect(("dados", DATA_DIR) in named, say("s9.no_dados_volume", mounts=shown), hint=say("s9.dados_hint"))


@check(points=3)
def test_table_emails(postgres: Service, mail: SimpleNamespace) -> None:
    """o init.sql cria a tabela emails com as quatro colunas"""
    _, output = mail.psql(postgres, COLUMNS_SQL, database="email_sender")
    columns = sorted(line.strip() for line in output.splitlines() if line.strip() and "error" not in line.lower())
    expected = columns if columns in COLUMNS else COLUMNS[0]
    expect_equal(columns, expected, say("s9.columns"), hint=say("s9.init_hint"))


@check(points=1)
def test_check_sql(postgres: Service) -> None:
    """o check.sql roda e mostra o banco email_sender"""
    code, output = postgres.exec(["psql", "-U", "postgres", "-f", "/scripts/check.sql"])
    expect(code == 0 and "email_sender" in output, say("s9.check_failed", output=output.strip()[-120:]))

"""App do passo 6: grava cada mensagem recebida na tabela `emails`."""
import signal
import sys
import time

import psycopg2
from bottle import request, route, run

DSN = 'dbname=email_sender user=postgres host=db'
SQL = 'INSERT INTO emails (assunto, mensagem) VALUES (%s, %s)'


def conectar(dsn, tentativas=30):
    """Conecta ao Postgres, esperando-o ficar pronto (depends_on não espera).

    Um banco inexistente não é um problema passageiro: o erro sobe na hora e o app termina.
    """
    for tentativa in range(1, tentativas + 1):
        try:
            return psycopg2.connect(dsn)
        except psycopg2.OperationalError as erro:
            if 'does not exist' in str(erro) or tentativa == tentativas:
                raise
            print('Banco indisponível, nova tentativa em 1 s ({}/{})'.format(tentativa, tentativas))
            time.sleep(1)


conn = conectar(DSN)


def registrar(assunto, mensagem):
    try:
        with conn.cursor() as cur:
            cur.execute(SQL, (assunto, mensagem))
        conn.commit()
    except psycopg2.Error:
        # desfaz a transação que falhou, senão todos os POSTs seguintes falhariam também
        conn.rollback()
        raise
    print('Mensagem registrada !')


@route('/', method='POST')
def enfileirar()
    assunto = request.forms.getunicode('assunto')
    mensagem = request.forms.getunicode('mensagem')
    registrar(assunto, mensagem)
    return 'Mensagem enfileirada ! Assunto: {} Mensagem: {}'.format(assunto, mensagem)


def _encerrar(signum, frame):
    sys.exit(0)


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, _encerrar)
    run(host='0.0.0.0', port=8080, debug=True)

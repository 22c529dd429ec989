"""App (passo 9 em diante): grava a mensagem no banco e a coloca na fila `sender` do Redis.

Configuração pelo ambiente (twelve factors): REDIS_HOST, DB_HOST, DB_USER e DB_NAME.
"""
import json
import os
import signal
import sys
import time

import psycopg2
import redis
from bottle import Bottle, request

SQL = 'INSERT INTO emails (assunto, mensagem) VALUES (%s, %s)'
FILA = 'sender'


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


class Sender(Bottle):
    def __init__(self):
        super().__init__()
        self.route('/', method='POST', callback=self.send)

        redis_host = os.getenv('REDIS_HOST', 'queue')
        self.fila = redis.StrictRedis(host=redis_host, port=6379, db=0)

        db_host = os.getenv('DB_HOST', 'banco')
        db_user = os.getenv('DB_USER', 'postgres')
        # default de propósito inexistente: sem DB_NAME no ambiente o app não sobe
        db_name = os.getenv('DB_NAME', 'sender')
        self.dsn = 'dbname={} user={} host={}'.format(db_name, db_user, db_host)
        self.conn = conectar(self.dsn)

    def register_message(self, assunto, mensagem):
        try:
            with self.conn.cursor() as cur:
                cur.execute(SQL, (assunto, mensagem))
            self.conn.commit()
        except psycopg2.Error:
            # Desfaz a transação que falhou (senão todos os POSTs seguintes falhariam também)
            # ou, se a conexão caiu, abre outra para a próxima requisição.
            if self.conn.closed:
                self.conn = conectar(self.dsn)
            else:
                self.conn.rollback()
            raise

        msg = {'assunto': assunto, 'mensagem': mensagem}
        self.fila.rpush(FILA, json.dumps(msg))
        print('Mensagem registrada !')

    def send(self):
        assunto = request.forms.getunicode('assunto')
        mensagem = request.forms.getunicode('mensagem')
        self.register_message(assunto, mensagem)
        return 'Mensagem enfileirada ! Assunto: {} Mensagem: {}'.format(assunto, mensagem)


def _encerrar(signum, frame):
    sys.exit(0)


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, _encerrar)
    sender = Sender()
    sender.run(host='0.0.0.0', port=8080, debug=True)

"""Recebe o formulário, grava no Postgres e enfileira no Redis (uma conexão aberta na partida)."""
import json
import os

import psycopg2
import redis
from bottle import Bottle, request


class Sender(Bottle):
    def __init__(self):
        super().__init__()
        self.route('/', method='POST', callback=self.send)
        self.fila = redis.StrictRedis(host=os.getenv('REDIS_HOST', 'queue'), port=6379, db=0)
        dsn = 'dbname={} user={} host={}'.format(
            os.getenv('DB_NAME', 'sender'), os.getenv('DB_USER', 'postgres'), os.getenv('DB_HOST', 'db'))
        self.conn = psycopg2.connect(dsn)

    def register_message(self, assunto, mensagem):
        cur = self.conn.cursor()
        cur.execute('INSERT INTO emails (assunto, mensagem) VALUES (%s, %s)', (assunto, mensagem))
        self.conn.commit()
        cur.close()
        self.fila.rpush('sender', json.dumps({'assunto': assunto, 'mensagem': mensagem}))
        print('Mensagem registrada !')

    def send(self):
        assunto = request.forms.get('assunto')
        mensagem = request.forms.get('mensagem')
        self.register_message(assunto, mensagem)
        return 'Mensagem enfileirada ! Assunto: {} Mensagem: {}'.format(assunto, mensagem)


if __name__ == '__main__':
    sender = Sender()
    sender.run(host='0.0.0.0', port=8080, debug=True)

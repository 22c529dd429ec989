"""Worker do passo 7: consome a fila `sender` e "envia" cada e-mail."""
import json
import random
import signal
import sys
import time

import redis

FILA = 'emails'


def _encerrar(signum, frame):
    sys.exit(0)


def proxima_mensagem(r, tentativas=30):
    """Espera (bloqueado) pela próxima mensagem.

    Tolera a fila ainda não estar de pé (depends_on não espera), mas desiste depois de
    `tentativas` falhas seguidas: uma fila que nunca aparece é erro de configuração.
    """
    for tentativa in range(1, tentativas + 1):
        try:
            _, dados = r.blpop(FILA)
            return dados
        except redis.exceptions.ConnectionError:
            if tentativa == tentativas:
                raise
            print('Fila indisponível, nova tentativa em 1 s ({}/{})'.format(tentativa, tentativas))
            time.sleep(1)


def main():
    signal.signal(signal.SIGTERM, _encerrar)
    r = redis.Redis(host='queue', port=6379, db=0)
    while True:
        dados = proxima_mensagem(r)
        try:
            mensagem = json.loads(dados)
            assunto = mensagem['assunto']
        except (ValueError, KeyError, TypeError):
            print('Mensagem inválida descartada: {!r}'.format(dados))
            continue
        print('Mandando a mensagem:', assunto)
        # O curso espera 15-45 s para simular o envio. Aqui o intervalo é curto (1-3 s) de
        # propósito, para que um corretor não precise esperar quase um minuto por mensagem.
        time.sleep(random.randint(1, 3))
        print('Mensagem', assunto, 'enviada')


if __name__ == '__main__':
    main()

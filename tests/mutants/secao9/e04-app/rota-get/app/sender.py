"""Primeira versão do app: recebe o formulário e só devolve o texto (sem banco e sem fila)."""
import signal
import sys

from bottle import request, route, run


@route('/', method='GET')
def enfileirar():
    # getunicode decodifica o corpo como UTF-8 (acentos no assunto/mensagem)
    assunto = request.forms.getunicode('assunto')
    mensagem = request.forms.getunicode('mensagem')
    return 'Mensagem enfileirada ! Assunto: {} Mensagem: {}'.format(assunto, mensagem)


def _encerrar(signum, frame):
    sys.exit(0)


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, _encerrar)
    run(host='0.0.0.0', port=8080, debug=True)

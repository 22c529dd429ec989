"""Servidor HTTP de desenvolvimento: serve a pasta atual na porta 8000.

Registra cada evento no arquivo /log/http-server.log (um volume) e na saída de erro,
que é o que o "docker container logs" mostra. Só usa a biblioteca padrão (Python 3.6+).
"""

import getpass
import logging
import signal
import sys
from http.server import HTTPServer, SimpleHTTPRequestHandler

PORTA = 8000
ARQUIVO_LOG = "/log/http-server.log"
FORMATO = "%(asctime)s - %(levelname)s - %(message)s"

logger = logging.getLogger("http-server")
logger.setLevel(logging.INFO)
for handler in (logging.FileHandler(ARQUIVO_LOG, encoding="utf-8"), logging.StreamHandler(sys.stderr)):
    handler.setFormatter(logging.Formatter(FORMATO))
    logger.addHandler(handler)


class Handler(SimpleHTTPRequestHandler):
    """Serve os arquivos da pasta atual e manda cada requisição para o logger."""

    def log_message(self, format, *args):
        logger.info("%s - %s", self.address_string(), format % args)


def encerrar(sinal, quadro):
    """Como PID 1 o Python ignora o SIGTERM; assim o "docker stop" termina na hora."""
    logger.info("encerrando...")
    sys.exit(0)


def main():
    signal.signal(signal.SIGTERM, encerrar)
    logger.info("inicializando...")
    servidor = HTTPServer(("", PORTA), Handler)
    logger.info("escutando a porta: %d", PORTA)
    logger.info("usuário: %s", getpass.getuser())
    servidor.serve_forever()


if __name__ == "__main__":
    main()

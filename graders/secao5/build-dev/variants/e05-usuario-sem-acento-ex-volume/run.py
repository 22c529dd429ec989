"""servidor de desenvolvimento: porta 8000, log em /log/http-server.log e no terminal"""

import getpass
import logging
from http.server import HTTPServer, SimpleHTTPRequestHandler

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s -- %(levelname)s -- %(message)s",
    handlers=[logging.FileHandler("/log/http-server.log"), logging.StreamHandler()],
)


class Requisicoes(SimpleHTTPRequestHandler):
    def log_message(self, formato, *valores):
        logging.info("%s -- %s", self.address_string(), formato % valores)


logging.info("inicializando...")
httpd = HTTPServer(("0.0.0.0", 8000), Requisicoes)
logging.info("escutando a porta 8000")
logging.info("usuario: " + getpass.getuser())
httpd.serve_forever()

import getpass
import logging
import sys
from http.server import HTTPServer, SimpleHTTPRequestHandler

log = logging.getLogger("servidor")
log.setLevel(logging.INFO)
for handler in (logging.FileHandler("/log/http-server.log"), logging.StreamHandler(sys.stderr)):
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    log.addHandler(handler)


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        log.info("%s - %s", self.address_string(), format % args)


log.info("inicializando...")
server = HTTPServer(("", 8000), Handler)
log.info("escutando a porta: 8000")
log.info("usuário: %s", getpass.getuser())
server.serve_forever()

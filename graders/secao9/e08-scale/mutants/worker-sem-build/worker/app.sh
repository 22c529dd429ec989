#!/bin/bash
# Worker ainda sem Dockerfile: instala o cliente Redis a cada subida do container.
set -e
pip install redis==4.3.6
exec python -u worker.py

#!/bin/sh
# comparar com o bash do host
bash --version

#!/bin/sh
docker container run -v /:/host hello-world

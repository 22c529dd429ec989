#!/bin/sh
docker container run --pid host hello-world

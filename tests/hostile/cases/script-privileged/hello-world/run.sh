#!/bin/sh
docker container run --privileged hello-world

#!/bin/sh
docker container run --network host hello-world

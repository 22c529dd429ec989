#!/bin/sh
echo "docker container run hello-world" | sh

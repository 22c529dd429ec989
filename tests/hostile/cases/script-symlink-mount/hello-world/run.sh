#!/bin/sh
docker container run -v $(pwd)/config:/config hello-world

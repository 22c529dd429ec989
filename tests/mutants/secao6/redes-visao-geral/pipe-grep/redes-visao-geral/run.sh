#!/bin/sh
docker network ls | grep bridge

#!/bin/sh
docker network

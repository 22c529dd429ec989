#!/bin/sh
docker networks ls

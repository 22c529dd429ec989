docker container run --detach --publish=8080:80 nginx:1.13

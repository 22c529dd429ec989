docker container run --name=mydebian -it debian bash
docker container run --name=mydebian -it debian bash

# Meu Docker funciona?


winpty docker container run -it hello-world   # deve dizer Hello from Docker!


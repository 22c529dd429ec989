#!/bin/sh
. "$(dirname "$0")/lib.sh"
I=$N-build-copy
trap 'docker rm -f $N-web >/dev/null 2>&1; docker rmi $I >/dev/null 2>&1' EXIT
cd "$EX/secao5/build-com-copy"
web() { docker rm -f $N-web >/dev/null 2>&1; docker build -q -t $I . >/dev/null; docker run -d --name $N-web $L -p 127.0.0.1:$WEB:80 $I >/dev/null; sleep $WAIT; }
check builds 'docker build -t $I .'
web; check index_served 'curl -sf http://127.0.0.1:$WEB/'
web; check index_links_conteudo 'curl -sf http://127.0.0.1:$WEB/ | grep -qi "href=.*conteudo.html"'
web; check conteudo_served 'curl -sf http://127.0.0.1:$WEB/conteudo.html | grep -qi "sem conte"'
docker build -q -t $I . >/dev/null
check files_in_image 'docker run --rm $L $I ls /usr/share/nginx/html | grep -q conteudo.html'

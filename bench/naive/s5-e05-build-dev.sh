#!/bin/sh
. "$(dirname "$0")/lib.sh"
I=$N-build-dev
trap 'docker rm -f -v $N-python-server >/dev/null 2>&1; docker rmi $I >/dev/null 2>&1' EXIT
cd "$EX/secao5/build-dev"
image() { docker build -q -t $I . >/dev/null; docker image inspect -f "$1" $I; }
server() {
    docker rm -f -v $N-python-server >/dev/null 2>&1; docker build -q -t $I . >/dev/null
    docker run -d --init --name $N-python-server $L -v "$(pwd)":/app -p 127.0.0.1:$WEB:8000 $I >/dev/null; sleep $WAIT
}
check builds 'docker build -t $I .'
check user_www '[ "$(image "{{.Config.User}}")" = www ]'
check workdir_app '[ "$(image "{{.Config.WorkingDir}}")" = /app ]'
check exposes_8000 '[ "$(image "{{json .Config.ExposedPorts}}")" = "{\"8000/tcp\":{}}" ]'
check volume_log '[ "$(image "{{json .Config.Volumes}}")" = "{\"/log\":{}}" ]'
check entrypoint_python '[ "$(image "{{json .Config.Entrypoint}}")" = "[\"/usr/local/bin/python\"]" ]'
check cmd_run_py '[ "$(image "{{json .Config.Cmd}}")" = "[\"run.py\"]" ]'
server; check serves_index 'curl -sf http://127.0.0.1:$WEB/ | cmp -s - index.html'
server; check runs_as_www '[ "$(docker exec $N-python-server stat -c %U /proc/1)" = www ]'
server; check startup_logs 'docker logs $N-python-server 2>&1 | grep -qi "escutando.*8000"'
server; check log_shared_volume 'curl -sf http://127.0.0.1:$WEB/ && docker run --rm $L --volumes-from $N-python-server debian sh -c "cat /log/*.log" | grep -q "GET / HTTP/1.1\" 200"'

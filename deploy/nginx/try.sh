#!/bin/sh
# Runs nginx in the foreground with socket-playground.conf as written, but
# for its ports, to try several relays on one machine:
#
#   socket-playground --relay-id A --listen 127.0.0.1:8101 --services-base-port 7000 --trust-proxy 127.0.0.1 &
#   socket-playground --relay-id C --listen 127.0.0.1:8102 --services-base-port 7100 --trust-proxy 127.0.0.1 &
#   deploy/nginx/try.sh /tmp/playground-nginx        # then open http://127.0.0.1:8080/
#
# Usage: try.sh WORKDIR [LISTEN_PORT [RELAY_A_PORT RELAY_C_PORT]]
# WORKDIR holds nginx's configuration, logs and pid (created if missing).
# $NGINX_BIN names the nginx binary (default: Debian's /usr/sbin/nginx). The
# relay's tests run the example through this script.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 WORKDIR [LISTEN_PORT [RELAY_A_PORT RELAY_C_PORT]]" >&2; exit 2; }
dir=$1
listen=${2:-8080}
a=${3:-8101}
c=${4:-8102}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
sed -e "s/127\.0\.0\.1:8101/127.0.0.1:$a/g" \
    -e "s/127\.0\.0\.1:8102/127.0.0.1:$c/g" \
    -e "s/listen 8080;/listen 127.0.0.1:$listen;/" \
    "$here/socket-playground.conf" >"$dir/site.conf"
grep -q "listen 127.0.0.1:$listen;" "$dir/site.conf" || { echo "socket-playground.conf no longer listens on 8080" >&2; exit 1; }
cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/site.conf;
}
CONF
# nginx reads $NGINX as a list of inherited sockets: never pass one on.
unset NGINX
exec "${NGINX_BIN:-/usr/sbin/nginx}" -p "$dir" -c "$dir/nginx.conf"

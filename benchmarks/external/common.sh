# Sourced by the scripts of this folder.

# need COMMAND PACKAGE: installs the Debian PACKAGE when COMMAND is absent.
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

# The [supervisord] part of a supervisord configuration, everything in the caller's $work, in the foreground; the
# caller appends its [program:…] sections.
supervisord_header() {
  cat <<CONF
[unix_http_server]
file=$work/supervisor.sock
[supervisord]
nodaemon=true
logfile=$work/supervisord.log
pidfile=$work/supervisord.pid
childlogdir=$work
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$work/supervisor.sock
CONF
}

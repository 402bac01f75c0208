#!/usr/bin/env bash
# A private RabbitMQ node for the tests, on loopback.
#   tests/rabbitmq.sh start     (re)creates the node and prints its AMQP URI on stdout
#   tests/rabbitmq.sh stop      stops it (its data stays, so 'resume' brings the queues back)
#   tests/rabbitmq.sh resume    starts the stopped node again with its data
# Installed from Debian's packages when the machine does not have it. The node's folders belong to
# the rabbitmq user (the server refuses to start otherwise).
set -euo pipefail
port=${PLATFORMWATCH_RABBITMQ_PORT:-5679}
folder=${PLATFORMWATCH_RABBITMQ_FOLDER:-/tmp/platformwatch-rabbitmq}
node=${PLATFORMWATCH_RABBITMQ_NODE:-platformwatch-test@localhost}

as_rabbitmq() {
  runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
    RABBITMQ_MNESIA_BASE="$folder/mnesia" RABBITMQ_LOG_BASE="$folder/log" \
    RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$((port + 20000))" RABBITMQ_NODENAME="$node" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_ENABLED_PLUGINS_FILE="$folder/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$folder/rabbitmq" "$@"
}

run_node() {
  as_rabbitmq rabbitmq-server >"$folder/server.out" 2>&1 &
  # await_startup needs the node to have registered first; give it up to two minutes.
  for _ in $(seq 1 60); do
    if as_rabbitmq rabbitmqctl -n "$node" await_startup --timeout 60 >/dev/null 2>&1; then
      return 0
    fi
    sleep 2
  done
  echo "RabbitMQ did not start; see $folder/log" >&2
  return 1
}

case "${1:-}" in
  start)
    if ! command -v rabbitmq-server >/dev/null; then
      echo "installing RabbitMQ" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >&2
    fi
    as_rabbitmq rabbitmqctl -n "$node" stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    mkdir -p "$folder/mnesia" "$folder/log"
    # The consistent-hash exchange that ships with RabbitMQ: the workers' partitions (deploy/rabbitmq.md).
    echo "[rabbitmq_consistent_hash_exchange]." >"$folder/enabled_plugins"
    # Tests publish large messages on purpose; the broker's own limit stays above the worker's cap.
    printf 'loopback_users.guest = true\nlisteners.tcp.default = 127.0.0.1:%s\n' "$port" >"$folder/rabbitmq.conf"
    chown -R rabbitmq:rabbitmq "$folder"
    run_node
    echo "amqp://guest:guest@127.0.0.1:$port/"
    ;;
  stop)
    as_rabbitmq rabbitmqctl -n "$node" stop >&2 || true
    ;;
  resume)
    run_node
    ;;
  ctl)
    shift
    as_rabbitmq rabbitmqctl -n "$node" "$@"
    ;;
  *)
    echo "usage: $0 start|stop|resume|ctl ARGS" >&2
    exit 2
    ;;
esac

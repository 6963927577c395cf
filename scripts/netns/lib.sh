# Network namespaces for real traffic without Docker (sourced by scripts/demo-netns and scripts/capture-attacks, after
# scripts/lib.sh): a victim namespace and an attacker namespace joined by a veth pair, nginx in the victim, every
# process and both namespaces removed on exit. Set VICTIM_NS ATTACKER_NS VICTIM_IF ATTACKER_IF VICTIM_IP ATTACKER_IP
# PREFIX work, and the array pids, before calling these.

# Debian packages the traffic needs (nginx, wrk, hping3, nmap, tcpdump), installed when missing.
netns_ensure_packages() {
  local need=()
  command -v nginx > /dev/null || need+=(nginx-light)
  command -v wrk > /dev/null || need+=(wrk)
  command -v hping3 > /dev/null || need+=(hping3)
  command -v nmap > /dev/null || need+=(nmap)
  command -v tcpdump > /dev/null || need+=(tcpdump)
  command -v ethtool > /dev/null || need+=(ethtool)
  ((${#need[@]})) || return 0
  command -v apt-get > /dev/null || ids_die "missing ${need[*]} and no apt-get to install them"
  echo "Installing from Debian: ${need[*]}"
  # Keep the packages' init scripts from starting a system-wide nginx on port 80.
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null
  if ! apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null; then
    # Debian 13 dropped nginx-light: plain nginx then
    need=("${need[@]/nginx-light/nginx}")
    apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null || ids_die "could not install ${need[*]}"
  fi
  ((made_policy == 0)) || rm -f /usr/sbin/policy-rc.d
}

# Stops what was started (pids), then removes both namespaces and the veth pair; the trap of the calling script.
netns_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2> /dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 20); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2> /dev/null || true
  done
  # anything still running inside our own namespaces (nginx workers, a stray attacker tool)
  for ns in "$VICTIM_NS" "$ATTACKER_NS"; do
    local left
    left="$(ip netns pids "$ns" 2> /dev/null || true)"
    [[ -z "$left" ]] || kill -KILL $left 2> /dev/null || true
    ip netns del "$ns" 2> /dev/null || true
  done
  ip link del "$VICTIM_IF" 2> /dev/null || true
  echo "Namespaces $VICTIM_NS and $ATTACKER_NS removed. Work folder: $work"
  exit "$rc"
}

# Both namespaces, the veth pair, the addresses (extra attacker-side addresses as arguments), no default route.
netns_up() {
  if ip netns list | grep -qE "^($VICTIM_NS|$ATTACKER_NS)( |$)"; then
    ids_die "namespace $VICTIM_NS or $ATTACKER_NS already exists (another run?); remove it with: ip netns del NAME"
  fi
  echo "Creating namespaces $VICTIM_NS ($VICTIM_IP) and $ATTACKER_NS ($ATTACKER_IP $*), joined by a veth pair"
  ip netns add "$VICTIM_NS"
  ip netns add "$ATTACKER_NS"
  ip link add "$VICTIM_IF" type veth peer name "$ATTACKER_IF"
  ip link set "$VICTIM_IF" netns "$VICTIM_NS"
  ip link set "$ATTACKER_IF" netns "$ATTACKER_NS"
  ip -n "$VICTIM_NS" addr add "$VICTIM_IP/$PREFIX" dev "$VICTIM_IF"
  ip -n "$ATTACKER_NS" addr add "$ATTACKER_IP/$PREFIX" dev "$ATTACKER_IF"
  local extra
  for extra in "$@"; do
    ip -n "$ATTACKER_NS" addr add "$extra/$PREFIX" dev "$ATTACKER_IF"
  done
  for ns in "$VICTIM_NS" "$ATTACKER_NS"; do
    # IPv4 only: no IPv6 router solicitations / neighbour discovery from the link itself among the captured flows
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
    ip -n "$ns" link set lo up
  done
  ip -n "$VICTIM_NS" link set "$VICTIM_IF" up
  ip -n "$ATTACKER_NS" link set "$ATTACKER_IF" up
  # offloads would hand the capture 64 KiB "packets"; the flow features expect wire-sized ones
  ip netns exec "$VICTIM_NS" ethtool -K "$VICTIM_IF" tso off gso off gro off > /dev/null 2>&1 || true
  ip netns exec "$ATTACKER_NS" ethtool -K "$ATTACKER_IF" tso off gso off gro off > /dev/null 2>&1 || true
  local ns
  for ns in "$VICTIM_NS" "$ATTACKER_NS"; do
    if ip -n "$ns" route | grep -q '^default'; then
      ids_die "namespace $ns has a default route; refusing to send attack traffic"
    fi
  done
}

# nginx on VICTIM_IP:80 in the victim namespace; extra server-block lines as the first argument.
netns_nginx() {
  local extra="${1:-}"
  mkdir -p "$work/nginx/www" "$work/nginx/tmp"
  printf '<!doctype html><title>ids-spark victim</title><h1>ids-spark demo victim</h1>\n' > "$work/nginx/www/index.html"
  local i
  for i in $(seq 0 19); do
    head -c $((800 + i * 700)) /dev/zero | tr '\0' 'a' > "$work/nginx/www/page$i.html"
  done
  chmod -R a+rX "$work/nginx"
  cat > "$work/nginx/nginx.conf" << EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  server { listen $VICTIM_IP:80; root $work/nginx/www; $extra }
}
EOF
  ip netns exec "$VICTIM_NS" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
  pids+=($!)
  local up=0
  for _ in $(seq 20); do
    ip netns exec "$ATTACKER_NS" bash -c "exec 3<>/dev/tcp/$VICTIM_IP/80" 2> /dev/null && up=1 && break
    sleep 0.5
  done
  ((up)) || ids_die "nginx in $VICTIM_NS does not answer on $VICTIM_IP:80 from $ATTACKER_NS (see $work/nginx/error.log)"
  echo "nginx is serving http://$VICTIM_IP/ inside $VICTIM_NS"
}

#!/bin/sh
# Rounds of benign HTTP load against the victim; every 3rd round adds a short SYN flood, every 5th a port scan.
# Every command is bounded in count and time, the target is only the compose service TARGET_HOST, the source address
# is never spoofed, and the loop stops after ROUNDS rounds.
set -u
host="${TARGET_HOST:-web}"
port="${TARGET_PORT:-8080}"
rounds="${ROUNDS:-120}"
sleep "${START_DELAY_SECONDS:-60}"   # let the detector train and start first
i=1
while [ "$i" -le "$rounds" ]; do
  echo "round $i/$rounds: benign load (wrk, 20 s)"
  timeout 30 wrk -t 2 -c 16 -d 20s "http://$host:$port/" > /dev/null 2>&1 || true
  if [ $((i % 3)) -eq 0 ]; then
    echo "round $i: SYN flood (hping3, 3000 packets)"
    timeout 20 hping3 -S -p "$port" -c 3000 -i u2000 "$host" > /dev/null 2>&1 || true
  fi
  if [ $((i % 5)) -eq 0 ]; then
    echo "round $i: port scan (nmap SYN scan of ports 1-1024)"
    timeout 60 nmap -sS -Pn -n -p 1-1024 --max-rate 500 "$host" > /dev/null 2>&1 || true
  fi
  sleep 10
  i=$((i + 1))
done
echo "attacker finished after $rounds rounds"

#!/usr/bin/env bash
# Runs the real TUI in a tmux pane (160x45), waits for live data, prints the screen, checks the
# panels are there, then presses q and checks the process exited. Needs tmux and a build.
set -euo pipefail
cd "$(dirname "$0")/.."
session="massive-smoke-$$"
tmux new-session -d -s "$session" -x 160 -y 45 "node bin/massive.js watch SPY QQQ --demo; echo EXIT=\$?; sleep 5"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
for _ in $(seq 1 40); do
  sleep 0.5
  screen=$(tmux capture-pane -p -t "$session")
  grep -q 'live' <<<"$screen" && grep -q 'SPY' <<<"$screen" && break
done
sleep 1.5
screen=$(tmux capture-pane -p -t "$session")
printf '%s\n' "$screen"
for want in SPY QQQ SPX VIX DEMO live; do
  grep -q -- "$want" <<<"$screen" || { echo "tui-smoke: '$want' not on screen" >&2; exit 1; }
done
tmux send-keys -t "$session" q
for _ in $(seq 1 20); do
  sleep 0.25
  if tmux capture-pane -p -t "$session" | grep -q 'EXIT=0'; then echo "tui-smoke: ok"; exit 0; fi
done
echo "tui-smoke: q did not exit with status 0" >&2
tmux capture-pane -p -t "$session" >&2
exit 1

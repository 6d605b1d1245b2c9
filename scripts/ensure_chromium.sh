#!/usr/bin/env bash
# Make sure a headless Chromium is available for the UI tests (tests/ui).
# Installs Debian's `chromium` package with apt-get when it is missing and we are root;
# otherwise says so and exits 0 (the UI tests then skip with a clear message).
# Never downloads browsers from anywhere else (no `playwright install`).
#   NEWSEVENTS_CHROMIUM=/path/to/chromium   use that binary instead
set -euo pipefail

found() {
    if [ -n "${NEWSEVENTS_CHROMIUM:-}" ] && [ -x "$NEWSEVENTS_CHROMIUM" ]; then echo "$NEWSEVENTS_CHROMIUM"; return 0; fi
    command -v chromium || command -v chromium-browser || return 1
}

if bin=$(found); then
    echo "chromium: $bin ($("$bin" --version 2>/dev/null | head -n 1))"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "chromium: not installed and not root; skipping (UI tests will be skipped)." >&2
    echo "          install it with: sudo apt-get install -y chromium" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: not installed and no apt-get on this machine; skipping (UI tests will be skipped)." >&2
    exit 0
fi
echo "chromium: installing Debian's chromium with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq chromium >/dev/null; then
    bin=$(found) && echo "chromium: $bin ($("$bin" --version 2>/dev/null | head -n 1))"
else
    echo "chromium: apt-get install failed; skipping (UI tests will be skipped)." >&2
fi
exit 0

#!/usr/bin/env bash
# Installs the Debian 12 packages warroom needs, and only those that are missing.
# Non-interactive; one clear line and exit 1 when something is missing and we are not root.
set -euo pipefail

packages=(
    # build and unit tests
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev
    qt6-websockets-dev qt6-httpserver-dev qt6-svg-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
    libsqlite3-dev sqlite3
    # features: language identification, spell check, OS keychain
    libcld2-dev libhunspell-dev hunspell-en-us qtkeychain-qt6-dev
    # every script on screen and in the PDF
    fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
    # the fuzz smoke test in make test: clang with libFuzzer, ASan and UBSan; gzip for tests
    clang libclang-rt-14-dev zlib1g-dev
    # looking at the program as a person would (screenshots, PDF pages)
    xvfb xauth poppler-utils
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "install-deps: missing packages (${missing[*]}); run as root: sudo bash packaging/install-deps.sh" >&2
        exit 1
    fi
else
    SUDO=
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/warroom-apt.log 2>&1; then
    $SUDO apt-get update -q >>/tmp/warroom-apt.log 2>&1 || true
    if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/warroom-apt.log 2>&1; then
        echo "install-deps: apt-get install failed; see /tmp/warroom-apt.log (last line: $(tail -n 1 /tmp/warroom-apt.log))" >&2
        exit 1
    fi
fi

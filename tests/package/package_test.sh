#!/usr/bin/env bash
# The Debian packages (packaging/): builds them with CPack from this build and checks what each
# holds (dpkg-deb -c), their control data (conffiles, dependencies, maintainer scripts),
# lintian (no errors), systemd-analyze verify on the units, and that the installed layout
# works: rc-office from the unpacked package serves the console's pages from
# /usr/share/red-credit/web beside it.
# Usage: package_test.sh BUILD_DIR   (ctest: package.debs, in the plain build only)
set -euo pipefail

build=${1:?usage: package_test.sh BUILD_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-package-test.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $* ($SECONDS s)"; }

for tool in cpack dpkg-deb lintian systemd-analyze curl cage; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/lib/common.sh's RC_PACKAGES has it)"
done

step "cpack"
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack could not build the packages"
fi

packages=(red-credit-common red-credit-office red-credit-kiosk red-credit-tools)
declare -A deb
for p in "${packages[@]}"; do
  files=("$work/out/${p}"_*.deb)
  [ ${#files[@]} -eq 1 ] && [ -f "${files[0]}" ] || fail "expected one $p package, found: ${files[*]}"
  deb[$p]=${files[0]}
done
[ "$(find "$work/out" -maxdepth 1 -name '*.deb' | wc -l)" -eq ${#packages[@]} ] ||
  fail "cpack made packages beyond ${packages[*]}: $(ls "$work/out")"

# "MODE OWNER PATH" per entry, paths from / (dpkg-deb prints ./usr/bin/...).
listing() { dpkg-deb -c "$1" | awk '{ p = $6; sub(/^\./, "", p); print $1, $2, p }'; }

step "contents (dpkg-deb -c)"
expect() {
  local p=$1 mode=$2 path=$3
  grep -qxF -- "$mode root/root $path" "$work/$p.list" ||
    fail "$p must hold $path as $mode root/root; it holds: $(grep -F -- "$path" "$work/$p.list" || echo nothing)"
}
for p in "${packages[@]}"; do
  listing "${deb[$p]}" >"$work/$p.list"
  expect "$p" -rw-r--r-- "/usr/share/doc/$p/copyright"
  expect "$p" -rw-r--r-- "/usr/share/doc/$p/changelog.Debian.gz"
  # Data is made by the maintainer scripts, never shipped; nothing outside the Debian layout.
  if grep -E ' /(var|home|tmp|usr/local|opt)/' "$work/$p.list"; then fail "$p ships files outside its layout"; fi
  if grep -vE '^(-rw-r--r--|-rwxr-xr-x|drwxr-xr-x) root/root ' "$work/$p.list"; then
    fail "$p has entries not root-owned 0644/0755"
  fi
done
expect red-credit-common -rw-r--r-- /etc/red-credit/red_credit.conf
expect red-credit-office -rwxr-xr-x /usr/bin/rc-office
expect red-credit-office -rw-r--r-- /usr/share/man/man1/rc-office.1.gz
expect red-credit-office -rw-r--r-- /etc/red-credit/office.env
expect red-credit-office -rw-r--r-- /lib/systemd/system/red-credit-office.service
expect red-credit-office -rw-r--r-- /lib/systemd/system/red-credit-backup.service
expect red-credit-office -rw-r--r-- /lib/systemd/system/red-credit-backup.timer
expect red-credit-office -rw-r--r-- /usr/share/doc/red-credit-office/operations.md
# Every page of the console, as in the source tree.
(cd "$(dirname "$0")/../../assets/web" && find . -type f | sed 's|^\.|/usr/share/red-credit/web|') >"$work/web.expected"
[ -s "$work/web.expected" ] || fail "no console pages found in assets/web"
while read -r page; do expect red-credit-office -rw-r--r-- "$page"; done <"$work/web.expected"
expect red-credit-kiosk -rwxr-xr-x /usr/bin/rc-kiosk
expect red-credit-kiosk -rw-r--r-- /usr/share/man/man1/rc-kiosk.1.gz
expect red-credit-kiosk -rw-r--r-- /lib/systemd/system/red-credit-kiosk.service
expect red-credit-kiosk -rw-r--r-- /etc/pam.d/red-credit-kiosk
expect red-credit-kiosk -rw-r--r-- /usr/share/doc/red-credit-kiosk/examples/kiosk.conf.example
expect red-credit-tools -rwxr-xr-x /usr/bin/rc-reader
expect red-credit-tools -rw-r--r-- /usr/share/man/man1/rc-reader.1.gz
expect red-credit-tools -rw-r--r-- /lib/udev/rules.d/70-red-credit-readers.rules
expect red-credit-tools -rw-r--r-- /etc/red-credit/readers.conf
# No file in two packages (dpkg would refuse to install the second).
cat "$work"/red-credit-*.list | awk '$1 !~ /^d/ { print $3 }' | sort | uniq -d >"$work/dups"
[ ! -s "$work/dups" ] || fail "files in more than one package: $(cat "$work/dups")"

step "control data"
for p in "${packages[@]}"; do
  dpkg-deb -e "${deb[$p]}" "$work/ctrl-$p"
  # Every file under /etc is a conffile, and only those (an admin's edit survives upgrades).
  awk '$1 !~ /^d/ && $3 ~ /^\/etc\// { print $3 }' "$work/$p.list" | sort >"$work/etc.$p"
  sort "$work/ctrl-$p/conffiles" 2>/dev/null >"$work/conffiles.$p" || true
  diff -u "$work/etc.$p" "$work/conffiles.$p" || fail "$p: conffiles differ from its files in /etc"
  for s in preinst postinst prerm postrm; do
    [ -f "$work/ctrl-$p/$s" ] || continue
    sh -n "$work/ctrl-$p/$s" || fail "$p: $s is not valid sh"
    grep -q '^set -e' "$work/ctrl-$p/$s" || fail "$p: $s lacks set -e"
  done
done
depends() { dpkg-deb -f "${deb[$1]}" Depends | tr ',' '\n' | sed 's/^ *//; s/ *(.*//'; }
need_dep() { depends "$1" | grep -qxF "$2" || fail "$1 must depend on $2; it depends on: $(depends "$1" | tr '\n' ' ')"; }
need_dep red-credit-common adduser
need_dep red-credit-office red-credit-common
need_dep red-credit-office libsqlite3-0
need_dep red-credit-office libsystemd0
need_dep red-credit-kiosk red-credit-common
need_dep red-credit-kiosk red-credit-tools
need_dep red-credit-kiosk cage
need_dep red-credit-kiosk fonts-noto-cjk
need_dep red-credit-tools red-credit-common
need_dep red-credit-tools libusb-1.0-0
# The user and its private folder come from the common package's postinst.
grep -q 'adduser --system' "$work/ctrl-red-credit-common/postinst" || fail "common postinst makes no redcredit user"
grep -q 'chmod 0700 "\$dir"' "$work/ctrl-red-credit-common/postinst" || fail "common postinst does not make the data folder 0700"
[ "$(dpkg-deb -f "${deb[red-credit-common]}" Architecture)" = all ] || fail "red-credit-common should be Architecture: all"

step "lintian"
lintian --fail-on error --tag-display-limit 0 "${deb[@]}" >"$work/lintian.log" 2>&1 || {
  cat "$work/lintian.log" >&2
  fail "lintian reports errors"
}
grep -E '^[EW]: ' "$work/lintian.log" | awk '{ print $1, $2, $3 }' | sort | uniq -c || true
if grep -q '^E: ' "$work/lintian.log"; then fail "lintian reports errors"; fi

step "systemd-analyze verify"
root=$work/root
for p in "${packages[@]}"; do dpkg-deb -x "${deb[$p]}" "$root"; done
# The units as shipped, with /usr/bin/rc-* the unpacked binaries (verify wants every ExecStart
# to exist); their man: documentation from the unpacked man pages.
mkdir -p "$work/units"
for u in "$root"/lib/systemd/system/red-credit-*; do
  sed "s|/usr/bin/rc-|$root/usr/bin/rc-|g" "$u" >"$work/units/$(basename "$u")"
done
[ "$(ls "$work/units" | wc -l)" -eq 4 ] || fail "expected 4 units, found: $(ls "$work/units")"
if ! MANPATH=$root/usr/share/man systemd-analyze verify "$work"/units/* >"$work/verify.log" 2>&1 ||
   [ -s "$work/verify.log" ]; then
  cat "$work/verify.log" >&2
  fail "systemd-analyze verify is not clean"
fi
grep -qx 'Type=notify' "$root/lib/systemd/system/red-credit-office.service" || fail "office unit is not Type=notify"
grep -q '^WatchdogSec=' "$root/lib/systemd/system/red-credit-office.service" || fail "office unit has no watchdog"
grep -q '^ExecStart=/usr/bin/rc-office --db /var/lib/red-credit/office.db backup --to /var/lib/red-credit/backups$' \
  "$root/lib/systemd/system/red-credit-backup.service" || fail "backup unit runs another command"
grep -q '^ExecStart=/usr/bin/cage .*-- /usr/bin/rc-kiosk ' "$root/lib/systemd/system/red-credit-kiosk.service" ||
  fail "kiosk unit does not run rc-kiosk under cage"
grep -qx 'TTYPath=/dev/tty1' "$root/lib/systemd/system/red-credit-kiosk.service" || fail "kiosk unit is not on tty1"

# The man pages keep the help's Chinese (help2man in a UTF-8 locale).
zcat "$root/usr/share/man/man1/rc-office.1.gz" | grep -qF '红色信用' || fail "rc-office(1) lost its Chinese"
zcat "$root/usr/share/man/man1/rc-kiosk.1.gz" | grep -qF '已同步' || fail "rc-kiosk(1) lost its Chinese"

step "the unpacked rc-office serves the packaged console"
unset RC_WEB_ROOT
for b in rc-office rc-kiosk rc-reader; do
  "$root/usr/bin/$b" --help >/dev/null || fail "$b --help fails from the package"
done
# A mark in the unpacked copy of the page: served only if the page came from the package.
mark="packaged-$$-$RANDOM"
printf '<!-- %s -->\n' "$mark" >>"$root/usr/share/red-credit/web/index.html"
"$root/usr/bin/rc-office" --db "$work/office.db" init >/dev/null 2>&1 || fail "rc-office init fails from the package"
"$root/usr/bin/rc-office" --db "$work/office.db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^listening on https://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/serve.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "rc-office serve stopped"; }
  sleep 0.1
done
[ -n "$port" ] || fail "rc-office serve did not say where it listens"
curl -ksS --max-time 10 "https://127.0.0.1:$port/console/" >"$work/page.html" || fail "the console did not answer"
grep -qF "$mark" "$work/page.html" || fail "the console's page did not come from /usr/share/red-credit/web"
kill -TERM "$server_pid"
wait "$server_pid" || fail "rc-office serve did not stop cleanly on SIGTERM"
server_pid=""

step "packages ok: $(cd "$work/out" && ls -- *.deb | tr '\n' ' ')"

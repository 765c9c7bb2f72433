# Shared by the scripts: Debian packages (installed only when missing, quietly) and builds.
# Source it; do not run it.

RC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Everything the build and the tests need, from Debian 12.
RC_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libsqlite3-dev libsodium-dev libssl-dev nlohmann-json3-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev
  libusb-1.0-0-dev umockdev libumockdev-dev
  clang libclang-rt-14-dev
  libsdl2-dev libimgui-dev libstb-dev fonts-noto-cjk
  xvfb xauth
  libxlsxwriter-dev python3
  libqrencode-dev libcairo2-dev libpango1.0-dev poppler-utils
  chromium chromium-driver python3-selenium python3-pil
  libsystemd-dev
  libespeak-ng-dev espeak-ng-data
  dpkg-dev lintian help2man cage curl
)

rc_ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# rc_build DIR BUILD_TYPE [extra cmake args…] [-- targets…]
# Quiet when it works; on failure, the end of the build log and a non-zero status.
rc_build() {
  local dir=$1
  mkdir -p "$dir"
  if ! rc_build_verbose "$@" >"$dir.build.log" 2>&1; then
    tail -n 60 "$dir.build.log" >&2
    echo "The build failed; full log: $dir.build.log" >&2
    return 1
  fi
}

rc_build_verbose() {
  local dir=$1 type=$2
  shift 2
  local cmake_args=() targets=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; targets=("$@"); break; fi
    cmake_args+=("$1"); shift
  done
  cmake -S "$RC_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${cmake_args[@]}" >/dev/null
  if [ ${#targets[@]} -gt 0 ]; then
    cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
  else
    cmake --build "$dir" -j "$(nproc)"
  fi
}

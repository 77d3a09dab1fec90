#!/bin/sh
# Installs the build into a temporary prefix and builds one upstream wasm.h example (hello.c)
# against the installed headers and libraries, twice: through pkg-config (linked with the
# shared libwasmrun.so) and through find_package(wasmrun) in a tiny out-of-tree CMake project
# (linked with the static library); each must run and print its transcript.
# usage: install_test.sh <build dir> <example source dir> <examples run dir> <check_example>
#        <transcript>
set -eu
if ! command -v pkg-config > /dev/null || ! command -v cc > /dev/null; then
  echo "pkg-config or cc absent: skipped"
  exit 77
fi
build=$1 src=$2 run=$3 check=$4 transcript=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
test -f "$tmp/prefix/include/wasm.h"
test -f "$tmp/prefix/include/wasmrun/wasmrun.hpp"
libdir=$(dirname "$(find "$tmp/prefix" -name wasmrun.pc | head -n 1)")/..

echo "== pkg-config (shared libwasmrun.so)"
flags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs wasmrun)
cc -std=c11 -o "$tmp/hello_pc" "$src/hello.c" $flags -Wl,-rpath,"$libdir"
if ldd "$tmp/hello_pc" | grep -q 'libwasmrun\.so'; then :; else
  echo "hello_pc is not linked with libwasmrun.so"; exit 1
fi
(cd "$run" && "$check" "$transcript" "$tmp/hello_pc")

echo "== find_package (static libwasmrun.a)"
mkdir -p "$tmp/proj"
cat > "$tmp/proj/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.21)
project(embed C CXX)
find_package(wasmrun REQUIRED)
add_executable(hello "$src/hello.c")
set_target_properties(hello PROPERTIES C_STANDARD 11 LINKER_LANGUAGE CXX)
target_link_libraries(hello PRIVATE wasmrun::wasmrun)
CMAKE
cmake -S "$tmp/proj" -B "$tmp/proj/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$tmp/cmake.log" || { cat "$tmp/cmake.log"; exit 1; }
cmake --build "$tmp/proj/build" > "$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
(cd "$run" && "$check" "$transcript" "$tmp/proj/build/hello")
echo "== installed wasm.h works both ways"

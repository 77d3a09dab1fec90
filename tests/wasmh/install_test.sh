#!/bin/sh
# Installs the build into a temporary prefix and builds every upstream wasm.h example against the
# installed headers and libraries, twice: through pkg-config (linked with the shared
# libwasmrun.so) and through find_package(wasmrun) in a tiny out-of-tree CMake project (linked
# with the static library). Each program must run and print its transcript.
# usage: install_test.sh <build dir> <example source dir> <examples run dir> <check_example>
#        <transcript dir> <flags, or ""> <example>...
# The flags are the library's own sanitizer flags (-fsanitize=...: a program linked with a
# sanitized libwasmrun must be built with them too) and its linker (-fuse-ld=lld, when the
# build uses it: much faster on these links).
set -eu
if ! command -v pkg-config > /dev/null || ! command -v cc > /dev/null; then
  echo "pkg-config or cc absent: skipped"
  exit 77
fi
build=$1 src=$2 run=$3 check=$4 transcripts=$5 san=$6
shift 6
[ $# -gt 0 ] || { echo "no examples given"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
test -f "$tmp/prefix/include/wasm.h"
test -f "$tmp/prefix/include/wasmrun/wasmrun.hpp"
libdir=$(dirname "$(find "$tmp/prefix" -name wasmrun.pc | head -n 1)")/..

echo "== pkg-config (shared libwasmrun.so)"
flags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs wasmrun)
for ex in "$@"; do
  # $san and $flags are lists of words.
  # shellcheck disable=SC2086
  cc -std=c11 $san -pthread -o "$tmp/${ex}_pc" "$src/$ex.c" $flags -Wl,-rpath,"$libdir"
  if ldd "$tmp/${ex}_pc" | grep -q 'libwasmrun\.so'; then :; else
    echo "${ex}_pc is not linked with libwasmrun.so"; exit 1
  fi
  (cd "$run" && "$check" "$transcripts/$ex.txt" "$tmp/${ex}_pc")
done

echo "== find_package (static libwasmrun.a)"
mkdir -p "$tmp/proj"
{
  echo "cmake_minimum_required(VERSION 3.21)"
  echo "project(embed C CXX)"
  echo "find_package(wasmrun REQUIRED)"
  echo "find_package(Threads REQUIRED)"
  for ex in "$@"; do
    echo "add_executable($ex \"$src/$ex.c\")"
    echo "set_target_properties($ex PROPERTIES C_STANDARD 11 LINKER_LANGUAGE CXX)"
    echo "target_link_libraries($ex PRIVATE wasmrun::wasmrun Threads::Threads)"
  done
} > "$tmp/proj/CMakeLists.txt"
cmake -S "$tmp/proj" -B "$tmp/proj/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" \
  -DCMAKE_EXE_LINKER_FLAGS="$san" > "$tmp/cmake.log" || { cat "$tmp/cmake.log"; exit 1; }
cmake --build "$tmp/proj/build" -j2 > "$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
for ex in "$@"; do
  (cd "$run" && "$check" "$transcripts/$ex.txt" "$tmp/proj/build/$ex")
done
echo "== installed wasm.h works both ways for $# examples"

// MemoryStream: guest stdio that lives in host memory instead of behind a host descriptor, for
// embedders (wasmrun::WasiConfig's stdin_bytes, stdout/stderr buffers and callbacks).
//
// An input stream hands out a byte buffer once, then end of file. An output stream passes each
// guest write to a sink, which takes what it can and says how many bytes it took: a sink that
// takes nothing of a non-empty write is full, and the guest's write fails with EFBIG (as a
// write past a file size limit does); a sink that takes part of it gives a short write, which
// the guest sees as a count smaller than it asked for. Sinks run with the WasiCtx's lock held.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "wasi/guest_memory.h"

namespace wr::wasi {

// Takes bytes a guest wrote; returns how many it took (at most data.size()).
using OutputSink = std::function<size_t(std::span<const uint8_t> data)>;

class MemoryStream {
 public:
  static MemoryStream Input(std::vector<uint8_t> bytes) {
    MemoryStream s;
    s.input_ = std::move(bytes);
    s.is_input_ = true;
    return s;
  }
  static MemoryStream Output(OutputSink sink) {
    MemoryStream s;
    s.sink_ = std::move(sink);
    return s;
  }

  bool is_input() const { return is_input_; }
  // Input: bytes not read yet.
  size_t available() const { return input_.size() - pos_; }

  // Input: copies up to out.size() bytes; 0 at end of file.
  size_t Read(std::span<uint8_t> out) {
    size_t n = std::min(out.size(), available());
    std::copy_n(input_.data() + pos_, n, out.data());
    pos_ += n;
    return n;
  }

  // Output: the count the sink took, EFBIG when it took nothing of a non-empty write.
  WasiResult<size_t> Write(std::span<const uint8_t> data) {
    if (data.empty()) return size_t{0};
    size_t n = sink_ ? std::min(sink_(data), data.size()) : 0;
    if (n == 0) return Fail(Errno::Fbig);
    return n;
  }

 private:
  MemoryStream() = default;
  bool is_input_ = false;
  std::vector<uint8_t> input_;
  size_t pos_ = 0;
  OutputSink sink_;
};

}  // namespace wr::wasi

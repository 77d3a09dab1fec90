// WasiOutputBuffer (include/wasmrun/wasmrun.hpp) and the translation of WasiConfig's
// in-memory stdio into the WASI layer's streams (wasi/memory_stream.h).
#include <algorithm>
#include <mutex>

#include "api/impl.h"
#include "wasi/ctx.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

struct WasiOutputBuffer::State {
  mutable std::mutex mutex;
  std::vector<uint8_t> bytes;
  size_t limit = 0;
  bool truncated = false;
};

WasiOutputBuffer::WasiOutputBuffer(size_t limit) : state_(std::make_shared<State>()) {
  state_->limit = limit;
}

size_t WasiOutputBuffer::limit() const {
  return state_->limit;
}

std::vector<uint8_t> WasiOutputBuffer::contents() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->bytes;
}

std::string WasiOutputBuffer::str() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return std::string(state_->bytes.begin(), state_->bytes.end());
}

size_t WasiOutputBuffer::size() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->bytes.size();
}

bool WasiOutputBuffer::truncated() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->truncated;
}

void WasiOutputBuffer::Clear() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->bytes.clear();
  state_->bytes.shrink_to_fit();
  state_->truncated = false;
}

size_t WasiOutputBuffer::Append(std::span<const uint8_t> data) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const size_t room = state_->limit - std::min(state_->limit, state_->bytes.size());
  const size_t n = std::min(room, data.size());
  if (n < data.size()) state_->truncated = true;
  state_->bytes.insert(state_->bytes.end(), data.begin(), data.begin() + static_cast<ptrdiff_t>(n));
  return n;
}

namespace detail {

void ApplyWasiStdio(const WasiConfig& config, wr::wasi::WasiCtx& ctx) {
  if (config.stdin_bytes) {
    ctx.SetStdioStream(0, wr::wasi::MemoryStream::Input(*config.stdin_bytes));
  }
  auto output = [&ctx](uint32_t fd, const std::optional<WasiOutputBuffer>& buffer,
                       const WasiWriteCallback& callback) {
    if (callback) {
      ctx.SetStdioStream(
          fd, wr::wasi::MemoryStream::Output([callback](std::span<const uint8_t> data) -> size_t {
            callback(data);
            return data.size();
          }));
    } else if (buffer) {
      ctx.SetStdioStream(fd, wr::wasi::MemoryStream::Output(
                                 [buffer = *buffer](std::span<const uint8_t> data) mutable {
                                   return buffer.Append(data);
                                 }));
    }
  };
  output(1, config.stdout_buffer, config.stdout_callback);
  output(2, config.stderr_buffer, config.stderr_callback);
}

}  // namespace detail
}  // namespace wasmrun

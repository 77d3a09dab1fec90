// ByteReader: a bounds-checked cursor over immutable bytes with the spec's LEB128 rules.
//
// Every read checks the remaining length first; a failed read leaves an Error (spec wording,
// absolute byte offset) and the cursor where the bad item began. LEB128 follows the binary
// format exactly: an N-bit integer takes at most ceil(N/7) bytes ("integer representation too
// long" past that), and the unused bits of the last byte must be zero for unsigned and a
// sign extension for signed integers ("integer too large" otherwise).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "common/compiler.h"
#include "common/error.h"

namespace wr {

class ByteReader {
 public:
  // `base_offset` is the absolute offset of data[0] in the module, for error messages.
  explicit ByteReader(std::span<const uint8_t> data, uint64_t base_offset = 0,
                      Phase phase = Phase::Decode)
      : data_(data), base_(base_offset), phase_(phase) {}

  size_t pos() const { return pos_; }
  uint64_t offset() const { return base_ + pos_; }  // absolute offset of the cursor
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  std::span<const uint8_t> data() const { return data_; }
  void set_pos(size_t pos) { pos_ = pos; }

  Result<uint8_t> U8() {
    if (WR_UNLIKELY(pos_ >= data_.size())) return Fail("unexpected end");
    return data_[pos_++];
  }
  Result<uint32_t> U32Fixed() {
    if (remaining() < 4) return Fail("unexpected end");
    uint32_t v;
    std::memcpy(&v, data_.data() + pos_, 4);
    pos_ += 4;
    return v;
  }
  Result<uint64_t> U64Fixed() {
    if (remaining() < 8) return Fail("unexpected end");
    uint64_t v;
    std::memcpy(&v, data_.data() + pos_, 8);
    pos_ += 8;
    return v;
  }
  Result<std::span<const uint8_t>> Bytes(size_t n) {
    if (remaining() < n) return Fail("unexpected end");
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

  // The LEB128 readers take one-byte encodings (most indices and small constants) inline;
  // ReadLeb checks everything else.
  Result<uint32_t> VarU32() {
    if (WR_LIKELY(pos_ < data_.size()) && data_[pos_] < 0x80) return data_[pos_++];
    WR_TRY(uint64_t v, ReadLeb(32, false));
    return static_cast<uint32_t>(v);
  }
  Result<uint64_t> VarU64() {
    if (WR_LIKELY(pos_ < data_.size()) && data_[pos_] < 0x80) return data_[pos_++];
    return ReadLeb(64, false);
  }
  Result<int32_t> VarS32() {
    if (WR_LIKELY(pos_ < data_.size()) && data_[pos_] < 0x80) {
      return static_cast<int32_t>(static_cast<int8_t>(data_[pos_++] << 1)) >> 1;
    }
    WR_TRY(uint64_t v, ReadLeb(32, true));
    return static_cast<int32_t>(static_cast<uint32_t>(v));
  }
  Result<int64_t> VarS64() {
    if (WR_LIKELY(pos_ < data_.size()) && data_[pos_] < 0x80) {
      return static_cast<int64_t>(static_cast<int8_t>(data_[pos_++] << 1)) >> 1;
    }
    WR_TRY(uint64_t v, ReadLeb(64, true));
    return static_cast<int64_t>(v);
  }
  // s33, used by block types: returned as int64.
  Result<int64_t> VarS33() {
    WR_TRY(uint64_t v, ReadLeb(33, true));
    return static_cast<int64_t>(v);
  }

  // Non-failing LEB128 readers for hot paths: on a valid encoding they return true with the
  // same value as the Result readers above; otherwise they return false and leave the cursor
  // where it was, so that the caller can re-read with a Result reader to get the exact error.
  bool TryVarU32(uint32_t& v) {
    if (WR_LIKELY(pos_ < data_.size()) && data_[pos_] < 0x80) {
      v = data_[pos_++];
      return true;
    }
    uint64_t x;
    if (!TryLeb<32, false>(x)) return false;
    v = static_cast<uint32_t>(x);
    return true;
  }
  bool TryVarU64(uint64_t& v) { return TryLeb<64, false>(v); }
  bool TryVarS32(int32_t& v) {
    uint64_t x;
    if (!TryLeb<32, true>(x)) return false;
    v = static_cast<int32_t>(static_cast<uint32_t>(x));
    return true;
  }
  bool TryVarS64(int64_t& v) {
    uint64_t x;
    if (!TryLeb<64, true>(x)) return false;
    v = static_cast<int64_t>(x);
    return true;
  }

  // A name: u32 length then UTF-8 bytes ("malformed UTF-8 encoding" when invalid).
  Result<std::string_view> Name();

  Unexpected<Error> Fail(std::string message) const {
    return MakeError(phase_, offset(), std::move(message));
  }
  Unexpected<Error> FailAt(uint64_t abs_offset, std::string message) const {
    return MakeError(phase_, abs_offset, std::move(message));
  }

 private:
  // Reads an unsigned or signed LEB128 of `bits` width; the result is the raw two's
  // complement bit pattern sign-extended (signed) or zero-extended (unsigned) to 64 bits.
  Result<uint64_t> ReadLeb(unsigned bits, bool is_signed) {
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; ++i) {
      if (WR_UNLIKELY(pos_ >= data_.size())) return Fail("unexpected end");
      if (WR_UNLIKELY(i >= max_bytes)) return Fail("integer representation too long");
      const uint8_t byte = data_[pos_++];
      const uint64_t payload = byte & 0x7f;
      if (i == max_bytes - 1) {
        // Last permitted byte: only (bits - shift) payload bits are meaningful.
        const unsigned used = bits - shift;  // 1..7
        if (byte & 0x80) return Fail("integer representation too long");
        const uint8_t unused_mask = static_cast<uint8_t>((0x7f >> used) << used);
        if (!is_signed) {
          if (payload & unused_mask) return FailAt(offset() - 1, "integer too large");
        } else {
          const bool sign = (payload >> (used - 1)) & 1;
          const uint8_t expect = sign ? unused_mask : 0;
          if ((payload & unused_mask) != expect) return FailAt(offset() - 1, "integer too large");
        }
      }
      if (shift < 64) result |= payload << shift;
      shift += 7;
      if (!(byte & 0x80)) {
        if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
        break;
      }
    }
    if (bits < 64) {
      const uint64_t mask = (uint64_t{1} << bits) - 1;
      if (is_signed) {
        // Sign-extend from `bits` to 64.
        const uint64_t sign_bit = uint64_t{1} << (bits - 1);
        result &= mask;
        result = (result ^ sign_bit) - sign_bit;
      } else {
        result &= mask;
      }
    }
    return result;
  }

  // ReadLeb's rules with the width and signedness fixed at compile time and no error
  // reporting: false for anything ReadLeb would reject (too long, unused bits not zero or not a
  // sign extension, the input ending first).
  template <unsigned kBits, bool kSigned>
  WR_ALWAYS_INLINE bool TryLeb(uint64_t& out) {
    constexpr unsigned kMaxBytes = (kBits + 6) / 7;
    constexpr unsigned kLastUsed = kBits - 7 * (kMaxBytes - 1);  // payload bits of the last byte
    const uint8_t* p = data_.data() + pos_;
    const size_t n = remaining() < kMaxBytes ? remaining() : kMaxBytes;
    uint64_t result = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint8_t byte = p[i];
      const uint64_t payload = byte & 0x7f;
      result |= payload << (7 * i);
      if (byte & 0x80) continue;
      if (i == kMaxBytes - 1) {
        // Unsigned: the unused bits must be zero. Signed: they and the sign bit must be equal.
        const uint64_t high = payload >> (kSigned ? kLastUsed - 1 : kLastUsed);
        if (kSigned ? (high != 0 && high != (0x7fu >> (kLastUsed - 1))) : high != 0) {
          return false;
        }
      }
      const unsigned shift = 7 * static_cast<unsigned>(i + 1);
      if (kSigned && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      if constexpr (kBits < 64) {
        const uint64_t mask = (uint64_t{1} << kBits) - 1;
        result &= mask;
        if (kSigned) {
          const uint64_t sign_bit = uint64_t{1} << (kBits - 1);
          result = (result ^ sign_bit) - sign_bit;
        }
      }
      pos_ += i + 1;
      out = result;
      return true;
    }
    return false;
  }

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  Phase phase_;
};

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::span<const uint8_t> s);

}  // namespace wr

#include "common/byte_reader.h"

namespace wr {

bool IsValidUtf8(std::span<const uint8_t> s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp;
    size_t len;
    if ((b & 0xe0) == 0xc0) {
      cp = b & 0x1f;
      len = 2;
    } else if ((b & 0xf0) == 0xe0) {
      cp = b & 0x0f;
      len = 3;
    } else if ((b & 0xf8) == 0xf0) {
      cp = b & 0x07;
      len = 4;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      const uint8_t c = s[i + k];
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) {
      return false;  // overlong
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

Result<std::string_view> ByteReader::Name() {
  WR_TRY(uint32_t len, VarU32());
  if (len > remaining()) return Fail("unexpected end");
  auto bytes = data_.subspan(pos_, len);
  if (!IsValidUtf8(bytes)) return Fail("malformed UTF-8 encoding");
  pos_ += len;
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace wr

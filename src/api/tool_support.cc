// The public API's support for command-line tools (the last section of wasmrun.hpp): format
// detection, text to binary, command-line values, the internal code's listing, GC statistics
// and ending a process that runs wasi-threads.
#include <cstring>
#include <string>

#include "api/impl.h"
#include "compile/compiled_module.h"
#include "text/numbers.h"
#include "text/wat.h"
#include "wasi/threads.h"

namespace wasmrun {

namespace {

Error DecodeError(std::string message) {
  Error e;
  e.kind = ErrorKind::Decode;
  e.message = std::move(message);
  return e;
}

// Whether text starts, after white space, `;;` line comments and nested `(; ;)` block
// comments, with "(": the first token of every module in the text format.
bool LooksLikeText(std::span<const uint8_t> bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  auto at = [&](size_t k, char c) { return k < n && bytes[k] == static_cast<uint8_t>(c); };
  while (i < n) {
    const uint8_t c = bytes[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (at(i, ';') && at(i + 1, ';')) {
      while (i < n && bytes[i] != '\n') ++i;
    } else if (at(i, '(') && at(i + 1, ';')) {
      size_t depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (at(i, '(') && at(i + 1, ';')) {
          ++depth, i += 2;
        } else if (at(i, ';') && at(i + 1, ')')) {
          --depth, i += 2;
        } else {
          ++i;
        }
      }
      if (depth > 0) return false;  // an unclosed comment: nothing to parse
    } else {
      return c == '(';
    }
  }
  return false;  // only white space and comments
}

bool HasBinaryMagic(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  return bytes.size() >= 4 && std::memcmp(bytes.data(), kMagic, 4) == 0;
}

}  // namespace

Result<Module> Module::FromBytes(const Engine& engine, std::span<const uint8_t> bytes) {
  if (HasBinaryMagic(bytes)) return FromBinary(engine, bytes);
  if (bytes.empty()) return Fail(DecodeError("empty module"));
  if (!LooksLikeText(bytes)) return Fail(DecodeError("not a WebAssembly module (binary or text)"));
  return FromWat(engine,
                 std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<Module> Module::FromBytes(const Engine& engine, std::vector<uint8_t>&& bytes) {
  if (HasBinaryMagic(bytes)) return detail::CompileBinary(engine, std::move(bytes));
  return FromBytes(engine, std::span<const uint8_t>(bytes));
}

Result<std::vector<uint8_t>> WatToBinary(std::string_view text) {
  auto bytes = wr::text::ParseWat(text);
  if (!bytes) return Fail(detail::ToPublic(bytes.error()));
  return std::move(bytes).value();
}

bool UsesWasiThreads(const Module& module) {
  const detail::ModuleImpl* m = detail::Access::Get(module);
  return m != nullptr && m->compiled && wr::wasi::ThreadSpawner::Wants(m->compiled->module);
}

std::optional<Value> ParseValue(const ValType& type, std::string_view text) {
  auto integer = [&](std::string_view t, unsigned bits) -> std::optional<uint64_t> {
    auto r = wr::text::ParseIntBits(t, bits);
    if (!r) return std::nullopt;
    return *r;
  };
  switch (type.kind()) {
    case ValType::Kind::I32: {
      auto v = integer(text, 32);
      if (!v) return std::nullopt;
      return Value::FromI32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
    }
    case ValType::Kind::I64: {
      auto v = integer(text, 64);
      if (!v) return std::nullopt;
      return Value::FromI64(static_cast<int64_t>(*v));
    }
    case ValType::Kind::F32: {
      auto v = wr::text::ParseF32(text);
      if (!v) return std::nullopt;
      return Value::FromF32Bits(*v);
    }
    case ValType::Kind::F64: {
      auto v = wr::text::ParseF64(text);
      if (!v) return std::nullopt;
      return Value::FromF64Bits(*v);
    }
    case ValType::Kind::V128: {
      uint32_t lanes[4];
      size_t n = 0;
      size_t pos = 0;
      while (pos <= text.size()) {
        size_t end = text.find_first_of(" ,", pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos) {
          if (n == 4) return std::nullopt;
          auto v = integer(text.substr(pos, end - pos), 32);
          if (!v) return std::nullopt;
          lanes[n++] = static_cast<uint32_t>(*v);
        }
        pos = end + 1;
      }
      if (n != 4) return std::nullopt;
      Vec128 v;
      std::memcpy(v.bytes, lanes, 16);  // little-endian lanes, lane 0 first
      return Value::FromV128(v);
    }
    case ValType::Kind::Ref:
      // Only null can be written on a command line, and only where the type admits it.
      if ((text != "null" && text != "ref.null") || !type.nullable()) return std::nullopt;
      return Value::Null(type);
  }
  return std::nullopt;
}

Result<std::string> DisassembleInternalCode(const Module& module, std::string_view func) {
  const detail::ModuleImpl* impl = detail::Access::Get(module);
  if (impl == nullptr || !impl->compiled) {
    return Fail(detail::UsageError("cannot list the code of a null module"));
  }
  const wr::compile::CompiledModule& cm = *impl->compiled;
  const wr::Module& m = cm.module;
  // The function `func` names: an export's name first, else a decimal index.
  std::optional<uint32_t> only;
  if (!func.empty()) {
    for (const wr::Export& e : m.exports) {
      if (e.kind == wr::ExternKind::Func && e.name == func) only = e.index;
    }
    if (!only && func.find_first_not_of("0123456789") == std::string_view::npos) {
      auto n = wr::text::ParseNat(func, UINT32_MAX);
      if (n) only = static_cast<uint32_t>(*n);
    }
    if (!only) return Fail(detail::UsageError("no function " + std::string(func)));
  }
  std::string out;
  bool found = false;
  for (const wr::compile::CompiledFunction& f : cm.funcs) {
    const uint32_t index = m.num_imported_funcs + f.defined_index;
    if (only && index != *only) continue;
    found = true;
    auto lowered = wr::compile::EnsureLowered(f);
    if (!lowered) return Fail(detail::ToPublic(lowered.error()));
    auto name = m.func_names.find(index);
    if (name != m.func_names.end()) out += "; " + name->second + "\n";
    out += wr::compile::Disassemble(f);
  }
  if (only && !found) {
    return Fail(
        detail::UsageError("function " + std::string(func) + " is imported or out of range"));
  }
  return out;
}

std::string GcStatsLine(Store& store) {
  return detail::Access::Get(store)->store.gc().stats().ToString();
}

void ExitProcess(int status) {
  wr::wasi::ThreadSpawner::ExitProcess(status);
}

}  // namespace wasmrun

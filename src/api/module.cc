// wasmrun::Module: decode (or parse text), validate and compile.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

#include "api/impl.h"
#include "binary/reader.h"
#include "text/wat.h"

namespace wasmrun {

namespace {

wr::valid::Options OptionsFor(const Engine& engine) {
  const Features& f = engine.config().features;
  wr::valid::Options o;
  o.features.tail_call = f.tail_call;
  o.features.exceptions = f.exceptions;
  o.features.func_refs = f.func_refs;
  o.features.gc = f.gc;
  o.features.memory64 = f.memory64;
  o.features.multi_memory = f.multi_memory;
  o.features.extended_const = f.extended_const;
  o.features.relaxed_simd = f.relaxed_simd;
  o.features.custom_page_sizes = f.custom_page_sizes;
  o.features.wide_arithmetic = f.wide_arithmetic;
  o.features.legacy_exceptions = f.legacy_exceptions;
  o.features.threads = f.threads;
  return o;
}

ExternType ExternTypeOf(const wr::Module& m, wr::ExternKind kind, uint32_t index) {
  ExternType t;
  t.kind = detail::ToPublic(kind);
  switch (kind) {
    case wr::ExternKind::Func: t.func = detail::ToPublic(m.FuncTypeOf(index), &m); break;
    case wr::ExternKind::Table: t.table = detail::ToPublic(m.TableTypeOf(index), &m); break;
    case wr::ExternKind::Memory: t.memory = detail::ToPublic(m.MemoryTypeOf(index)); break;
    case wr::ExternKind::Global: t.global = detail::ToPublic(m.GlobalTypeOf(index), &m); break;
    case wr::ExternKind::Tag: {
      const uint32_t ti = m.TagTypeOf(index).type_index;
      if (ti < m.types.size()) t.func = detail::ToPublic(m.types[ti].func, &m);
      break;
    }
  }
  return t;
}

}  // namespace

Result<Module> Module::FromBinary(const Engine& engine, std::span<const uint8_t> bytes) {
  return detail::CompileBinary(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<Module> detail::CompileBinary(const Engine& engine, std::vector<uint8_t>&& bytes) {
  auto decoded = wr::binary::ReadModule(std::move(bytes));
  if (!decoded) return Fail(detail::ToPublic(decoded.error()));
  wr::compile::CompileOptions co;
  co.interruptible = engine.config().interruptible;
  auto compiled = wr::compile::CompileModule(std::move(decoded).value(), OptionsFor(engine), co);
  if (!compiled) return Fail(detail::ToPublic(compiled.error()));
  auto impl = std::make_shared<detail::ModuleImpl>();
  impl->compiled = std::move(compiled).value();
  return detail::Access::MakeModule(std::move(impl));
}

Result<Module> Module::FromWat(const Engine& engine, std::string_view text) {
  auto bytes = wr::text::ParseWat(text);
  if (!bytes) return Fail(detail::ToPublic(bytes.error()));
  return detail::CompileBinary(engine, std::move(bytes).value());
}

Result<Module> Module::FromFile(const Engine& engine, const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    Error e;
    e.kind = ErrorKind::Io;
    e.message = "cannot open " + path + ": " + std::strerror(errno);
    return Fail(std::move(e));
  }
  // A regular file in one read into a buffer of its size; anything without a size (a pipe)
  // byte by byte.
  std::vector<uint8_t> bytes;
  if (const std::streamoff size = in.tellg(); size > 0) {
    bytes.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<size_t>(in.gcount()));
  } else {
    in.clear();
    in.seekg(0);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (in.bad()) {
    Error e;
    e.kind = ErrorKind::Io;
    e.message = "cannot read " + path;
    return Fail(std::move(e));
  }
  return FromBytes(engine, std::move(bytes));
}

std::vector<ImportType> Module::imports() const {
  std::vector<ImportType> out;
  if (!impl_) return out;
  const wr::Module& m = impl_->compiled->module;
  uint32_t counts[5] = {};
  for (const wr::Import& imp : m.imports) {
    const uint32_t n = counts[static_cast<int>(imp.kind)]++;
    out.push_back({imp.module, imp.name, ExternTypeOf(m, imp.kind, n)});
  }
  return out;
}

std::vector<ExportType> Module::exports() const {
  std::vector<ExportType> out;
  if (!impl_) return out;
  const wr::Module& m = impl_->compiled->module;
  for (const wr::Export& ex : m.exports) {
    out.push_back({ex.name, ExternTypeOf(m, ex.kind, ex.index)});
  }
  return out;
}

std::string Module::name() const {
  return impl_ ? impl_->compiled->module.module_name : "";
}

}  // namespace wasmrun

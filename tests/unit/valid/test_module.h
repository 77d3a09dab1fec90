// Builds Modules by hand for validator tests: the Module is plain data, so tests fill it
// directly and put function bodies and constant expressions (encoded with binary::Writer) into
// its byte buffer.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "binary/writer.h"
#include "ir/module.h"
#include "valid/validator.h"

namespace wr::valid::testing {

// Instruction bytes, chainable: Code().Op(Opcode::I32Const).S32(1).Op(Opcode::End).
class Code {
 public:
  Code& Op(Opcode op) {
    w_.Op(op);
    return *this;
  }
  Code& U32(uint32_t v) {
    w_.VarU32(v);
    return *this;
  }
  Code& U64(uint64_t v) {
    w_.VarU64(v);
    return *this;
  }
  Code& S32(int32_t v) {
    w_.VarS32(v);
    return *this;
  }
  Code& S64(int64_t v) {
    w_.VarS64(v);
    return *this;
  }
  Code& U8(uint8_t b) {
    w_.U8(b);
    return *this;
  }
  // Raw bytes, e.g. an immediate in an unusual encoding.
  Code& Bytes(std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) w_.U8(b);
    return *this;
  }
  Code& Type(const ValType& t) {
    w_.ValueType(t);
    return *this;
  }
  Code& Heap(const ValType& t) {
    w_.HeapType(t);
    return *this;
  }
  Code& I32(int32_t v) { return Op(Opcode::I32Const).S32(v); }
  Code& I64(int64_t v) { return Op(Opcode::I64Const).S64(v); }
  Code& F32() {
    w_.Op(Opcode::F32Const);
    w_.F32Bits(0);
    return *this;
  }
  Code& V128() {
    w_.Op(Opcode::V128Const);
    w_.Bytes16(wr::V128{});
    return *this;
  }
  Code& Get(uint32_t local) { return Op(Opcode::LocalGet).U32(local); }
  // memarg: align, offset (memory 0)
  Code& Mem(uint32_t align, uint64_t offset = 0) { return U32(align).U64(offset); }
  Code& BlockEmpty() { return U8(0x40); }
  Code& End() { return Op(Opcode::End); }
  const std::vector<uint8_t>& bytes() const { return w_.bytes(); }
  size_t size() const { return w_.size(); }

 private:
  binary::Writer w_;
};

class ModuleBuilder {
 public:
  ModuleBuilder() { m.bytes.assign(8, 0); }  // stand-in for the header: offsets are nonzero

  uint32_t Type(std::vector<ValType> params, std::vector<ValType> results) {
    DefType t;
    t.func.params = std::move(params);
    t.func.results = std::move(results);
    m.types.push_back(t);
    return static_cast<uint32_t>(m.types.size() - 1);
  }
  ByteSpan Put(const Code& c) {
    ByteSpan s{static_cast<uint32_t>(m.bytes.size()), static_cast<uint32_t>(c.size())};
    m.bytes.insert(m.bytes.end(), c.bytes().begin(), c.bytes().end());
    return s;
  }
  ConstExpr Expr(const Code& c) { return ConstExpr{Put(c)}; }
  // Defines a function; returns its index in the function index space.
  uint32_t Func(uint32_t type, const Code& body, std::vector<LocalDecl> locals = {}) {
    Function f;
    f.type_index = type;
    f.first_local_decl = static_cast<uint32_t>(m.local_decls.size());
    f.num_local_decls = static_cast<uint32_t>(locals.size());
    for (const auto& d : locals) f.num_locals += d.count;
    m.local_decls.insert(m.local_decls.end(), locals.begin(), locals.end());
    f.body_start = static_cast<uint32_t>(m.bytes.size());
    f.body = Put(body);
    m.functions.push_back(f);
    return m.num_funcs() - 1;
  }
  uint32_t Func(std::vector<ValType> params, std::vector<ValType> results, const Code& body,
                std::vector<LocalDecl> locals = {}) {
    return Func(Type(std::move(params), std::move(results)), body, std::move(locals));
  }
  void Memory(uint64_t min = 1, IndexType it = IndexType::I32) {
    Memory_ mem;
    mem.type.limits.min = min;
    mem.type.limits.index_type = it;
    m.memories.push_back(mem);
  }
  void Table(ValType elem = ValType::FuncRef(), uint64_t min = 1, IndexType it = IndexType::I32) {
    Table_ t;
    t.type.elem = elem;
    t.type.limits.min = min;
    t.type.limits.index_type = it;
    m.tables.push_back(t);
  }
  void Global(ValType type, bool mut, const Code& init) {
    m.globals.push_back(Global_{GlobalType{type, mut}, Expr(init)});
  }
  void Import(ExternKind kind, uint32_t type_index = 0) {
    Import_ imp;
    imp.module = "m";
    imp.name = "i" + std::to_string(m.imports.size());
    imp.kind = kind;
    imp.type_index = type_index;
    m.imports.push_back(imp);
    m.IndexImports();
  }
  void ImportGlobal(ValType type, bool mut) {
    Import(ExternKind::Global);
    m.imports.back().global = GlobalType{type, mut};
  }
  void Export(std::string name, ExternKind kind, uint32_t index) {
    m.exports.push_back(Export_{std::move(name), kind, index, 0});
  }

  Result<void> Validate(Features f = {}, FuncListener* listener = nullptr) const {
    Options o;
    o.features = f;
    return ValidateModule(m, o, listener);
  }

  Module m;

 private:
  using Memory_ = wr::Memory;
  using Table_ = wr::Table;
  using Global_ = wr::Global;
  using Import_ = wr::Import;
  using Export_ = wr::Export;
};

inline Features AllFeatures() {
  Features f;
  f.tail_call = f.exceptions = f.func_refs = f.gc = f.memory64 = f.multi_memory = true;
  f.extended_const = f.relaxed_simd = f.custom_page_sizes = true;
  return f;
}

// The error message, or "ok".
inline std::string Msg(const Result<void>& r) {
  return r ? std::string("ok") : r.error().message;
}

}  // namespace wr::valid::testing

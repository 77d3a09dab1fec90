// Value, reference, function, table, memory, global and tag types.
//
// Designed for WebAssembly 3.0 even where the engine does not run a feature yet: reference
// types carry nullability and a heap type that is abstract or a type index (typed function
// references, GC), limits carry an index type (memory64/table64) and memories a page size
// (custom-page-sizes), and defined types form recursive groups with subtyping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wr {

enum class ValKind : uint8_t { I32, I64, F32, F64, V128, Ref };

// Abstract heap types, plus Index for a concrete type index.
enum class HeapKind : uint8_t {
  Func,
  Extern,
  Any,
  Eq,
  I31,
  Struct,
  Array,
  Exn,
  None,
  NoFunc,
  NoExtern,
  NoExn,
  Index,
};

struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = true;            // Ref only
  HeapKind heap = HeapKind::Func;  // Ref only
  uint32_t index = 0;              // Ref with heap == Index: the type index

  static constexpr ValType I32() { return {ValKind::I32}; }
  static constexpr ValType I64() { return {ValKind::I64}; }
  static constexpr ValType F32() { return {ValKind::F32}; }
  static constexpr ValType F64() { return {ValKind::F64}; }
  static constexpr ValType V128() { return {ValKind::V128}; }
  static constexpr ValType Ref(HeapKind h, bool null) { return {ValKind::Ref, null, h, 0}; }
  static constexpr ValType RefIndex(uint32_t idx, bool null) {
    return {ValKind::Ref, null, HeapKind::Index, idx};
  }
  static constexpr ValType FuncRef() { return Ref(HeapKind::Func, true); }
  static constexpr ValType ExternRef() { return Ref(HeapKind::Extern, true); }

  bool is_ref() const { return kind == ValKind::Ref; }
  bool is_num() const { return kind != ValKind::Ref && kind != ValKind::V128; }
  // Interpreter slots (64-bit) a value of this type occupies.
  unsigned slots() const { return kind == ValKind::V128 ? 2 : 1; }
  // Defaultable per the spec: numbers, vectors and nullable references.
  bool defaultable() const { return kind != ValKind::Ref || nullable; }

  friend bool operator==(const ValType& a, const ValType& b) {
    if (a.kind != b.kind) return false;
    if (a.kind != ValKind::Ref) return true;
    return a.nullable == b.nullable && a.heap == b.heap &&
           (a.heap != HeapKind::Index || a.index == b.index);
  }
};

// Text form ("i32", "funcref", "(ref null 3)") for messages and printers.
std::string ToString(const ValType& t);
std::string ToString(HeapKind h);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

// Storage type of a struct field or array element (GC): a value type or a packed i8/i16.
struct FieldType {
  enum class Packed : uint8_t { None, I8, I16 };
  ValType type;
  Packed packed = Packed::None;
  bool mut = false;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

// A defined type (an entry of the type section): a function, struct or array type, with
// its declared supertypes and finality, and its place in a recursive group.
struct DefType {
  enum class Kind : uint8_t { Func, Struct, Array };
  Kind kind = Kind::Func;
  bool is_final = true;
  std::vector<uint32_t> supertypes;  // at most one in 3.0
  FuncType func;                     // Kind::Func
  std::vector<FieldType> fields;     // Kind::Struct; Kind::Array has exactly one
  uint32_t rec_group = 0;            // index of the first type of its rec group
  uint32_t rec_group_size = 1;
};

enum class IndexType : uint8_t { I32, I64 };

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  IndexType index_type = IndexType::I32;
  bool shared = false;
};

struct TableType {
  ValType elem = ValType::FuncRef();
  Limits limits;
};

struct MemoryType {
  Limits limits;                 // in pages
  uint32_t page_size_log2 = 16;  // 64 KiB pages unless custom-page-sizes says otherwise
};

struct GlobalType {
  ValType type;
  bool mut = false;
};

struct TagType {
  uint32_t type_index = 0;  // a function type with no results
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
const char* ToString(ExternKind k);

inline constexpr uint64_t kWasmPageSize = 65536;
inline constexpr uint32_t kMaxPages32 = 65536;  // 4 GiB

}  // namespace wr

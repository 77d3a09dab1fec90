// See api_boundary_driver.h. Uses only the public API, as an embedder would.
#include "api_boundary_driver.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::fuzz {

namespace {

// Exports that make references of every kind, and exports that take references of every kind
// and use them in a way that would crash or misbehave if a wrong value got through.
constexpr std::string_view kModule = R"((module
  (type $s (struct (field (mut i32))))
  (type $t (sub (struct (field (mut i32)) (field i64))))
  (type $u (sub $t (struct (field (mut i32)) (field i64) (field f32))))
  (type $a (array (mut i32)))
  (type $f (func (param i32) (result i32)))
  (type $g (func (result i32)))
  (tag $e (param i32))
  (func $inc (type $f) (i32.add (local.get 0) (i32.const 1)))
  (func $seven (type $g) (i32.const 7))
  (elem declare func $inc $seven)
  (global (export "g_s") (mut (ref null $s)) (ref.null $s))
  (global (export "g_any") (mut anyref) (ref.null any))
  (global (export "g_f") (mut (ref null $f)) (ref.null $f))
  (global (export "g_ext") (mut (ref extern)) (extern.convert_any (ref.i31 (i32.const 0))))
  (global (export "g_i31") (mut (ref i31)) (ref.i31 (i32.const 5)))
  (table (export "t_a") 4 (ref null $a))
  (table (export "t_func") 4 funcref)
  (table (export "t_g") 4 (ref null $g))
  (table (export "t_ext") 4 externref)
  (func (export "make_s") (param i32) (result (ref $s)) (struct.new $s (local.get 0)))
  (func (export "make_t") (result (ref $t)) (struct.new $t (i32.const 1) (i64.const 2)))
  (func (export "make_u") (result (ref $u))
    (struct.new $u (i32.const 3) (i64.const 4) (f32.const 5)))
  (func (export "make_a") (param i32) (result (ref $a))
    (array.new $a (i32.const 9) (i32.and (local.get 0) (i32.const 15))))
  (func (export "make_i31") (param i32) (result (ref i31)) (ref.i31 (local.get 0)))
  (func (export "inc") (result (ref $f)) (ref.func $inc))
  (func (export "seven") (result (ref $g)) (ref.func $seven))
  (func (export "to_extern") (param anyref) (result externref) (extern.convert_any (local.get 0)))
  (func (export "to_any") (param externref) (result anyref) (any.convert_extern (local.get 0)))
  (func (export "use_s") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))
  (func (export "set_s") (param (ref $s) i32) (struct.set $s 0 (local.get 0) (local.get 1)))
  (func (export "use_t") (param (ref null $t)) (result i64)
    (if (result i64) (ref.is_null (local.get 0)) (then (i64.const -1))
      (else (struct.get $t 1 (local.get 0)))))
  (func (export "use_a") (param (ref $a) i32) (result i32)
    (array.get $a (local.get 0)
      (i32.rem_u (local.get 1) (i32.add (array.len (local.get 0)) (i32.const 1)))))
  (func (export "use_f") (param (ref $f) i32) (result i32) (call_ref $f (local.get 1) (local.get 0)))
  (func (export "use_g") (param (ref null $g)) (result i32)
    (if (result i32) (ref.is_null (local.get 0)) (then (i32.const -1))
      (else (call_ref $g (local.get 0)))))
  (func (export "use_func") (param funcref) (result i32)
    (if (result i32) (ref.test (ref $g) (local.get 0))
      (then (call_ref $g (ref.cast (ref $g) (local.get 0)))) (else (i32.const -2))))
  (func (export "use_i31") (param (ref i31)) (result i32) (i31.get_s (local.get 0)))
  (func (export "use_eq") (param eqref) (result i32)
    (block $no (result eqref)
      (br_on_cast_fail $no eqref (ref $s) (local.get 0))
      (return (struct.get $s 0)))
    (drop) (i32.const -3))
  (func (export "use_any") (param (ref any)) (result i32)
    (if (result i32) (ref.test i31ref (local.get 0))
      (then (i31.get_u (ref.cast i31ref (local.get 0)))) (else (i32.const -4))))
  (func (export "use_ext") (param (ref extern)) (result anyref) (any.convert_extern (local.get 0)))
  (func (export "use_nums") (param i32 i64 f32 f64 v128) (result i64)
    (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
  (func (export "throw") (param i32) (throw $e (local.get 0)))
))";

// Reads the input as a stream of choices; past its end, every choice is 0.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | Byte();
    return v;
  }
  uint64_t U64() { return (uint64_t{U32()} << 32) | U32(); }
  size_t Below(size_t n) { return n == 0 ? 0 : Byte() % n; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Whether `v` could be a value of `t` as far as kind, hierarchy and nullability go: what any
// value the boundary accepts (or wasm hands out) must satisfy.
bool Plausible(const Value& v, ValType t) {
  if (v.type().kind() != t.kind()) return false;
  if (!t.is_ref()) return true;
  if (v.type().top() != t.top()) return false;
  return !v.is_null() || t.nullable();
}

struct Session {
  Engine engine;
  Store store{engine};
  Linker linker{store};
  Instance inst;
  Store other{engine};  // a second store, whose values must never be accepted by the first
  Linker other_linker{other};
  Instance other_inst;
  std::vector<Value> pool;
  std::string failure;
  size_t accepted = 0;
  size_t refused = 0;

  bool Init() {
    auto m = Module::FromWat(engine, kModule);
    if (!m) {
      failure = "module: " + m.error().ToString();
      return false;
    }
    auto a = linker.Instantiate(*m);
    auto b = other_linker.Instantiate(*m);
    if (!a || !b) {
      failure = "instantiate failed";
      return false;
    }
    inst = *a;
    other_inst = *b;
    return true;
  }

  Value RandomValue(Choices& c) {
    switch (c.Below(16)) {
      case 0: return Value::FromI32(static_cast<int32_t>(c.U32()));
      case 1: return Value::FromI64(static_cast<int64_t>(c.U64()));
      case 2: return Value::FromF32Bits(c.U32());
      case 3: return Value::FromF64Bits(c.U64());
      case 4: {
        Vec128 x;
        for (uint8_t& b : x.bytes) b = c.Byte();
        return Value::FromV128(x);
      }
      case 5: return Value::FromExtern(c.U64());
      case 6: return Value::FromI31(c.U32());
      case 7: {
        static constexpr ValType kNulls[] = {
            ValType::FuncRef, ValType::ExternRef,   ValType::AnyRef,        ValType::EqRef,
            ValType::I31Ref,  ValType::StructRef,   ValType::ArrayRef,      ValType::ExnRef,
            ValType::NullRef, ValType::NullFuncRef, ValType::NullExternRef, ValType::NullExnRef};
        return Value::Null(kNulls[c.Below(std::size(kNulls))]);
      }
      case 8: {  // a value of the other store
        auto f = other_inst.GetFunc(c.Byte() % 2 ? "make_s" : "seven");
        auto r = f->Call(f->type().params.empty() ? std::vector<Value>{}
                                                  : std::vector<Value>{Value::FromI32(1)});
        return r && !r->empty() ? (*r)[0] : Value();
      }
      case 9: return Value::FromFunc(*inst.GetFunc("use_s"));  // a function of another type
      default:
        if (pool.empty()) return Value::FromI32(0);
        return pool[c.Below(pool.size())];
    }
  }

  void Keep(const Value& v) {
    if (pool.size() < 64) {
      pool.push_back(v);
    } else {
      pool[pool.size() / 2] = v;
    }
  }

  void Check(bool ok, const std::string& what) {
    if (!ok && failure.empty()) failure = what;
  }

  void CallRandomExport(Choices& c) {
    auto exports = inst.exports();
    std::vector<std::pair<std::string, Func>> funcs;
    for (auto& [name, ext] : exports) {
      if (auto* f = std::get_if<Func>(&ext)) funcs.emplace_back(name, *f);
    }
    std::sort(funcs.begin(), funcs.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto& [name, f] = funcs[c.Below(funcs.size())];
    const FuncType type = f.type();
    std::vector<Value> args;
    for (size_t i = 0; i < type.params.size(); ++i) args.push_back(RandomValue(c));
    auto r = f.Call(args);
    if (!r && r.error().kind == TrapKind::HostError) ++refused;
    if (r) {
      ++accepted;
      for (size_t i = 0; i < args.size(); ++i) {
        Check(Plausible(args[i], type.params[i]),
              name + ": accepted " + args[i].ToString() + " for " + ToString(type.params[i]));
      }
      Check(r->size() == type.results.size(), name + ": result count");
      for (size_t i = 0; i < r->size() && i < type.results.size(); ++i) {
        Check(Plausible((*r)[i], type.results[i]),
              name + ": returned " + (*r)[i].ToString() + " for " + ToString(type.results[i]));
        Keep((*r)[i]);
      }
    } else {
      // A refusal names the argument; a trap is a trap of wasm. Either way nothing crashed.
      Check(!r.error().message.empty(), name + ": empty trap message");
    }
  }

  void TouchGlobal(Choices& c) {
    static constexpr const char* kGlobals[] = {"g_s", "g_any", "g_f", "g_ext", "g_i31"};
    auto g = inst.GetGlobal(kGlobals[c.Below(std::size(kGlobals))]);
    const GlobalType t = g->type();
    if (c.Byte() % 2) {
      Value v = RandomValue(c);
      if (g->Set(v)) {
        ++accepted;
        Check(Plausible(v, t.type), "global accepted " + v.ToString());
      } else {
        ++refused;
      }
    }
    Value now = g->Get();
    Check(Plausible(now, t.type), "global holds " + now.ToString());
    Keep(now);
  }

  void TouchTable(Choices& c) {
    static constexpr const char* kTables[] = {"t_a", "t_func", "t_g", "t_ext"};
    auto t = inst.GetTable(kTables[c.Below(std::size(kTables))]);
    const ValType elem = t->type().element;
    const uint64_t index = c.Below(6);
    Value v = RandomValue(c);
    switch (c.Below(3)) {
      case 0:
        if (t->Set(index, v)) {
          ++accepted;
          Check(Plausible(v, elem), "table accepted " + v.ToString());
        } else {
          ++refused;
        }
        break;
      case 1:
        if (t->size() < 16 && t->Grow(1, v)) {
          Check(Plausible(v, elem), "table grow accepted " + v.ToString());
        }
        break;
      default:
        if (auto got = t->Get(index)) {
          Check(Plausible(*got, elem), "table holds " + got->ToString());
          Keep(*got);
        }
    }
  }
};

}  // namespace

ApiBoundaryRun RunApiBoundary(const uint8_t* data, size_t size) {
  Session s;
  if (!s.Init()) return {s.failure};
  Choices c(data, size);
  for (int step = 0; step < 64 && !c.done() && s.failure.empty(); ++step) {
    switch (c.Below(4)) {
      case 0: s.TouchGlobal(c); break;
      case 1: s.TouchTable(c); break;
      default: s.CallRandomExport(c); break;
    }
  }
  return {s.failure, s.accepted, s.refused};
}

}  // namespace wasmrun::fuzz

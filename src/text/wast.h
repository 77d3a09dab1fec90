// WAST: the spec test script format (WebAssembly/spec interpreter/README.md, "Scripts").
//
// ParseWast reads a whole .wast file into a Script: a list of Commands in source order, each
// with its line number. Text modules are encoded to binary here (through ParseWat's parser);
// a text module that fails to parse does NOT fail the script: the error is kept in the
// command (ModuleSource::error), since assert_malformed expects exactly that. Only a script
// that is not well-formed S-expressions, or a command whose shape is wrong, fails ParseWast.
//
// How a runner consumes it (sketch):
//   for (const Command& cmd : script.commands) switch (cmd.kind) {
//     case CommandKind::Module:          bytes = cmd.module.Encode(); instantiate, bind
//                                        cmd.module.name (or keep as definition when
//                                        cmd.module.is_definition)
//     case CommandKind::ModuleInstance:  instantiate definition cmd.module_ref as
//                                        cmd.instance_name
//     case CommandKind::Register:        register cmd.module_ref (or the latest) as
//                                        cmd.register_name
//     case CommandKind::Action:          run cmd.action, ignore results
//     case CommandKind::AssertReturn:    run cmd.action, match results to cmd.expected
//     case CommandKind::AssertTrap:      run cmd.action, expect a trap with cmd.message
//     case CommandKind::AssertTrapModule / AssertUninstantiable: instantiate cmd.module,
//                                        expect a trap
//     case CommandKind::AssertMalformed: cmd.module.Encode() or decoding must fail
//                                        (a quote/text module fails in Encode())
//     case CommandKind::AssertInvalid:   Encode() must succeed and validation fail
//     ...
//     case CommandKind::Unsupported:     skip (cmd.head names the command)
//   }
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/v128.h"
#include "ir/types.h"

namespace wr::text {

enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

enum class LaneShape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

// A constant (an invoke argument) or a result pattern (assert_return). Patterns that only
// make sense as results are marked so; ParseWast rejects them as arguments.
struct Value {
  enum class Kind : uint8_t {
    I32,
    I64,
    F32,
    F64,        // `bits` (F32: low 32 bits); F32/F64 results may instead carry `nan`
    V128,       // `v128` bytes in `shape`; float-lane results may carry lane_nan[i]
    RefNull,    // (ref.null ht): `heap` (+ heap_index/heap_name for $t/N);
                // results: (ref.null) with has_heap == false matches any null
    RefExtern,  // (ref.extern N): payload; result (ref.extern) w/o N: any extern ref
    RefHost,    // (ref.host N): payload
    RefFunc,    // (ref.func): any non-null function reference (result only)
    RefAny,
    RefEq,
    RefI31,
    RefStruct,
    RefArray,
    RefExn,      // (ref.any) etc: non-null, result only
    RefNonNull,  // (ref): any non-null reference, result only
    Either,      // (either v...): any alternative matches, result only
  };
  Kind kind = Kind::I32;
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;  // F32/F64 results: nan:canonical / nan:arithmetic
  V128 v128;
  LaneShape shape = LaneShape::I32x4;
  std::array<NanPattern, 4> lane_nan{};  // F32x4 uses 4 lanes, F64x2 uses 2
  bool has_heap = false;
  HeapKind heap = HeapKind::Func;
  uint32_t heap_index = 0;   // heap == Index: a numeric type index
  std::string heap_name;     // heap == Index given as $name (not resolvable in the script)
  bool has_payload = false;  // RefExtern / RefHost: N given
  uint64_t payload = 0;
  std::vector<Value> either;
};

struct ModuleSource {
  enum class Form : uint8_t { Text, Binary, Quote };
  Form form = Form::Text;
  std::optional<std::string> name;  // $id, without '$'
  bool is_definition = false;       // (module definition ...): validate, do not instantiate
  uint32_t line = 0;
  // Text: the encoded module (empty when `error`); Binary: the raw bytes.
  std::vector<uint8_t> bytes;
  std::optional<Error> error;  // Text: why the text did not parse
  std::string quote;           // Quote: the concatenated source text

  // The module's binary bytes, parsing a quote now; text errors come back as errors.
  Result<std::vector<uint8_t>> Encode() const;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::optional<std::string> module;  // $id of the target module; none = the latest
  std::string name;                   // export name
  std::vector<Value> args;
  uint32_t line = 0;
};

enum class CommandKind : uint8_t {
  Module,                // module (incl. `module definition`)
  ModuleInstance,        // (module instance $inst? $def?)
  Register,              // (register "name" $mod?)
  Action,                // a bare (invoke ...) / (get ...)
  AssertReturn,          // action + expected
  AssertTrap,            // action + message
  AssertTrapModule,      // (assert_trap (module ...) "msg"): instantiation traps
  AssertExhaustion,      // action + message
  AssertException,       // action
  AssertInvalid,         // module + message
  AssertMalformed,       // module + message
  AssertUnlinkable,      // module + message
  AssertUninstantiable,  // module + message
  // The annotations proposal: the module's annotations (@custom, @name,
  // @metadata.code.branch_hint) must be malformed (Encode fails, with `message`), or the text
  // is fine and valid::CheckCustomSections rejects what they made.
  AssertMalformedCustom,  // module + message
  AssertInvalidCustom,    // module + message
  Thread,                 // (thread $T (shared (module $M))* cmd*): runs cmd* on a new thread
  Wait,                   // (wait $T): joins thread $T
  // A command recognised but not executed, counted by kind (`head`) by runners: none today,
  // every command of the testsuite runs. Any unknown command is a parse error.
  Unsupported,
};

struct Command {
  CommandKind kind = CommandKind::Unsupported;
  uint32_t line = 0;
  ModuleSource module;                       // module commands and module assertions
  Action action;                             // action commands and action assertions
  std::vector<Value> expected;               // AssertReturn
  std::string message;                       // expected failure text of assertions
  std::string register_name;                 // Register
  std::optional<std::string> module_ref;     // Register: $mod; ModuleInstance: $def
  std::optional<std::string> instance_name;  // ModuleInstance: $inst
  std::string head;                          // Unsupported: the command's keyword
  // Thread: its name (also Wait's), the modules it shares with the script, its commands.
  std::optional<std::string> thread_name;
  std::vector<std::string> shared_modules;
  std::vector<Command> thread_commands;
};

struct Script {
  std::vector<Command> commands;
};

Result<Script> ParseWast(std::string_view source);

}  // namespace wr::text

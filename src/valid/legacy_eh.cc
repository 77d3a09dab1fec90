// FuncValidator: the legacy exception-handling instructions (github:WebAssembly/
// exception-handling, document/legacy/exceptions): try, catch, catch_all, delegate, rethrow.
//
// A `try` frame has opcode Try while in its body; `catch` and `catch_all` turn it into Catch
// or CatchAll, the way `else` turns an If into an Else. A catch frame reserves one slot at its
// entry slot height for the caught exception (what `rethrow` throws again): its values start
// one slot higher, and its results move back down at its end (EndFrame). That slot is not an
// operand: nothing can read or drop it but `rethrow`.
#include <string>

#include "valid/func_validator.h"

namespace wr::valid {

namespace {

bool IsCatchFrame(Opcode op) {
  return op == Opcode::Catch || op == Opcode::CatchAll;
}

}  // namespace

bool FuncValidator::StepLegacyEh(const binary::Instr& in) {
  const uint64_t off = in.offset;
  switch (in.op) {
    case Opcode::Try: {
      std::span<const ValType> params, results;
      ValType inline_type;
      WR_VTRY(ReadBlockType(in, params, results, inline_type));
      WR_VTRY(CheckTop(params, off));
      Emit(in);
      Pop(static_cast<uint32_t>(params.size()));
      PushFrame(in.op, params, results,
                in.block.kind == binary::BlockTypeImm::Kind::Value ? &inline_type : nullptr);
      Push(params);
      return true;
    }

    case Opcode::Catch:
    case Opcode::CatchAll: {
      Frame& f = ctrl_.back();
      if (f.c.opcode != Opcode::Try && f.c.opcode != Opcode::Catch) {
        return FailDecode(off,
                          in.op == Opcode::Catch ? "catch without try" : "catch_all without try");
      }
      const FuncType* tag = nullptr;
      if (in.op == Opcode::Catch) {
        tag = GetTagType(in.index, off);
        if (tag == nullptr) return false;
      }
      WR_VTRY(CheckFrameEnd(f, off));
      Emit(in);
      SetUnreachable();  // drops the frame's values
      ResetLocalInits(f.init_log_size);
      f.c.opcode = in.op;
      f.c.unreachable = false;
      slot_height_ = f.c.slot_height + 1;  // the caught exception's slot
      if (slot_height_ > max_slot_height_) max_slot_height_ = slot_height_;
      if (tag != nullptr) Push(tag->params);
      return true;
    }

    case Opcode::Delegate: {
      const Frame& f = ctrl_.back();
      if (f.c.opcode != Opcode::Try) return FailDecode(off, "delegate without try");
      // The label is counted outside the try.
      if (uint64_t{in.index} + 1 >= ctrl_.size()) return Fail(off, "unknown label");
      WR_VTRY(CheckFrameEnd(f, off));
      Emit(in);
      EndFrame();
      return true;
    }

    case Opcode::Rethrow: {
      const Frame* f = Label(in.index, off);
      if (f == nullptr) return false;
      if (!IsCatchFrame(f->c.opcode)) return Fail(off, "invalid rethrow label");
      Emit(in);
      SetUnreachable();
      return true;
    }

    default: break;
  }
  return Fail(off, "unsupported instruction " + std::string(OpcodeText(in.op)));
}

}  // namespace wr::valid

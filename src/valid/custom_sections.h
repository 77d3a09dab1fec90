// Checks of custom sections with a meaning beyond the core spec (see custom_sections.cc).
#pragma once

#include "common/error.h"
#include "ir/module.h"

namespace wr::valid {

// The metadata.code.branch_hint sections of `m` (decoded with binary::ReadModule): each hint
// names an `if` or `br_if` of a defined function, in increasing order. Errors read
// "@metadata.code.branch_hint annotation: invalid target" and the like.
Result<void> CheckCustomSections(const Module& m);

}  // namespace wr::valid

// The name section of a text module: what its $identifiers (and @name annotations) name,
// written after every other section so that it changes nothing but what people see
// (backtraces say `$inner`, not func[10]). Names that are not valid UTF-8 ($"..." may hold
// any bytes) are left out: the section must stay well-formed.
#include <algorithm>
#include <string>

#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

// name -> index, inverted and sorted by index (one name per index: the first in name order,
// should two names share one).
binary::NameMap Invert(const std::unordered_map<std::string, uint32_t>& names) {
  binary::NameMap map;
  map.reserve(names.size());
  for (const auto& [name, index] : names) {
    if (IsValidUtf8(name)) map.emplace_back(index, name);
  }
  std::sort(map.begin(), map.end());
  map.erase(std::unique(map.begin(), map.end(),
                        [](const auto& a, const auto& b) { return a.first == b.first; }),
            map.end());
  return map;
}

}  // namespace

void WatParser::PushLabel(std::string label) {
  if (in_func_body_) {
    if (!label.empty() && IsValidUtf8(label)) func_labels_.emplace_back(num_func_labels_, label);
    ++num_func_labels_;
  }
  labels_.push_back(std::move(label));
}

void WatParser::NameFunctionBody(uint32_t func_index) {
  binary::NameMap locals = Invert(locals_.names);
  if (!locals.empty()) names_.locals.emplace_back(func_index, std::move(locals));
  if (!func_labels_.empty()) names_.labels.emplace_back(func_index, std::move(func_labels_));
  func_labels_.clear();
}

void WatParser::WriteNameSection(binary::Writer& out) {
  for (const CustomSec& c : customs_) {
    if (c.name == "name") return;  // the module's own (@custom "name" ...) stands
  }
  if (annotated_module_name_) {
    names_.module = *annotated_module_name_;
  } else if (!module_id_.empty() && IsValidUtf8(module_id_)) {
    names_.module = module_id_;
  }
  names_.functions = Invert(funcs_.names);
  if (!func_names_by_index_.empty()) {
    for (auto& [index, name] : names_.functions) {
      if (auto it = func_names_by_index_.find(index); it != func_names_by_index_.end()) {
        name = it->second;
      }
    }
    for (const auto& [index, name] : func_names_by_index_) {
      auto at = std::lower_bound(names_.functions.begin(), names_.functions.end(), index,
                                 [](const auto& e, uint32_t i) { return e.first < i; });
      if (at == names_.functions.end() || at->first != index) {
        names_.functions.emplace(at, index, name);
      }
    }
  }
  names_.types = Invert(types_.names);
  names_.tables = Invert(tables_.names);
  names_.memories = Invert(mems_.names);
  names_.globals = Invert(globals_.names);
  names_.elems = Invert(elems_.names);
  names_.datas = Invert(datas_.names);
  names_.tags = Invert(tags_.names);
  for (size_t i = 0; i < type_info_.size(); ++i) {
    binary::NameMap fields = Invert(type_info_[i].field_names);
    if (!fields.empty()) names_.fields.emplace_back(static_cast<uint32_t>(i), std::move(fields));
  }
  if (names_.empty()) return;
  const std::vector<uint8_t> payload = binary::EncodeNameSection(names_);
  out.U8(0);
  const size_t mark = out.BeginSized();
  out.Name("name");
  out.Raw(payload);
  out.EndSized(mark);
}

}  // namespace wr::text::internal

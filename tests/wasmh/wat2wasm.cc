// Assembles a text module into a binary one for the example tests: wat2wasm <in.wat> <out.wasm>.
// The standard C API's hostref example ships a .wasm in a pre-standard encoding (ref.null with
// no heap type), which a 2.0 engine rightly rejects; the tests rebuild it from its .wat.
#include <fstream>
#include <iostream>
#include <sstream>

#include "text/wat.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: wat2wasm <in.wat> <out.wasm>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 1;
  }
  auto bytes = wr::text::ParseWat(text.str());
  if (!bytes) {
    std::cerr << argv[1] << ":" << bytes.error().offset << ": " << bytes.error().message << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes->data()),
            static_cast<std::streamsize>(bytes->size()));
  return out ? 0 : 1;
}

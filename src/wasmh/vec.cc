// The vector types of wasm.h: byte and val vectors hold values, the others pointers to owned
// objects. new takes ownership of the elements, copy copies them deeply, delete deletes them.
#include <cstring>
#include <new>

#include "wasmh/wasmh.h"

namespace {

// Allocates `size` elements (or none), with value-initialised (zero) contents.
template <class V, class T>
void Allocate(V* out, size_t size) {
  out->size = size;
  out->data = size == 0 ? nullptr : new (std::nothrow) T[size]();
  if (size != 0 && out->data == nullptr) out->size = 0;
}

template <class V, class T>
void NewFrom(V* out, size_t size, const T* data) {
  Allocate<V, T>(out, size);
  for (size_t i = 0; i < out->size; ++i) out->data[i] = data[i];
}

}  // namespace

extern "C" {

#define WASMH_VEC_COMMON(name, elem)                                                     \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                           \
    out->size = 0;                                                                       \
    out->data = nullptr;                                                                 \
  }                                                                                      \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {      \
    Allocate<wasm_##name##_vec_t, elem>(out, size);                                      \
  }                                                                                      \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size, elem const data[]) { \
    NewFrom<wasm_##name##_vec_t, elem>(out, size, data);                                 \
  }

// Vectors of pointers to owned objects.
#define WASMH_VEC_OWNED(name)                                                              \
  WASMH_VEC_COMMON(name, wasm_##name##_t*)                                                 \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) {  \
    Allocate<wasm_##name##_vec_t, wasm_##name##_t*>(out, src->size);                       \
    for (size_t i = 0; i < out->size; ++i) {                                               \
      out->data[i] = src->data[i] == nullptr ? nullptr : wasm_##name##_copy(src->data[i]); \
    }                                                                                      \
  }                                                                                        \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* vec) {                                \
    if (vec == nullptr) return;                                                            \
    for (size_t i = 0; i < vec->size; ++i) wasm_##name##_delete(vec->data[i]);             \
    delete[] vec->data;                                                                    \
    vec->size = 0;                                                                         \
    vec->data = nullptr;                                                                   \
  }

WASMH_VEC_OWNED(valtype)
WASMH_VEC_OWNED(functype)
WASMH_VEC_OWNED(globaltype)
WASMH_VEC_OWNED(tabletype)
WASMH_VEC_OWNED(memorytype)
WASMH_VEC_OWNED(externtype)
WASMH_VEC_OWNED(importtype)
WASMH_VEC_OWNED(exporttype)
WASMH_VEC_OWNED(frame)
WASMH_VEC_OWNED(extern)

WASMH_VEC_COMMON(byte, wasm_byte_t)

void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  Allocate<wasm_byte_vec_t, wasm_byte_t>(out, src->size);
  if (out->size != 0) std::memcpy(out->data, src->data, out->size);
}

void wasm_byte_vec_delete(wasm_byte_vec_t* vec) {
  if (vec == nullptr) return;
  delete[] vec->data;
  vec->size = 0;
  vec->data = nullptr;
}

WASMH_VEC_COMMON(val, wasm_val_t)

void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  Allocate<wasm_val_vec_t, wasm_val_t>(out, src->size);
  for (size_t i = 0; i < out->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t* vec) {
  if (vec == nullptr) return;
  for (size_t i = 0; i < vec->size; ++i) wasm_val_delete(&vec->data[i]);
  delete[] vec->data;
  vec->size = 0;
  vec->data = nullptr;
}

}  // extern "C"

// sort: sorting 32-bit integers and short strings: libc qsort (indirect calls through the
// comparator: call_indirect in wasm), a hand-written introsort-like quicksort with insertion
// sort for small ranges, a bottom-up merge sort, and a heap sort.
#include "bench_common.h"

static int CompareU32(const void* a, const void* b) {
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  return (x > y) - (x < y);
}

// Ties are broken by position so the order is unique: qsort is not stable, and glibc and
// wasi-libc (musl) use different algorithms.
static int CompareStr(const void* a, const void* b) {
  const char* x = *(const char* const*)a;
  const char* y = *(const char* const*)b;
  int c = strcmp(x, y);
  return c != 0 ? c : (x > y) - (x < y);
}

static void InsertionSort(uint32_t* a, long n) {
  for (long i = 1; i < n; i++) {
    uint32_t v = a[i];
    long j = i - 1;
    while (j >= 0 && a[j] > v) a[j + 1] = a[j], j--;
    a[j + 1] = v;
  }
}

static void QuickSort(uint32_t* a, long n) {
  while (n > 16) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];  // median of three
    uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    long i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      uint32_t t = a[i];
      a[i] = a[j], a[j] = t;
      i++, j--;
    }
    // Recurse into the smaller half, loop on the larger: O(log n) stack.
    if (j + 1 < n - j - 1) {
      QuickSort(a, j + 1);
      a += j + 1, n -= j + 1;
    } else {
      QuickSort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  InsertionSort(a, n);
}

static void MergeSort(uint32_t* a, uint32_t* tmp, long n) {
  for (long width = 1; width < n; width *= 2) {
    for (long lo = 0; lo < n; lo += 2 * width) {
      long mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      long i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    memcpy(a, tmp, (size_t)n * sizeof *a);
  }
}

static void SiftDown(uint32_t* a, long root, long n) {
  for (;;) {
    long child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child + 1] > a[child]) child++;
    if (a[root] >= a[child]) return;
    uint32_t t = a[root];
    a[root] = a[child], a[child] = t;
    root = child;
  }
}

static void HeapSort(uint32_t* a, long n) {
  for (long i = n / 2 - 1; i >= 0; i--) SiftDown(a, i, n);
  for (long end = n - 1; end > 0; end--) {
    uint32_t t = a[0];
    a[0] = a[end], a[end] = t;
    SiftDown(a, 0, end);
  }
}

static uint64_t Check(const uint32_t* a, const uint32_t* ref, long n) {
  uint64_t h = 0;
  for (long i = 0; i < n; i++) {
    if (a[i] != ref[i]) {
      printf("sort: mismatch at %ld\n", i);
      exit(1);
    }
    h = h * 31 + a[i];
  }
  return h;
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 200) * 1000;
  uint32_t* src = malloc((size_t)n * sizeof *src);
  uint32_t* ref = malloc((size_t)n * sizeof *ref);
  uint32_t* a = malloc((size_t)n * sizeof *a);
  uint32_t* tmp = malloc((size_t)n * sizeof *tmp);
  if (!src || !ref || !a || !tmp) return 1;
  BenchRng r = {11};
  for (long i = 0; i < n; i++) src[i] = BenchNext(&r) % (uint32_t)(n * 4);
  memcpy(ref, src, (size_t)n * sizeof *src);
  qsort(ref, (size_t)n, sizeof *ref, CompareU32);
  uint64_t h = Check(ref, ref, n);
  memcpy(a, src, (size_t)n * sizeof *src);
  QuickSort(a, n);
  h = BenchMix(h, Check(a, ref, n));
  memcpy(a, src, (size_t)n * sizeof *src);
  MergeSort(a, tmp, n);
  h = BenchMix(h, Check(a, ref, n));
  memcpy(a, src, (size_t)n * sizeof *src);
  HeapSort(a, n);
  h = BenchMix(h, Check(a, ref, n));

  // Strings: n/4 words of 3-12 letters, sorted by qsort through pointers.
  long words = n / 4;
  char* text = malloc((size_t)words * 13);
  char** ptrs = malloc((size_t)words * sizeof *ptrs);
  if (!text || !ptrs) return 1;
  for (long w = 0; w < words; w++) {
    char* s = text + w * 13;
    int len = 3 + (int)(BenchNext(&r) % 10);
    for (int k = 0; k < len; k++) s[k] = (char)('a' + BenchNext(&r) % 26);
    s[len] = '\0';
    ptrs[w] = s;
  }
  qsort(ptrs, (size_t)words, sizeof *ptrs, CompareStr);
  for (long w = 0; w < words; w += 97) h = BenchMix(h, (uint64_t)(ptrs[w] - text));
  BenchPrint("sort", h);
  free(src), free(ref), free(a), free(tmp), free(text), free(ptrs);
  return 0;
}

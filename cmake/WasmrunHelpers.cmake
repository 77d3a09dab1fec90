# wr_add_library(NAME SOURCES src... [DEPS target...])
# An internal static library for one pipeline stage, named wasmrun_NAME, with the project's
# warnings applied and src/ on the include path (headers are included as "layer/file.h").
function(wr_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(wasmrun_${name} STATIC ${ARG_SOURCES})
  target_include_directories(wasmrun_${name} PUBLIC
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>"
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>")
  target_link_libraries(wasmrun_${name} PUBLIC ${ARG_DEPS})
  wr_set_warnings(wasmrun_${name})
endfunction()

function(wr_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
       AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      # GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++'s own std::string concatenation
      # (GCC bug 105329), not in our code; GCC 13 fixed it.
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(WASMRUN_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# Compiles FILE, which must fail, with an error that mentions the text after "// expect: ".
file(STRINGS ${FILE} expect_line REGEX "^// expect: ")
string(REGEX REPLACE "^// expect: " "" expected "${expect_line}")
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} ${BOOST_INCLUDE} ${FILE}
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
  message(FATAL_ERROR "${FILE} compiled, but must not: ${expected}")
endif()
string(FIND "${out}${err}" "${expected}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "${FILE} failed to compile, but without '${expected}':\n${err}")
endif()
message(STATUS "rejected as expected: ${expected}")

# Compiles FILE, which must fail, with an error that mentions the text after each "// expect: "
# line (all of them: the rule broken, and what it names).
file(STRINGS ${FILE} expect_lines REGEX "^// expect: ")
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} ${BOOST_INCLUDE} ${FILE}
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(result EQUAL 0)
  message(FATAL_ERROR "${FILE} compiled, but must not: ${expect_lines}")
endif()
foreach(line IN LISTS expect_lines)
  string(REGEX REPLACE "^// expect: " "" expected "${line}")
  string(FIND "${out}${err}" "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "${FILE} failed to compile, but without '${expected}':\n${err}")
  endif()
  message(STATUS "rejected as expected: ${expected}")
endforeach()

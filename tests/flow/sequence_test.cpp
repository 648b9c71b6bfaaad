// Sequence-number arithmetic on the 2^32 circle (RFC 9293 section 3.4): comparisons across the
// wrap, and windows that straddle it.
#include <catch2/catch.hpp>

#include <wirecraft/flow/sequence.hpp>

namespace seq = wirecraft::sequence;

TEST_CASE("sequence numbers compare across the wrap", "[sequence_test]") {
    STATIC_REQUIRE(seq::lt(1, 2));
    STATIC_REQUIRE(seq::lt(0xffffffffu, 0));  // 2^32 - 1 comes just before 0
    STATIC_REQUIRE(seq::lt(0xfffffff0u, 0x10));
    STATIC_REQUIRE_FALSE(seq::lt(0x10, 0xfffffff0u));
    STATIC_REQUIRE(seq::le(7, 7));
    STATIC_REQUIRE_FALSE(seq::lt(7, 7));
    STATIC_REQUIRE(seq::gt(0, 0xffffffffu));
    STATIC_REQUIRE(seq::ge(0, 0));
    // 2^31 - 1 ahead is still "after"; 2^31 + 1 ahead reads as behind.
    STATIC_REQUIRE(seq::lt(0, 0x7fffffffu));
    STATIC_REQUIRE(seq::gt(0, 0x80000001u));
    STATIC_REQUIRE(seq::distance(0xfffffffeu, 3) == 5);
    STATIC_REQUIRE(seq::distance(3, 0xfffffffeu) == -5);
    STATIC_REQUIRE(seq::max(0xfffffffeu, 3) == 3);
    STATIC_REQUIRE(seq::min(0xfffffffeu, 3) == 0xfffffffeu);
}

TEST_CASE("windows hold first <= x < first + size, on the circle", "[sequence_test]") {
    STATIC_REQUIRE(seq::in_window(100, 100, 10));
    STATIC_REQUIRE(seq::in_window(109, 100, 10));
    STATIC_REQUIRE_FALSE(seq::in_window(110, 100, 10));
    STATIC_REQUIRE_FALSE(seq::in_window(99, 100, 10));
    STATIC_REQUIRE_FALSE(seq::in_window(100, 100, 0));  // an empty window holds nothing
    // A window across the wrap: 0xfffffffa .. 0x00000005.
    STATIC_REQUIRE(seq::in_window(0xfffffffau, 0xfffffffau, 12));
    STATIC_REQUIRE(seq::in_window(0, 0xfffffffau, 12));
    STATIC_REQUIRE(seq::in_window(5, 0xfffffffau, 12));
    STATIC_REQUIRE_FALSE(seq::in_window(6, 0xfffffffau, 12));
    STATIC_REQUIRE_FALSE(seq::in_window(0xfffffff9u, 0xfffffffau, 12));
}

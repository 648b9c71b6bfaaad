// TCP sequence-number arithmetic (RFC 9293 section 3.4): numbers live on a 2^32 circle, so
// "a before b" means b - a, taken mod 2^32, is below 2^31. Comparisons are meaningful only
// between numbers less than 2^31 apart, which windows guarantee.
#pragma once
#include <cstdint>

namespace wirecraft::sequence {

constexpr std::int32_t distance(std::uint32_t from, std::uint32_t to) {
    return static_cast<std::int32_t>(to - from);  // modular subtraction, read as signed
}
constexpr bool lt(std::uint32_t a, std::uint32_t b) { return distance(a, b) > 0; }
constexpr bool le(std::uint32_t a, std::uint32_t b) { return distance(a, b) >= 0; }
constexpr bool gt(std::uint32_t a, std::uint32_t b) { return lt(b, a); }
constexpr bool ge(std::uint32_t a, std::uint32_t b) { return le(b, a); }
constexpr std::uint32_t max(std::uint32_t a, std::uint32_t b) { return lt(a, b) ? b : a; }
constexpr std::uint32_t min(std::uint32_t a, std::uint32_t b) { return lt(a, b) ? a : b; }

// first <= x < first + size, on the circle (an empty window holds nothing).
constexpr bool in_window(std::uint32_t x, std::uint32_t first, std::uint32_t size) {
    return x - first < size;
}

}  // namespace wirecraft::sequence

// Portable, constexpr reads and writes of integers at any bit offset (network bit order:
// most significant bit first). No type punning, so results do not depend on the host's
// byte order or on alignment.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace wirecraft::detail {

using bytes_view = std::span<const std::byte>;
using bytes_span = std::span<std::byte>;

constexpr std::uint64_t load_be(const std::byte* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | std::to_integer<std::uint64_t>(p[i]);
    return v;
}
constexpr std::uint64_t load_le(const std::byte* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | std::to_integer<std::uint64_t>(p[i]);
    return v;
}
constexpr void store_be(std::byte* p, std::size_t n, std::uint64_t v) noexcept {
    for (std::size_t i = n; i-- > 0; v >>= 8) p[i] = static_cast<std::byte>(v & 0xff);
}
constexpr void store_le(std::byte* p, std::size_t n, std::uint64_t v) noexcept {
    for (std::size_t i = 0; i < n; ++i, v >>= 8) p[i] = static_cast<std::byte>(v & 0xff);
}

constexpr std::uint64_t low_mask(std::size_t width) noexcept {
    return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

// Reads `width` bits starting `bit_offset` bits after `p`. An unaligned field may span at
// most 8 bytes (width <= 57), which the schema checks at compile time.
constexpr std::uint64_t load_bits(const std::byte* p, std::size_t bit_offset, std::size_t width) noexcept {
    const std::size_t first = bit_offset / 8;
    const std::size_t shift_in = bit_offset % 8;
    if (shift_in == 0 && width % 8 == 0) return load_be(p + first, width / 8);
    const std::size_t span_bytes = (shift_in + width + 7) / 8;
    const std::uint64_t raw = load_be(p + first, span_bytes);
    return (raw >> (span_bytes * 8 - shift_in - width)) & low_mask(width);
}

constexpr void store_bits(std::byte* p, std::size_t bit_offset, std::size_t width, std::uint64_t v) noexcept {
    const std::size_t first = bit_offset / 8;
    const std::size_t shift_in = bit_offset % 8;
    if (shift_in == 0 && width % 8 == 0) return store_be(p + first, width / 8, v);
    const std::size_t span_bytes = (shift_in + width + 7) / 8;
    const std::size_t shift = span_bytes * 8 - shift_in - width;
    const std::uint64_t mask = low_mask(width) << shift;
    const std::uint64_t raw = load_be(p + first, span_bytes);
    store_be(p + first, span_bytes, (raw & ~mask) | ((v << shift) & mask));
}

}  // namespace wirecraft::detail

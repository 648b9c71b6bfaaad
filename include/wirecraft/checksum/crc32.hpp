// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): the Ethernet frame check sequence.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace wirecraft {

namespace detail {
constexpr std::array<std::uint32_t, 256> make_crc32_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}
inline constexpr auto crc32_table = make_crc32_table();
}  // namespace detail

// Continue a CRC over more data: crc32(b, crc32(a)) == crc32(a + b).
constexpr std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t previous = 0) {
    std::uint32_t c = ~previous;
    for (auto b : data) c = detail::crc32_table[(c ^ std::to_integer<std::uint32_t>(b)) & 0xff] ^ (c >> 8);
    return ~c;
}

// The 4 FCS bytes as they follow the frame on the wire (least significant byte first).
constexpr std::array<std::byte, 4> ethernet_fcs(std::span<const std::byte> frame) {
    const std::uint32_t c = crc32(frame);
    return {std::byte(c & 0xff), std::byte((c >> 8) & 0xff), std::byte((c >> 16) & 0xff), std::byte(c >> 24)};
}

}  // namespace wirecraft

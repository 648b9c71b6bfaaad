// The hand-written baseline's building blocks: what a careful C programmer writes for one stack
// (big-endian loads and stores, and the checksum from wirecraft, so that the difference measured
// is the codec, not the checksum loop).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include <wirecraft/checksum/internet.hpp>

namespace hand {

inline std::uint16_t load16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t load32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
inline void store16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
inline void store32(std::uint8_t* p, std::uint32_t v) {
    store16(p, static_cast<std::uint16_t>(v >> 16));
    store16(p + 2, static_cast<std::uint16_t>(v));
}

inline std::uint16_t checksum(const std::uint8_t* p, std::size_t n, std::uint64_t sum = 0) {
    return wirecraft::internet_checksum(std::span<const std::byte>(reinterpret_cast<const std::byte*>(p), n), sum);
}

struct ip_fields {
    std::uint16_t ethertype, total_length, identification, fragment;
    std::uint8_t ttl, protocol;
    std::uint32_t source, destination;
    const std::uint8_t* l4;
    std::size_t l4_size;
};

inline bool parse_eth_ipv4(const std::uint8_t* p, std::size_t n, ip_fields& f) {
    if (n < 14) return false;
    f.ethertype = load16(p + 12);
    if (f.ethertype != 0x0800) return false;
    p += 14;
    n -= 14;
    if (n < 20 || (p[0] >> 4) != 4) return false;
    const std::size_t header = (p[0] & 0x0f) * 4u;
    f.total_length = load16(p + 2);
    if (header < 20 || n < header || f.total_length < header || f.total_length > n) return false;
    f.identification = load16(p + 4);
    f.fragment = load16(p + 6);
    f.ttl = p[8];
    f.protocol = p[9];
    f.source = load32(p + 12);
    f.destination = load32(p + 16);
    f.l4 = p + header;
    f.l4_size = f.total_length - header;
    return true;
}

}  // namespace hand

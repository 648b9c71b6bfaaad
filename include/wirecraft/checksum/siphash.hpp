// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function. Not a
// checksum against noise but a tag an attacker without the key cannot predict; Linux keys its SYN
// cookies, and many hash tables, with it.
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace wirecraft {

// The 128-bit key as two 64-bit words, as Linux's siphash_key_t holds it: the key's bytes 0-7 read
// little-endian are k0, bytes 8-15 k1.
struct siphash_key {
    std::uint64_t k0 = 0;
    std::uint64_t k1 = 0;

    static constexpr siphash_key from_bytes(std::span<const std::byte, 16> bytes) {
        auto word = [&](std::size_t at) {
            std::uint64_t w = 0;
            for (std::size_t i = 0; i < 8; ++i) w |= std::to_integer<std::uint64_t>(bytes[at + i]) << (8 * i);
            return w;
        };
        return {word(0), word(8)};
    }
    bool operator==(const siphash_key&) const = default;
};

namespace detail {
struct sip_state {
    std::uint64_t v0, v1, v2, v3;

    constexpr void round() {
        v0 += v1; v1 = std::rotl(v1, 13); v1 ^= v0; v0 = std::rotl(v0, 32);
        v2 += v3; v3 = std::rotl(v3, 16); v3 ^= v2;
        v0 += v3; v3 = std::rotl(v3, 21); v3 ^= v0;
        v2 += v1; v1 = std::rotl(v1, 17); v1 ^= v2; v2 = std::rotl(v2, 32);
    }
    constexpr void absorb(std::uint64_t m) {  // c = 2 compression rounds per 8-byte word
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
};
}  // namespace detail

// SipHash-2-4 of `message` under `key`: the 64-bit tag (the reference code stores it
// little-endian, so its vectors' byte 0 is the tag's least significant byte).
constexpr std::uint64_t siphash(std::span<const std::byte> message, const siphash_key& key) {
    detail::sip_state s{key.k0 ^ 0x736f6d6570736575ULL, key.k1 ^ 0x646f72616e646f6dULL, key.k0 ^ 0x6c7967656e657261ULL,
                        key.k1 ^ 0x7465646279746573ULL};
    const std::size_t whole = message.size() / 8 * 8;
    for (std::size_t at = 0; at < whole; at += 8) {
        std::uint64_t m = 0;
        for (std::size_t i = 0; i < 8; ++i) m |= std::to_integer<std::uint64_t>(message[at + i]) << (8 * i);
        s.absorb(m);
    }
    // The last word: the remaining bytes, and the message length mod 256 in the top byte.
    std::uint64_t last = static_cast<std::uint64_t>(message.size() & 0xff) << 56;
    for (std::size_t i = 0; whole + i < message.size(); ++i) last |= std::to_integer<std::uint64_t>(message[whole + i]) << (8 * i);
    s.absorb(last);
    s.v2 ^= 0xff;
    for (int i = 0; i < 4; ++i) s.round();  // d = 4 finalization rounds
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace wirecraft

// MD5 (RFC 1321) and SHA-256 (FIPS 180-4), incremental and constexpr. Not for security here: the
// TLS fingerprints JA3 (MD5) and JA4 (SHA-256, cut to 48 bits) are defined over them. A hasher
// is used once: update() any number of times, then finish().
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../schema/address.hpp"

namespace wirecraft {

namespace detail {
// What MD5 and SHA-256 share: 64-byte blocks read as 32-bit words, a state of `Words` words
// written out as the digest, and the padding (0x80, zeros, the message length in bits in the last
// 8 bytes). MD5 is little-endian throughout, SHA-256 big-endian.
template <class Hash, bool BigEndian, std::size_t Words>
class block_hasher {
public:
    constexpr explicit block_hasher(std::array<std::uint32_t, Words> initial) : state_(initial) {}

    constexpr std::array<std::uint8_t, 4 * Words> finish() {
        const std::uint64_t bits = length_ * 8;
        push(0x80);
        while (used_ != 56) push(0);
        for (int i = 0; i < 8; ++i) push(static_cast<std::uint8_t>(bits >> (BigEndian ? 56 - 8 * i : 8 * i)));
        std::array<std::uint8_t, 4 * Words> out{};
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<std::uint8_t>(state_[i / 4] >> (BigEndian ? 24 - 8 * (i % 4) : 8 * (i % 4)));
        return out;
    }

    constexpr void update(std::span<const std::byte> data) {
        for (std::byte b : data) push(std::to_integer<std::uint8_t>(b));
    }
    constexpr void update(std::string_view text) {
        for (char c : text) push(static_cast<std::uint8_t>(c));
    }

protected:
    // The block's i-th 32-bit word, in the hash's byte order.
    static constexpr std::uint32_t word(const std::array<std::uint8_t, 64>& block, std::size_t i) {
        std::uint32_t w = 0;
        for (std::size_t j = 0; j < 4; ++j) w |= std::uint32_t{block[4 * i + j]} << (BigEndian ? 24 - 8 * j : 8 * j);
        return w;
    }
    std::array<std::uint32_t, Words> state_;

private:
    constexpr void push(std::uint8_t b) {
        block_[used_++] = b;
        ++length_;
        if (used_ == 64) {
            static_cast<Hash*>(this)->compress(block_);
            used_ = 0;
        }
    }
    std::array<std::uint8_t, 64> block_{};
    std::size_t used_ = 0;
    std::uint64_t length_ = 0;
};
}  // namespace detail

class md5 : public detail::block_hasher<md5, false, 4> {
public:
    constexpr md5() : block_hasher({0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}) {}

private:
    friend class detail::block_hasher<md5, false, 4>;
    constexpr void compress(const std::array<std::uint8_t, 64>& block) {
        constexpr std::uint32_t t[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
            0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
            0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
            0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
            0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
            0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
            0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
        constexpr int shift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
        std::uint32_t m[16]{};
        for (std::size_t i = 0; i < 16; ++i) m[i] = word(block, i);
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
        for (std::size_t i = 0; i < 64; ++i) {
            std::uint32_t f = 0;
            std::size_t g = 0;
            switch (i / 16) {
                case 0: f = (b & c) | (~b & d); g = i; break;
                case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
                case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
                default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
            }
            const std::uint32_t rotated = std::rotl(a + f + t[i] + m[g], shift[(i / 16) * 4 + i % 4]);
            a = d;
            d = c;
            c = b;
            b += rotated;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
    }
};

class sha256 : public detail::block_hasher<sha256, true, 8> {
public:
    constexpr sha256() : block_hasher({0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}) {}

private:
    friend class detail::block_hasher<sha256, true, 8>;
    constexpr void compress(const std::array<std::uint8_t, 64>& block) {
        constexpr std::uint32_t k[64] = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
            0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
            0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
            0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
            0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
            0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        std::uint32_t w[64]{};
        for (std::size_t i = 0; i < 16; ++i) w[i] = word(block, i);
        for (std::size_t i = 16; i < 64; ++i) {
            const std::uint32_t s0 = std::rotr(w[i - 15], 7) ^ std::rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = std::rotr(w[i - 2], 17) ^ std::rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::array<std::uint32_t, 8> v = state_;
        for (std::size_t i = 0; i < 64; ++i) {
            const std::uint32_t s1 = std::rotr(v[4], 6) ^ std::rotr(v[4], 11) ^ std::rotr(v[4], 25);
            const std::uint32_t choice = (v[4] & v[5]) ^ (~v[4] & v[6]);
            const std::uint32_t t1 = v[7] + s1 + choice + k[i] + w[i];
            const std::uint32_t s0 = std::rotr(v[0], 2) ^ std::rotr(v[0], 13) ^ std::rotr(v[0], 22);
            const std::uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            v = {t1 + s0 + majority, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (std::size_t i = 0; i < 8; ++i) state_[i] += v[i];
    }
};

// Lowercase hex of a digest.
template <std::size_t N>
constexpr std::array<char, 2 * N> hex_digest(const std::array<std::uint8_t, N>& digest) {
    std::array<char, 2 * N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        out[2 * i] = detail::hex_char(digest[i] >> 4u);
        out[2 * i + 1] = detail::hex_char(digest[i]);
    }
    return out;
}

}  // namespace wirecraft

// SipHash-2-4 against the authors' reference vectors (vectors.h of the SipHash repository, also
// Linux's lib/test_siphash.c): key 00 01 .. 0f, and for n = 0..63 the message 00 01 .. n-1. Each
// tag is given as the reference prints it, least significant byte first.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <wirecraft/checksum/siphash.hpp>

namespace wc = wirecraft;

namespace {

constexpr std::array<std::string_view, 64> reference_tags{
    "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785", "b7877127e09427cf", "8da699cd64557618",
    "cee3fe586e46c9cb", "37d1018bf50002ab", "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
    "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1", "db9bc2577fcc2a3f", "9447be2cf5e99a69",
    "9cd38d96f0b3c14b", "bd6179a71dc96dbb", "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
    "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f", "a5c91da7acaa4dde", "716595876650a2a6",
    "28ef495c53a387ad", "42c341d8fa92d832", "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
    "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a", "d0a704536ba93e0e", "925958fcd6420cad",
    "a915c29bc8067318", "952b79f3bc0aa6d4", "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
    "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1", "b274cb8ebf87870a", "6f9bb4203de7b381",
    "eaecb2a30b22a87f", "9924a43cc1315724", "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
    "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95"};

constexpr std::uint64_t tag_value(std::string_view hex) {  // least significant byte first
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        auto digit = [](char c) { return static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
        v |= (digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1])) << (8 * i);
    }
    return v;
}

constexpr std::array<std::byte, 64> counting_bytes() {
    std::array<std::byte, 64> b{};
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::byte(i);
    return b;
}
constexpr auto counting = counting_bytes();
constexpr wc::siphash_key reference_key = wc::siphash_key::from_bytes(std::span<const std::byte, 16>(counting.data(), 16));

}  // namespace

TEST_CASE("siphash: the key's two words are its bytes read little-endian", "[siphash_test]") {
    CHECK(reference_key.k0 == 0x0706050403020100ULL);
    CHECK(reference_key.k1 == 0x0f0e0d0c0b0a0908ULL);
}

TEST_CASE("siphash: the 64 reference vectors, every tail length and block count", "[siphash_test]") {
    for (std::size_t n = 0; n < reference_tags.size(); ++n) {
        INFO("message length " << n);
        CHECK(wc::siphash(std::span<const std::byte>(counting.data(), n), reference_key) == tag_value(reference_tags[n]));
    }
}

TEST_CASE("siphash: the paper's worked example, computed at compile time", "[siphash_test]") {
    // Appendix A of "SipHash: a fast short-input PRF": 15 bytes 00..0e under key 00..0f.
    static_assert(wc::siphash(std::span<const std::byte>(counting.data(), 15), reference_key) == 0xa129ca6149be45e5ULL);
    // Another key gives another tag.
    constexpr wc::siphash_key other{reference_key.k0 ^ 1, reference_key.k1};
    static_assert(wc::siphash(std::span<const std::byte>(counting.data(), 15), other) != 0xa129ca6149be45e5ULL);
}

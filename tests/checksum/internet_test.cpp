#include <catch2/catch.hpp>

#include <random>
#include <vector>
#include <wirecraft/checksum/crc32.hpp>
#include <wirecraft/checksum/internet.hpp>

namespace wc = wirecraft;

namespace {
constexpr std::array<std::byte, 8> rfc1071_example{std::byte{0x00}, std::byte{0x01}, std::byte{0xf2}, std::byte{0x03},
                                                   std::byte{0xf4}, std::byte{0xf5}, std::byte{0xf6}, std::byte{0xf7}};
}
// RFC 1071 section 3: the sum of these bytes folds to 0xddf2, so the checksum is 0x220d.
static_assert(wc::fold_checksum(wc::checksum_sum(rfc1071_example)) == 0xddf2);
static_assert(wc::internet_checksum(rfc1071_example) == 0x220d);
// RFC 1624 section 4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000.
static_assert(wc::checksum_update(0xdd2f, 0x5555, 0x3285) == 0x0000);
// The CRC-32 check value from the Rocksoft catalogue: "123456789" -> 0xCBF43926.
constexpr std::array<std::byte, 9> check_input{std::byte{'1'}, std::byte{'2'}, std::byte{'3'}, std::byte{'4'}, std::byte{'5'},
                                               std::byte{'6'}, std::byte{'7'}, std::byte{'8'}, std::byte{'9'}};
static_assert(wc::crc32(check_input) == 0xcbf43926u);

TEST_CASE("internet checksum: the fast path equals the byte-wise path at any length and alignment", "[internet_test]") {
    CHECK(wc::internet_checksum(rfc1071_example) == 0x220d);  // run time, fast path
    std::mt19937 rng(1071);
    std::vector<std::byte> data(9100);
    for (auto& x : data) x = static_cast<std::byte>(rng());
    for (std::size_t offset = 0; offset < 9; ++offset) {
        for (std::size_t length : {0u, 1u, 2u, 3u, 7u, 8u, 20u, 31u, 33u, 64u, 576u, 1499u, 1500u, 9000u}) {
            const auto piece = std::span<const std::byte>(data).subspan(offset, length);
            INFO("offset " << offset << " length " << length);
            CHECK(wc::detail::checksum_partial_fast(piece, 0) % 0xffff ==
                  wc::fold_checksum(wc::detail::checksum_partial_constexpr(piece, 0)) % 0xffff);
            CHECK(wc::internet_checksum(piece) == static_cast<std::uint16_t>(~wc::fold_checksum(wc::detail::checksum_partial_constexpr(piece, 0))));
        }
    }
}

TEST_CASE("incremental update agrees with recomputation", "[internet_test]") {
    std::mt19937 rng(1624);
    for (int round = 0; round < 1000; ++round) {
        std::array<std::byte, 20> header{};
        for (auto& x : header) x = static_cast<std::byte>(rng());
        header[10] = header[11] = std::byte{0};
        const auto sum = wc::internet_checksum(header);
        const std::uint16_t old_word = static_cast<std::uint16_t>(std::to_integer<int>(header[8]) << 8 | std::to_integer<int>(header[9]));
        const auto new_word = static_cast<std::uint16_t>(rng());
        header[8] = static_cast<std::byte>(new_word >> 8);
        header[9] = static_cast<std::byte>(new_word);
        const auto fresh = wc::internet_checksum(header);
        // RFC 1624 section 3: eqn. 3 may give 0xffff where recomputation gives 0 (both are zero).
        const auto updated = wc::checksum_update(sum, old_word, new_word);
        CHECK((updated == fresh || (updated % 0xffff) == (fresh % 0xffff)));
    }
}

TEST_CASE("ethernet FCS of a minimum frame", "[crc32_test]") {
    // The FCS makes the CRC of frame+FCS equal the IEEE 802.3 residue 0x2144DF1C.
    std::array<std::byte, 64> frame{};
    for (std::size_t i = 0; i < 60; ++i) frame[i] = static_cast<std::byte>(i * 7);
    const auto fcs = wc::ethernet_fcs(std::span<const std::byte>(frame).first(60));
    std::copy(fcs.begin(), fcs.end(), frame.begin() + 60);
    CHECK(wc::crc32(frame) == 0x2144df1cu);
}

// The framing tls_reader and dns_tcp_reader share: items behind a header that gives their size,
// cut from a stream fed in pieces. Items here: one octet of length n, then n octets (so the
// header alone is an item when n is 0); a length of 0xff is refused.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <wirecraft/flow/stream_cutter.hpp>

namespace wc = wirecraft;

namespace {
struct cut {
    std::vector<std::string> items;  // each item's octets after the header, as text
    std::vector<std::uint64_t> offsets;
    std::optional<wc::error> failure;
};
cut feed(wc::detail::stream_cutter& cutter, std::string_view text, cut out = {}) {
    auto size = [](std::span<const std::byte> header, std::uint64_t at) -> wc::result<std::size_t> {
        const auto n = std::to_integer<std::size_t>(header[0]);
        if (n == 0xff) return wc::error{wc::error_kind::out_of_range, "item", "length", static_cast<std::size_t>(at), n, 0xfe};
        return 1 + n;
    };
    const auto bytes = std::as_bytes(std::span(text.data(), text.size()));
    if (auto e = cutter.add(bytes, 1, size, [&](std::span<const std::byte> item) {
            out.offsets.push_back(cutter.offset());
            out.items.emplace_back(reinterpret_cast<const char*>(item.data()) + 1, item.size() - 1);
        }))
        out.failure = e;
    return out;
}
}  // namespace

TEST_CASE("stream cutter: items whole in a piece, across pieces, and empty ones", "[stream_cutter_test]") {
    const std::string stream = std::string("\x03" "abc" "\x00" "\x02" "de", 8);
    const std::vector<std::string> wanted{"abc", "", "de"};
    const std::vector<std::uint64_t> offsets{0, 4, 5};
    for (std::size_t at = 0; at <= stream.size(); ++at) {
        INFO("cut at " << at);
        wc::detail::stream_cutter cutter;
        auto got = feed(cutter, std::string_view(stream).substr(0, at));
        CHECK(cutter.buffered() <= 3);  // at most the unfinished item
        got = feed(cutter, std::string_view(stream).substr(at), got);
        CHECK(got.items == wanted);
        CHECK(got.offsets == offsets);
        CHECK(cutter.buffered() == 0);
        CHECK(cutter.offset() == 8);
    }
}

TEST_CASE("stream cutter: a refused header stops the stream for good", "[stream_cutter_test]") {
    wc::detail::stream_cutter cutter;
    auto got = feed(cutter, std::string("\x01" "a" "\xff" "zz", 5));
    CHECK(got.items == std::vector<std::string>{"a"});
    REQUIRE(got.failure);
    CHECK(got.failure->offset == 2);
    const auto later = feed(cutter, std::string("\x01" "b", 2));
    CHECK(later.items.empty());  // nothing more is read
    REQUIRE(later.failure);
    CHECK(*later.failure == *got.failure);
    CHECK(cutter.buffered() == 0);
}

// The README's code, compiled and checked, so the first thing users read stays true.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;

namespace {
constexpr auto header = [] { return wc::serialize_to_array(wc::ipv4{.ttl = 64, .protocol = wc::ip_protocol::udp}).value(); }();
static_assert(wc::internet_checksum(header.span()) == 0);
}  // namespace

TEST_CASE("README: craft, parse, the error line", "[readme_test]") {
    const std::vector<std::byte> payload(56, std::byte{0x61});
    auto frame = wc::to_bytes(wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"} /
        wc::ipv4{.protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::udp{.source_port = 1234, .destination_port = 53} /
        wc::payload{payload});
    REQUIRE(frame);
    // 20 + 8 + 56 = 84 bytes of IPv4, cut to 60: the README's error line, exactly.
    const auto bytes = std::span<const std::byte>(*frame).subspan(14, 60);
    auto ip = wc::parse<wc::ipv4>(bytes);
    REQUIRE(!ip);
    CHECK(to_string(ip.error()) == "ipv4.total_length: says 84 bytes, 60 available (byte offset 2)");
    auto whole = wc::parse<wc::ipv4>(std::span<const std::byte>(*frame).subspan(14));
    REQUIRE(whole);
    CHECK(whole->get<"ttl">() == 64);
    CHECK(!wc::check_checksums(*whole));
}

#include <catch2/catch.hpp>

#include <wirecraft/schema/address.hpp>

namespace wc = wirecraft;

static_assert(wc::ipv4_address("192.0.2.1").to_uint() == 0xc0000201);
static_assert(!wc::ipv4_address::parse("256.0.0.1"));
static_assert(!wc::ipv4_address::parse("1.2.3"));
static_assert(!wc::ipv4_address::parse("01.2.3.4"));
static_assert(wc::mac_address("ff:ff:ff:ff:ff:ff").is_broadcast());
static_assert(wc::ipv6_address("::1").octets[15] == 1);
static_assert(wc::ipv6_address("::ffff:192.0.2.1").octets[12] == 192);
static_assert(!wc::ipv6_address::parse("1::2::3"));
static_assert(!wc::ipv6_address::parse("1:2:3:4:5:6:7:8:9"));
static_assert(!wc::ipv6_address::parse("1:2:3:4:5:6:7:8::"));  // "::" must stand for at least one group (RFC 4291 2.2)

TEST_CASE("address text follows RFC 5952 and the usual forms", "[address_test]") {
    // RFC 5952 section 4 examples: leading zeros dropped, longest zero run compressed, lowercase.
    CHECK(wc::ipv6_address::parse("2001:0db8:0000:0000:0000:0000:0000:0001")->to_string() == "2001:db8::1");
    CHECK(wc::ipv6_address::parse("2001:db8:0:0:1:0:0:1")->to_string() == "2001:db8::1:0:0:1");
    CHECK(wc::ipv6_address::parse("2001:db8:0:1:1:1:1:1")->to_string() == "2001:db8:0:1:1:1:1:1");
    CHECK(wc::ipv6_address::parse("2001:DB8::1")->to_string() == "2001:db8::1");
    CHECK(wc::ipv6_address::parse("::")->to_string() == "::");
    CHECK(wc::mac_address::parse("AA-bb-CC-dd-EE-ff")->to_string() == "aa:bb:cc:dd:ee:ff");
    CHECK(wc::ipv4_address(0x0a000001u).to_string() == "10.0.0.1");
}

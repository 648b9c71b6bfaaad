// Fields under Wireshark's names for crafted packets. Expected values: tshark 4.0's decode of
// the same Scapy fixtures (tshark -T fields; e.g. `-e tcp.flags.str` gives "··········S·").
// The whole corpus is compared with live tshark by tests/dissect_vs_tshark.py.
#include <catch2/catch.hpp>

#include <map>

#include <wirecraft/dissection/wireshark.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {
// Every field of every layer, as text, in order.
struct collected {
    std::map<std::string, std::vector<std::string>> fields;
    void integer(std::string_view name, std::uint64_t v) { fields[std::string(name)].push_back(std::to_string(v)); }
    void signed_integer(std::string_view name, std::int64_t v) { fields[std::string(name)].push_back(std::to_string(v)); }
    void text(std::string_view name, const std::string& v) { fields[std::string(name)].push_back(v); }
    void bytes(std::string_view name, std::span<const std::byte> v) {
        std::string hex;
        for (auto b : v) {
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b) >> 4);
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b));
        }
        fields[std::string(name)].push_back(hex);
    }
    template <class P>
    void operator()(const wc::view<P>& layer) { wc::wireshark_fields(layer, *this); }
};
collected fields_of(const std::string& fixture) {
    const auto frame = wctest::scapy_fixture(fixture);
    collected out;
    REQUIRE(wc::dissect(frame, wc::linktype_ethernet, out).ok());
    return out;
}
using values = std::vector<std::string>;
}  // namespace

TEST_CASE("wireshark fields of a TCP SYN with options", "[wireshark_test]") {
    auto f = fields_of("tcp_syn_options").fields;
    CHECK(f["ip.flags"] == values{"0"});
    CHECK(f["tcp.hdr_len"] == values{"40"});
    CHECK(f["tcp.flags"] == values{"2"});
    CHECK(f["tcp.flags.str"] == values{"\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7S\xc2\xb7"});
    CHECK(f["tcp.options.mss_val"] == values{"1460"});
    CHECK(f["tcp.options.wscale.shift"] == values{"7"});
    CHECK(f["tcp.options.wscale.multiplier"] == values{"128"});
    CHECK(f["tcp.options.timestamp.tsval"] == values{"12345"});
    CHECK(f["tcp.option_kind"] == values{"2", "4", "8", "1", "3"});
}

TEST_CASE("wireshark fields of a router advertisement", "[wireshark_test]") {
    auto f = fields_of("icmpv6_router_advertisement").fields;
    CHECK(f["icmpv6.nd.ra.flag"] == values{"136"});  // 0x88
    CHECK(f["icmpv6.nd.ra.flag.prf"] == values{"1"});
    CHECK(f["icmpv6.opt.type"] == values{"1", "5", "3"});
    CHECK(f["icmpv6.opt.prefix"] == values{"2001:db8:1::"});
    CHECK(f["icmpv6.opt.mtu"] == values{"1500"});
}

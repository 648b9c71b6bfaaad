// One-line summaries. The format is ours (tshark's Info column style); the numbers in it come
// from the Scapy fixtures' documented fields (scapy_fixtures.md 15 and 37).
#include <catch2/catch.hpp>

#include <wirecraft/dissection/summary.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {
std::string summary_of(const std::string& fixture) {
    const auto frame = wctest::scapy_fixture(fixture);
    std::string out;
    auto visit = [&](const auto& layer) { out += (out.empty() ? "" : " / ") + wc::summary(layer); };
    REQUIRE(wc::dissect(frame, wc::linktype_ethernet, visit).ok());
    return out;
}
}  // namespace

TEST_CASE("summaries name addresses, ports, flags and options", "[summary_test]") {
    CHECK(summary_of("tcp_syn_options") ==
          "Ethernet 02:00:00:00:00:01 \u2192 02:00:00:00:00:02 / IPv4 10.0.0.1 \u2192 10.0.0.2 tcp TTL 64 / "
          "TCP 40000 \u2192 80 [SYN] Seq=1000 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=12345 TSecr=0 WS=128");
    CHECK(summary_of("icmpv6_neighbor_advertisement") ==
          "Ethernet 02:00:00:00:00:02 \u2192 02:00:00:00:00:01 / IPv6 2001:db8::2 \u2192 2001:db8::1 icmpv6 HLIM 255 / "
          "ICMPv6 neighbor_advertisement code 0 target 2001:db8::2");
}

TEST_CASE("a DNS summary is tshark's Info column", "[summary_test]") {
    // tshark 4.0's Info for pcapplusplus/DnsPackets.pcap #19 and #20.
    auto dns_summary = [](int number) {
        const auto f = wctest::load(wctest::data_dir() + "/captures/pcapplusplus/DnsPackets.pcap");
        auto reader = wc::capture_reader::open(f);
        REQUIRE(reader);
        std::string last;
        for (int n = 1; n <= number; ++n) {
            auto p = reader->next();
            REQUIRE(p);
            REQUIRE(*p);
            if (n < number) continue;
            auto visit = [&](const auto& layer) {
                if constexpr (std::is_same_v<std::decay_t<decltype(layer)>, wc::view<wc::dns>>) last = wc::summary(layer);
            };
            REQUIRE(wc::dissect((**p).data, wc::linktype_ethernet, visit).ok());
        }
        return last;
    };
    CHECK(dns_summary(19) == "Standard query 0x0b61 A wpad.HOME");
    CHECK(dns_summary(20) == "Standard query response 0x0b61 No such name A wpad.HOME SOA a.root-servers.net");
}

// TCP: crafted segments against Scapy's bytes, options typed and raw, the data offset checked,
// checksums over IPv4 and IPv6 pseudo-headers.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/corpus.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;
using wctest::text_bytes;

namespace {
const wc::ethernet to_server{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"};
const wc::ethernet to_client{.destination = "02:00:00:00:00:01", .source = "02:00:00:00:00:02"};
wc::ipv4 ip(std::uint16_t id, bool dont_fragment = true) {
    return {.identification = id, .dont_fragment = dont_fragment, .source = "10.0.0.1", .destination = "10.0.0.2"};
}
wc::tcp_option raw_option(std::uint8_t kind, std::vector<std::byte> data) {
    return {static_cast<wc::tcp_option_kind>(kind), std::move(data)};
}
}  // namespace

TEST_CASE("tcp segments crafted like Scapy", "[tcp_test]") {
    namespace opt = wc::tcp_options;
    // scapy_fixtures.md 15-22: every field as listed there; lengths, EtherType, protocol and
    // checksums left to the stack.
    CHECK(wc::to_bytes(to_server / ip(1, false) /
                       wc::tcp{.source_port = 40000, .destination_port = 80, .sequence_number = 1000, .syn = true, .window = 64240,
                               .options = {opt::mss(1460), opt::sack_permitted(), opt::timestamps(12345, 0), opt::no_operation(),
                                           opt::window_scale(7)}})
              .value() == scapy_fixture("tcp_syn_options"));
    CHECK(wc::to_bytes(to_client /
                       wc::ipv4{.identification = 0, .dont_fragment = true, .source = "10.0.0.2", .destination = "10.0.0.1"} /
                       wc::tcp{.source_port = 80, .destination_port = 40000, .sequence_number = 5000, .acknowledgment_number = 1001,
                               .ack = true, .syn = true, .window = 65160,
                               .options = {opt::mss(1400), opt::no_operation(), opt::window_scale(8), opt::sack_permitted(),
                                           opt::timestamps(67890, 12345)}})
              .value() == scapy_fixture("tcp_synack_options"));
    CHECK(wc::to_bytes(to_server / ip(2) /
                       wc::tcp{.source_port = 40000, .destination_port = 80, .sequence_number = 1001, .acknowledgment_number = 5001,
                               .ack = true, .psh = true, .window = 502,
                               .options = {opt::no_operation(), opt::no_operation(), opt::timestamps(12400, 67890)}} /
                       wc::payload{"GET / HTTP/1.0\r\n\r\n"})
              .value() == scapy_fixture("tcp_ack_payload"));
    CHECK(wc::to_bytes(to_server / ip(3) /
                       wc::tcp{.source_port = 40000, .destination_port = 80, .sequence_number = 1019, .acknowledgment_number = 6001,
                               .ack = true, .window = 501,
                               .options = {opt::no_operation(), opt::no_operation(), opt::timestamps(12500, 67950), opt::no_operation(),
                                           opt::no_operation(), opt::sack({{7001, 8001}, {9001, 10001}})}})
              .value() == scapy_fixture("tcp_sack_blocks"));
    CHECK(wc::to_bytes(to_server / ip(4, false) /
                       wc::tcp{.source_port = 40001, .destination_port = 80, .sequence_number = 2000, .acknowledgment_number = 3000,
                               .ae = true, .cwr = true, .ece = true, .urg = true, .ack = true, .psh = true, .rst = true, .syn = true,
                               .fin = true, .window = 1024, .urgent_pointer = 7} /
                       wc::payload{"URGENT!"})
              .value() == scapy_fixture("tcp_all_flags"));
    CHECK(wc::to_bytes(to_server / ip(5) /
                       wc::tcp{.source_port = 40002, .destination_port = 5001, .sequence_number = 7000, .syn = true, .window = 64240,
                               .options = {opt::mss(1460), opt::fast_open(wctest::hex_bytes("0102030405060708"))}} /
                       wc::payload{"tfo-data"})
              .value() == scapy_fixture("tcp_fast_open"));  // padded with zeros to 4 bytes, as Scapy does
    CHECK(wc::to_bytes(to_server / ip(6) /
                       wc::tcp{.source_port = 40003, .destination_port = 80, .sequence_number = 8000, .syn = true, .window = 64240,
                               .options = {opt::mss(1460), raw_option(99, text_bytes("abcd")), opt::end_of_list()}})
              .value() == scapy_fixture("tcp_unknown_option"));
    CHECK(wc::to_bytes(to_server / ip(7) /
                       wc::tcp{.source_port = 40004, .destination_port = 80, .sequence_number = 9000, .syn = true, .window = 64240,
                               .options = {opt::mss(1460), opt::sack_permitted(), opt::timestamps(12600, 0), opt::no_operation(),
                                           opt::window_scale(7), raw_option(30, wctest::hex_bytes("00810123456789abcdef"))}})
              .value() == scapy_fixture("tcp_mptcp_capable"));
}

TEST_CASE("tcp options parse into typed bodies and re-serialize exactly", "[tcp_test]") {
    const auto frame = scapy_fixture("tcp_mptcp_capable");
    const std::span<const std::byte> bytes(frame);
    auto ip = wc::parse<wc::ipv4>(bytes.subspan(14));
    REQUIRE(ip);
    auto tcp = wc::parse<wc::tcp>(ip->payload());
    REQUIRE(tcp);
    CHECK(tcp->get<"data_offset">() == 13);
    CHECK(!wc::check_checksums(*tcp, *ip));
    std::vector<wc::tcp_option_kind> kinds;
    for (auto option : tcp->get<"options">()) {
        kinds.push_back(option.kind);
        if (option.kind == wc::tcp_option_kind::timestamps) {
            auto ts = wc::parse<wc::tcp_timestamps_option>(option.data);
            REQUIRE(ts);
            CHECK(ts->get<"value">() == 12600);
            CHECK(ts->get<"echo_reply">() == 0);
        }
        if (option.kind == wc::tcp_option_kind::multipath) {
            auto mptcp = wc::parse<wc::tcp_mptcp_option>(option.data);
            REQUIRE(mptcp);
            CHECK(mptcp->get<"subtype">() == 0);  // MP_CAPABLE, RFC 8684 3.1
        }
    }
    using k = wc::tcp_option_kind;
    CHECK(kinds == std::vector<k>{k::maximum_segment_size, k::sack_permitted, k::timestamps, k::no_operation, k::window_scale, k::multipath});
    CHECK(wc::to_bytes(wc::to_owned(*tcp)).value() == std::vector<std::byte>(tcp->header().begin(), tcp->header().end()));
}

TEST_CASE("tcp data offset below 5 or past the segment is an error", "[tcp_test]") {
    auto segment = wc::to_bytes(wc::tcp{.source_port = 1, .destination_port = 2, .checksum = 0}).value();
    segment[12] = std::byte{0x40};  // data offset 4: 16 bytes, less than the fixed header
    auto small = wc::parse<wc::tcp>(segment);
    REQUIRE(!small);
    CHECK(to_string(small.error()) == "tcp.data_offset: value 4 is below the minimum 5 (byte offset 12)");
    segment[12] = std::byte{0x60};  // 24 bytes claimed, 20 present
    auto past = wc::parse<wc::tcp>(segment);
    REQUIRE(!past);
    CHECK(to_string(past.error()) == "tcp.data_offset: says 24 bytes, 20 available (byte offset 12)");
}

TEST_CASE("tcp checksum over the IPv6 pseudo-header", "[tcp_test]") {
    const auto frame = scapy_fixture("ipv6_tcp_syn");
    auto ip = wc::parse<wc::ipv6>(std::span<const std::byte>(frame).subspan(14));
    REQUIRE(ip);
    auto tcp = wc::parse<wc::tcp>(ip->payload());
    REQUIRE(tcp);
    CHECK(tcp->get<"checksum">() == 0x86ac);  // scapy_fixtures.md 28
    CHECK(!wc::check_checksums(*tcp, *ip));
    auto corrupt = frame;
    corrupt.back() ^= std::byte{1};
    auto ip2 = wc::parse<wc::ipv6>(std::span<const std::byte>(corrupt).subspan(14));
    auto tcp2 = wc::parse<wc::tcp>(ip2->payload());
    REQUIRE(tcp2);
    CHECK(wc::check_checksums(*tcp2, *ip2));
}

TEST_CASE("tcp headers of the corpus re-serialize byte for byte", "[tcp_test]") {
    std::size_t segments = 0, with_options = 0;
    for (const auto& path : wctest::captures()) {
        const auto file = wctest::load(path);
        auto reader = wc::capture_reader::open(file);
        if (!reader) continue;
        while (true) {
            auto p = reader->next();
            if (!p || !*p) break;
            auto visit = [&](const auto& layer) {
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(layer)>, wc::view<wc::tcp>>) {
                    ++segments;
                    with_options += layer.template get<"options">().empty() ? 0 : 1;
                    const auto header = layer.header();
                    CHECK(wc::to_bytes(wc::to_owned(layer)).value() == std::vector<std::byte>(header.begin(), header.end()));
                }
            };
            wc::dissect((**p).data, static_cast<std::uint32_t>((**p).link), visit);
        }
    }
    CHECK(segments > 300);
    CHECK(with_options > 100);
}

TEST_CASE("tcp tree: flags spelled out, checksum in hex, options typed", "[tcp_test]") {
    // tcpdump dns_tcp.pcap frame 1; tshark -V: Flags 0x002 (SYN), Checksum 0x0c41, MSS 1460,
    // SACK permitted, Timestamps TSval 2044906138 TSecr 0, NOP, Window scale 7.
    const auto f = wctest::first_frame("tcpdump/dns_tcp.pcap");
    auto ip = wc::parse<wc::ipv4>(std::span<const std::byte>(f.packet.data).subspan(14));
    REQUIRE(ip);
    auto tcp = wc::parse<wc::tcp>(ip->payload());
    REQUIRE(tcp);
    const std::string tree = wc::to_string(*tcp);
    for (const char* line : {"\n  syn: set\n", "\n  ack: not set\n", "\n  checksum: 0x0c41\n", "\n    maximum_segment_size (2): value: 1460\n",
                             "\n    sack_permitted (4): \n", "\n    timestamps (8): value: 2044906138, echo_reply: 0\n",
                             "\n    no_operation (1): \n", "\n    window_scale (3): shift: 7"})
        CHECK(tree.find(line) != std::string::npos);
}

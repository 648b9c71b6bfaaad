// IP fragment reassembly: real fragmented captures against tshark's reassembly
// (tests/data/expected/reassembly.tsv, from tests/data/reassembly_expected.py), Scapy's
// fragments against the checksum Scapy computed over the whole datagram, and crafted fragments
// for order, duplicates, the overlap policy, timeouts and every limit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>
#include <sstream>
#include <wirecraft/flow/ip_reassembly.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/corpus.hpp"

namespace wc = wirecraft;
using namespace std::chrono_literals;
using wc::reassembly_status;

namespace {

using bytes = std::vector<std::byte>;

// The outermost IP packet of a frame (IPv4 bounded by its total length, IPv6 by its payload length).
struct ip_finder {
    std::span<const std::byte> packet{};
    template <class P>
    void operator()(const wc::view<P>& layer) {
        if constexpr (std::is_same_v<P, wc::ipv4> || std::is_same_v<P, wc::ipv6>)
            if (packet.empty()) packet = layer.bytes();
    }
};

// A UDP datagram over IPv4, whole, then cut into fragments of `size` data bytes.
const std::string text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?";  // 64 bytes
bytes whole_ipv4(std::uint16_t id = 0x1234) {
    return wc::to_bytes(wc::ipv4{.identification = id, .source = "10.0.0.1", .destination = "10.0.0.2"} /
                        wc::udp{.source_port = 5000, .destination_port = 6000} / wc::payload{text})
        .value();
}
std::vector<bytes> fragments_ipv4(const bytes& whole, std::size_t size) {
    auto ip = wc::parse<wc::ipv4>(std::span<const std::byte>(whole)).value();
    const auto data = ip.payload();
    std::vector<bytes> out;
    for (std::size_t at = 0; at < data.size(); at += size) {
        const auto chunk = data.subspan(at, std::min(size, data.size() - at));
        wc::ipv4 h = wc::to_owned(ip);
        h.total_length.reset();
        h.checksum.reset();
        h.more_fragments = at + chunk.size() < data.size();
        h.fragment_offset = static_cast<std::uint16_t>(at / 8);
        out.push_back(wc::to_bytes(h / wc::payload{chunk}).value());
    }
    return out;
}
bytes fragment_ipv4(std::uint16_t id, std::uint16_t offset_units, bool more, std::string_view data) {
    return wc::to_bytes(wc::ipv4{.identification = id, .more_fragments = more, .fragment_offset = offset_units,
                                 .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
                        wc::payload{data})
        .value();
}

using wctest::to_hex;
std::string text_of(std::span<const std::byte> data) { return {reinterpret_cast<const char*>(data.data()), data.size()}; }

wc::reassembly_result add(wc::ip_reassembler& r, const bytes& packet, wc::flow_time now = {}) {
    return r.add(std::span<const std::byte>(packet), now);
}

}  // namespace

TEST_CASE("real fragmented captures reassemble as tshark does", "[ip_reassembly_test]") {
    std::map<std::string, std::vector<std::tuple<int, int, std::string>>> expected;  // capture -> (frame, version, hex)
    for (const auto& row : wctest::tsv_rows("reassembly.tsv")) {  // capture, frame, version, length, hex
        REQUIRE(row.size() == 5);
        expected[row[0]].emplace_back(std::stoi(row[1]), std::stoi(row[2]), row[4]);
    }
    REQUIRE(expected.size() == 3);
    std::size_t datagrams = 0;
    for (const auto& [capture, rows] : expected) {
        INFO(capture);
        const auto file_bytes = wctest::load(wctest::data_dir() + "/captures/" + capture);
        auto reader = wc::capture_reader::open(file_bytes).value();
        wc::ip_reassembler r;
        std::vector<std::tuple<int, int, std::string>> got;
        for (int frame = 1;; ++frame) {
            auto p = reader.next().value();
            if (!p) break;
            ip_finder found;
            (void)wc::dissect(p->data, static_cast<std::uint32_t>(p->link), found);
            REQUIRE_FALSE(found.packet.empty());
            auto out = r.add(found.packet, std::chrono::duration_cast<wc::flow_time>(std::chrono::nanoseconds(p->timestamp_ns)));
            CHECK(out.status != reassembly_status::dropped);
            if (out.status != reassembly_status::complete) continue;
            // tshark's reassembled data is what follows the IPv4 header or IPv6's fragment header;
            // ours is the whole packet, with the fragment header gone.
            const std::span<const std::byte> packet(out.datagram);
            std::size_t header = 0;
            int version = 0;
            if (auto v4 = wc::parse<wc::ipv4>(packet)) {
                version = 4;
                header = v4->get<"header_length">() * 4u;
                CHECK(v4->get<"total_length">() == packet.size());
                CHECK_FALSE(v4->get<"more_fragments">());
                CHECK(v4->get<"fragment_offset">() == 0);
                CHECK(wc::internet_checksum(packet.first(header)) == 0);
            } else {
                auto v6 = wc::parse<wc::ipv6>(packet);
                REQUIRE(v6);
                version = 6;
                header = 40;  // these captures have no extension header before the fragment header
                CHECK(v6->get<"payload_length">() == packet.size() - 40);
            }
            got.emplace_back(frame, version, to_hex(packet.subspan(header)));
        }
        CHECK(got == rows);
        CHECK(r.in_progress() == 0);
        CHECK(r.memory() == 0);
        datagrams += got.size();
    }
    CHECK(datagrams == 6);  // 1 (IPv4Frag) + 1 (frag_with_padding) + 4 (ip6_fragments)
}

TEST_CASE("Scapy's fragments give back the datagram Scapy cut", "[ip_reassembly_test]") {
    // scapy_fixtures.md 23-24: fragment() of IP/UDP with 40 bytes of data; Scapy computed the
    // UDP length (48) and checksum (0x9b7f) over the whole datagram, so they must verify on ours.
    wc::ip_reassembler r;
    const auto first = wctest::scapy_fixture("ipv4_fragment_first_udp");
    const auto second = wctest::scapy_fixture("ipv4_fragment_second");
    CHECK(r.add(std::span<const std::byte>(second).subspan(14), {}).status == reassembly_status::incomplete);
    auto out = r.add(std::span<const std::byte>(first).subspan(14), {});
    REQUIRE(out.status == reassembly_status::complete);
    const std::span<const std::byte> packet(out.datagram);
    auto ip = wc::parse<wc::ipv4>(packet);
    REQUIRE(ip);
    CHECK(ip->get<"total_length">() == 68);
    CHECK(ip->get<"identification">() == 0x5555);
    auto udp = wc::parse<wc::udp>(ip->payload());
    REQUIRE(udp);
    CHECK(udp->get<"length">() == 48);
    CHECK(udp->get<"checksum">() == 0x9b7f);
    CHECK_FALSE(wc::check_checksums(*udp, *ip));
    CHECK(text_of(udp->payload()) == "wirecraft-fragmented-udp-datagram-40B!!!");
}

TEST_CASE("fragments in any order, and exact duplicates", "[ip_reassembly_test]") {
    const auto whole = whole_ipv4();
    auto parts = fragments_ipv4(whole, 16);  // 72 bytes of UDP: 5 fragments
    REQUIRE(parts.size() == 5);
    SECTION("in order") {}
    SECTION("reversed") { std::reverse(parts.begin(), parts.end()); }
    SECTION("shuffled") { std::swap(parts[0], parts[3]); std::swap(parts[1], parts[4]); }
    SECTION("with duplicates") {
        parts.insert(parts.begin() + 2, parts[1]);
        parts.insert(parts.begin(), parts[4]);
    }
    wc::ip_reassembler r;
    const std::size_t duplicates = parts.size() - 5;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) CHECK(add(r, parts[i]).status == reassembly_status::incomplete);
    auto out = add(r, parts.back());
    REQUIRE(out.status == reassembly_status::complete);
    CHECK(out.datagram == whole);  // header fixed up: total length, flags, checksum
    CHECK(r.counters().completed == 1);
    CHECK(r.counters().duplicates == duplicates);
    CHECK(r.memory() == 0);
    // A packet that is not a fragment passes through.
    CHECK(add(r, whole).status == reassembly_status::not_fragmented);
}

TEST_CASE("overlaps discard the datagram, its later fragments too (RFC 5722)", "[ip_reassembly_test]") {
    wc::ip_reassembler r({.timeout = 30s});
    CHECK(add(r, fragment_ipv4(7, 0, true, "AAAAAAAABBBBBBBB")).status == reassembly_status::incomplete);
    // Bytes 8..23 overlap bytes 8..15: even with the same bytes, only an exact duplicate is forgiven.
    auto out = add(r, fragment_ipv4(7, 1, true, "BBBBBBBBCCCCCCCC"), 1s);
    REQUIRE(out.status == reassembly_status::dropped);
    REQUIRE(out.problem);
    CHECK(wc::to_string(*out.problem) ==
          "ipv4.fragment_offset: malformed (overlaps a fragment already received (RFC 5722)) (byte offset 6)");
    CHECK(r.counters().overlaps == 1);
    // The rest of that datagram is dropped as it comes, until its timeout frees the identity.
    out = add(r, fragment_ipv4(7, 3, false, "DDDDDDDD"), 2s);
    CHECK(out.status == reassembly_status::dropped);
    CHECK(out.problem->detail == "its datagram was discarded for an overlap (RFC 5722)");
    CHECK(add(r, fragment_ipv4(7, 0, true, "AAAAAAAABBBBBBBB"), 30s).status == reassembly_status::incomplete);
    CHECK(r.counters().timed_out == 0);  // a discarded datagram does not count as timed out
    // Another identity is not affected.
    CHECK(add(r, fragment_ipv4(8, 0, true, "AAAAAAAA"), 30s).status == reassembly_status::incomplete);
}

TEST_CASE("a datagram not complete in time is dropped", "[ip_reassembly_test]") {
    wc::ip_reassembler r({.timeout = 30s});
    const auto parts = fragments_ipv4(whole_ipv4(), 32);
    REQUIRE(parts.size() == 3);
    CHECK(add(r, parts[0], 0s).status == reassembly_status::incomplete);
    CHECK(add(r, parts[1], 29s).status == reassembly_status::incomplete);
    CHECK(add(r, parts[2], 30s).status == reassembly_status::incomplete);  // the first two expired at 30 s
    CHECK(r.counters().timed_out == 1);
    CHECK(r.in_progress() == 1);
    CHECK(r.expire(59s) == 0);
    CHECK(r.expire(60s) == 1);
    CHECK(r.in_progress() == 0);
    CHECK(r.memory() == 0);
}

TEST_CASE("limits: size, fragments, datagrams, memory", "[ip_reassembly_test]") {
    SECTION("over 65,535 bytes: the ping of death") {
        wc::ip_reassembler r;
        auto out = add(r, fragment_ipv4(1, 8189, false, "0123456789abcdef"));  // 8189 * 8 + 16 + 20 of header
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(wc::to_string(*out.problem) ==
              "ipv4.fragment_offset: limit of 65535 exceeded (65548) (reassembled total length) (byte offset 6)");
        CHECK(r.in_progress() == 0);
    }
    SECTION("over 65,535 bytes with the first fragment's longer header") {
        // The last fragment fits with its 20-byte header (20 + 65515), but the datagram is built
        // on the first fragment's 60-byte header: 60 + 65515.
        wc::ip_reassembler r;
        CHECK(add(r, fragment_ipv4(1, 8189, false, "xyz")).status == reassembly_status::incomplete);
        const std::vector<wc::ipv4_option> nops(40, wc::ipv4_option{wc::ipv4_option_kind::no_operation, {}});
        const auto first = wc::to_bytes(wc::ipv4{.identification = 1, .more_fragments = true, .protocol = wc::ip_protocol::udp,
                                                 .source = "10.0.0.1", .destination = "10.0.0.2", .options = nops} /
                                        wc::payload{"01234567"})
                               .value();
        auto out = add(r, first);
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(wc::to_string(*out.problem) ==
              "ipv4.fragment_offset: limit of 65535 exceeded (65575) (reassembled total length) (byte offset 6)");
        CHECK(r.in_progress() == 0);
    }
    SECTION("more fragments than allowed") {
        wc::ip_reassembler r({.max_fragments = 4});
        for (std::uint16_t i = 0; i < 4; ++i) CHECK(add(r, fragment_ipv4(1, i, true, "xxxxxxxx")).status == reassembly_status::incomplete);
        auto out = add(r, fragment_ipv4(1, 4, true, "xxxxxxxx"));
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(out.problem->kind == wc::error_kind::limit_exceeded);
        CHECK(out.problem->detail == "fragments per datagram");
        CHECK(r.in_progress() == 0);
        CHECK(r.memory() == 0);
    }
    SECTION("more datagrams in progress than allowed") {
        wc::ip_reassembler r({.max_datagrams = 2});
        CHECK(add(r, fragment_ipv4(1, 0, true, "xxxxxxxx")).status == reassembly_status::incomplete);
        CHECK(add(r, fragment_ipv4(2, 0, true, "xxxxxxxx")).status == reassembly_status::incomplete);
        auto out = add(r, fragment_ipv4(3, 0, true, "xxxxxxxx"));
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(out.problem->detail == "datagrams in progress");
        CHECK(r.in_progress() == 2);
    }
    SECTION("memory over all datagrams") {
        wc::ip_reassembler r({.max_memory = 4096});
        const std::string big(1000, 'x');
        std::size_t kept = 0;
        wc::reassembly_result out;
        for (std::uint16_t id = 1; id < 20; ++id) {
            out = add(r, fragment_ipv4(id, 0, true, std::string_view(big).substr(0, 1000)));
            if (out.status != reassembly_status::incomplete) break;
            ++kept;
            CHECK(r.memory() <= 4096);
        }
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(out.problem->detail == "reassembly memory in bytes");
        CHECK(kept >= 2);
        CHECK(r.memory() <= 4096);
        CHECK(r.in_progress() == kept);
    }
}

TEST_CASE("malformed fragments", "[ip_reassembly_test]") {
    wc::ip_reassembler r;
    SECTION("a middle fragment that is not a multiple of 8 bytes") {
        auto out = add(r, fragment_ipv4(1, 0, true, "0123456789"));
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(wc::to_string(*out.problem) ==
              "ipv4.fragment_offset: malformed (a fragment with more to follow must carry a non-zero multiple of 8 bytes) (byte offset 6)");
    }
    SECTION("two last fragments that disagree") {
        CHECK(add(r, fragment_ipv4(1, 2, false, "tail")).status == reassembly_status::incomplete);
        auto out = add(r, fragment_ipv4(1, 3, false, "tail"));
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(out.problem->kind == wc::error_kind::length_inconsistent);
        CHECK(r.in_progress() == 0);
    }
    SECTION("a fragment beyond the last one's end") {
        CHECK(add(r, fragment_ipv4(1, 1, false, "tail")).status == reassembly_status::incomplete);  // ends at 12
        auto out = add(r, fragment_ipv4(1, 2, true, "xxxxxxxx"));
        REQUIRE(out.status == reassembly_status::dropped);
        CHECK(out.problem->kind == wc::error_kind::length_inconsistent);
    }
    SECTION("not an IP packet") {
        const bytes junk{std::byte{0x45}, std::byte{0}};
        auto out = add(r, junk);
        CHECK(out.status == reassembly_status::dropped);
        CHECK(out.problem->kind == wc::error_kind::truncated);
    }
}

TEST_CASE("IPv6: the fragment header goes, the headers before it stay", "[ip_reassembly_test]") {
    // The original: IPv6 / hop-by-hop / UDP / text. Its fragments: IPv6 / hop-by-hop / fragment / part.
    const wc::ipv6 ip{.source = "2001:db8::1", .destination = "2001:db8::2"};
    const wc::ipv6_hop_by_hop hop{.options = {{wc::ipv6_option_type::padn, bytes(4)}}};
    const bytes whole = wc::to_bytes(ip / hop / wc::udp{.source_port = 5000, .destination_port = 6000} / wc::payload{text}).value();
    auto parsed = wc::parse<wc::ipv6>(std::span<const std::byte>(whole)).value();
    const auto upper = parsed.payload().subspan(8);  // after the 8-byte hop-by-hop header
    std::vector<bytes> parts;
    for (std::size_t at = 0; at < upper.size(); at += 24) {
        const auto chunk = upper.subspan(at, std::min<std::size_t>(24, upper.size() - at));
        parts.push_back(wc::to_bytes(ip / hop /
                                     wc::ipv6_fragment{.next_header = wc::ip_protocol::udp, .fragment_offset = static_cast<std::uint16_t>(at / 8),
                                                       .more_fragments = at + chunk.size() < upper.size(), .identification = 0xabcdef} /
                                     wc::payload{chunk})
                            .value());
    }
    REQUIRE(parts.size() == 3);
    wc::ip_reassembler r;
    CHECK(add(r, parts[2]).status == reassembly_status::incomplete);
    CHECK(add(r, parts[0]).status == reassembly_status::incomplete);
    auto out = add(r, parts[1]);
    REQUIRE(out.status == reassembly_status::complete);
    CHECK(out.datagram == whole);

    SECTION("an atomic fragment (RFC 6946) is whole on its own") {
        const bytes atomic = wc::to_bytes(ip / wc::ipv6_fragment{.next_header = wc::ip_protocol::udp, .identification = 9} /
                                          wc::payload{upper})
                                 .value();
        auto one = add(r, atomic);
        REQUIRE(one.status == reassembly_status::complete);
        CHECK(one.datagram == wc::to_bytes(ip / wc::udp{.source_port = 5000, .destination_port = 6000} / wc::payload{text}).value());
    }
    SECTION("a truncated extension header") {
        bytes broken = parts[0];
        broken.resize(44);
        broken[5] = std::byte{4};  // payload length 4: the hop-by-hop header says 8
        auto bad = add(r, broken);
        REQUIRE(bad.status == reassembly_status::dropped);
        CHECK(bad.problem->kind == wc::error_kind::truncated);
        CHECK(bad.problem->offset == 40);
    }
}

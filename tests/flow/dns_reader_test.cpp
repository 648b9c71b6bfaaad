// DNS over TCP streams: tcpdump's dns_tcp.pcap reassembled with tcp_stream and read with
// dns_tcp_reader gives tshark's messages; then a stream of several messages split at every
// point, malformed messages between good ones, a length too short for a header, and the
// reader's bounded buffer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <wirecraft/flow/dns_reader.hpp>
#include <wirecraft/flow/tcp_stream.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {

// What the tests compare: tshark's fields of each message (dns.id, dns.flags.response,
// dns.qry.name, dns.count.answers) and the answers' addresses (dns.a, answers only).
struct summary {
    std::uint16_t id = 0;
    bool response = false;
    std::string question;
    std::size_t answers = 0;
    std::vector<std::string> answer_addresses;
    bool operator==(const summary&) const = default;
};
summary summarize(const wc::view<wc::dns>& m) {
    summary s{m.get<"id">(), m.get<"response">(), {}, 0, {}};
    const auto sections = m.get<"sections">();
    for (auto q : sections.questions()) s.question = q.name().to_owned().to_string();
    for (auto r : sections.answers()) {
        ++s.answers;
        if (auto a = r.a()) s.answer_addresses.push_back(a->to_string());
    }
    return s;
}

// Each direction of the capture, reassembled and read; keyed by source port.
std::map<std::uint16_t, std::vector<summary>> read_capture(const std::string& capture) {
    struct direction {
        wc::tcp_stream stream;
        wc::dns_tcp_reader dns;
        std::vector<summary> messages;
    };
    std::map<std::uint16_t, direction> directions;
    const auto data = wctest::load(wctest::data_dir() + "/captures/" + capture);
    auto reader = wc::capture_reader::open(data).value();
    while (auto p = reader.next().value()) {
        std::optional<wc::view<wc::tcp>> segment;
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(layer)>::protocol_type, wc::tcp>) segment = layer;
        });
        if (!segment) continue;
        auto& d = directions[segment->get<"source_port">()];
        if (segment->get<"syn">()) d.stream.start(segment->get<"sequence_number">() + 1);
        const auto refused = d.stream.add(segment->get<"sequence_number">(), segment->payload(), segment->get<"fin">(), [&](auto bytes) {
            const auto failed = d.dns.add(bytes, [&](const wc::result<wc::view<wc::dns>>& m, std::uint64_t) {
                REQUIRE(m);
                d.messages.push_back(summarize(*m));
            });
            CHECK_FALSE(failed);
        });
        CHECK_FALSE(refused);
    }
    std::map<std::uint16_t, std::vector<summary>> out;
    for (auto& [port, d] : directions) {
        CHECK(d.dns.buffered() == 0);
        out[port] = d.messages;
    }
    return out;
}

// A message behind its 2-octet length.
std::vector<std::byte> framed(const std::vector<std::byte>& message) {
    std::vector<std::byte> out(2 + message.size());  // sized first: g++ 12 at -O3 warns falsely on an insert after a list
    out[0] = std::byte(message.size() >> 8);
    out[1] = std::byte(message.size() & 0xff);
    std::copy(message.begin(), message.end(), out.begin() + 2);
    return out;
}

// Feeds `stream` in the given pieces; the messages' summaries, or the reader's error.
struct outcome {
    std::vector<summary> messages;
    std::vector<wc::error> malformed;
    std::vector<std::uint64_t> offsets;
    std::optional<wc::error> failure;
};
outcome feed(const std::vector<std::byte>& stream, const std::vector<std::size_t>& cuts) {
    wc::dns_tcp_reader dns;
    outcome out;
    std::size_t from = 0;
    auto piece = [&](std::size_t to) {
        const auto failed = dns.add(std::span<const std::byte>(stream).subspan(from, to - from),
                                    [&](const wc::result<wc::view<wc::dns>>& m, std::uint64_t at) {
                                        out.offsets.push_back(at);
                                        if (m) out.messages.push_back(summarize(*m));
                                        else out.malformed.push_back(m.error());
                                    });
        if (failed && !out.failure) out.failure = failed;
        from = to;
    };
    for (auto cut : cuts) piece(cut);
    piece(stream.size());
    return out;
}

// The query and the response of tcpdump's dns_tcp.pcap, without their length prefixes.
std::vector<std::vector<std::byte>> capture_messages() {
    std::vector<std::vector<std::byte>> out;
    const auto data = wctest::load(wctest::data_dir() + "/captures/tcpdump/dns_tcp.pcap");
    auto reader = wc::capture_reader::open(data).value();
    while (auto p = reader.next().value())
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(layer)>::protocol_type, wc::dns_over_tcp>) {
                const auto message = layer.template get<"message">().bytes();
                out.emplace_back(message.begin(), message.end());
            }
        });
    return out;
}

// tshark 4.0 on dns_tcp.pcap: frame 4, the query, and frame 6, the response.
const summary tshark_query{0x4319, false, "www.tcpdump.org", 0, {}};
const summary tshark_response{0x4319, true, "www.tcpdump.org", 2, {"192.139.46.66", "198.199.88.104"}};

}  // namespace

TEST_CASE("dns reader: tcpdump's DNS over TCP capture, reassembled, gives tshark's messages", "[dns_reader_test]") {
    const auto directions = read_capture("tcpdump/dns_tcp.pcap");
    REQUIRE(directions.size() == 2);
    CHECK(directions.at(33779) == std::vector<summary>{tshark_query});
    CHECK(directions.at(53) == std::vector<summary>{tshark_response});
}

TEST_CASE("dns reader: several messages per stream, split at every point", "[dns_reader_test]") {
    const auto messages = capture_messages();
    REQUIRE(messages.size() == 2);
    // Query, response, query: 58 + 226 + 58 octets with the prefixes (tshark's tcp.len of frames
    // 4 and 6).
    std::vector<std::byte> stream;
    for (const auto* m : {&messages[0], &messages[1], &messages[0]}) {
        const auto f = framed(*m);
        stream.insert(stream.end(), f.begin(), f.end());
    }
    REQUIRE(stream.size() == 342);
    const std::vector<summary> wanted{tshark_query, tshark_response, tshark_query};
    const std::vector<std::uint64_t> offsets{0, 58, 284};
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        INFO("cut at " << cut);
        const auto got = feed(stream, {cut});
        CHECK(got.messages == wanted);
        CHECK(got.offsets == offsets);
        CHECK(got.malformed.empty());
        CHECK_FALSE(got.failure);
    }
    std::vector<std::size_t> every_octet(stream.size());
    for (std::size_t i = 0; i < stream.size(); ++i) every_octet[i] = i;
    const auto bytewise = feed(stream, every_octet);
    CHECK(bytewise.messages == wanted);
    CHECK(bytewise.offsets == offsets);
}

TEST_CASE("dns reader: a malformed message is reported and the stream goes on; a short length stops it", "[dns_reader_test]") {
    const auto messages = capture_messages();
    REQUIRE(messages.size() == 2);
    // The response with its first answer's name cut to a pointer forward (to offset 0x7f0),
    // between two good queries: its length still frames it.
    auto bad = messages[1];
    const auto view = wc::parse<wc::dns>(messages[1]).value();
    const std::size_t answer_at = (*view.get<"sections">().answers().begin()).offset();
    bad[answer_at] = std::byte{0xc7};
    bad[answer_at + 1] = std::byte{0xf0};
    const auto& malformed = bad;
    std::vector<std::byte> stream;
    for (const auto* m : {&messages[0], &malformed, &messages[0]}) {
        const auto f = framed(*m);
        stream.insert(stream.end(), f.begin(), f.end());
    }
    for (std::size_t cut : {std::size_t{0}, std::size_t{61}, std::size_t{100}, std::size_t{290}}) {
        INFO("cut at " << cut);
        const auto got = feed(stream, {cut});
        CHECK(got.messages == std::vector<summary>{tshark_query, tshark_query});
        REQUIRE(got.malformed.size() == 1);
        CHECK(got.malformed[0].detail == "compression pointer points forward");
        CHECK(got.malformed[0].offset == 58 + 2 + answer_at);  // counted in the stream
        CHECK_FALSE(got.failure);
    }
    // A length of 5 cannot hold a DNS header (12 octets): the reader stops at it, for good.
    std::vector<std::byte> short_length = framed(messages[0]);
    short_length.insert(short_length.end(), {std::byte{0}, std::byte{5}, std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}, std::byte{5}});
    const auto f = framed(messages[0]);
    short_length.insert(short_length.end(), f.begin(), f.end());
    const auto stopped = feed(short_length, {61});
    CHECK(stopped.messages == std::vector<summary>{tshark_query});
    REQUIRE(stopped.failure);
    CHECK(stopped.failure->field == "length");
    CHECK(stopped.failure->offset == 58);
    CHECK(stopped.failure->needed == 5);
    CHECK(to_string(*stopped.failure) == "dns_over_tcp.length: says 5 bytes, a DNS header needs 12 (byte offset 58)");
}

TEST_CASE("dns reader: it buffers at most one unfinished message", "[dns_reader_test]") {
    // A prefix announcing 65,535 octets, fed in pieces: the buffer grows to the message and no
    // further, and the message is handed over when whole. It claims 65,535 questions of at
    // least 5 octets each, which cannot fit: malformed.
    std::vector<std::byte> stream{std::byte{0xff}, std::byte{0xff}};
    stream.resize(2 + 65535);
    stream[2 + 4] = std::byte{0xff};
    stream[2 + 5] = std::byte{0xff};
    wc::dns_tcp_reader dns;
    std::size_t calls = 0, most = 0;
    for (std::size_t at = 0; at < stream.size(); at += 4096) {
        const auto n = std::min<std::size_t>(4096, stream.size() - at);
        CHECK_FALSE(dns.add(std::span<const std::byte>(stream).subspan(at, n), [&](const auto& m, std::uint64_t) {
            ++calls;
            CHECK_FALSE(m);
        }));
        most = std::max(most, dns.buffered());
    }
    CHECK(calls == 1);
    CHECK(most <= 2 + 65535);
    CHECK(dns.buffered() == 0);
    CHECK(dns.counters().malformed == 1);
}

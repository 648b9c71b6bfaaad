// TCP stream reassembly: every direction of the TCP connections in the test captures against
// tshark's "Follow TCP Stream" (tests/data/expected/tcp_streams.tsv, from
// tests/data/tcp_stream_expected.py), then crafted segment orders for out of order,
// retransmission, overlaps that agree and that conflict, wrap-around, FIN, gaps and the limits.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <wirecraft/flow/tcp_stream.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {

using wctest::to_hex;
std::span<const std::byte> bytes_of(std::string_view text) { return std::as_bytes(std::span(text.data(), text.size())); }

std::string bracketed(const std::string& address) {
    std::string s(1, '[');
    s += address;
    s += ']';
    return s;
}

// The layers of one TCP segment, and its endpoints as tshark writes them.
struct segment_finder {
    std::string source, destination;
    std::optional<wc::view<wc::tcp>> tcp{};
    template <class P>
    void operator()(const wc::view<P>& layer) {
        if constexpr (std::is_same_v<P, wc::ipv4>) {
            source = layer.template get<"source">().to_string();
            destination = layer.template get<"destination">().to_string();
        } else if constexpr (std::is_same_v<P, wc::ipv6>) {
            // Appended, not "[" + s: g++ 12 at -O3 warns falsely (-Wrestrict) on the latter.
            source = bracketed(layer.template get<"source">().to_string());
            destination = bracketed(layer.template get<"destination">().to_string());
        } else if constexpr (std::is_same_v<P, wc::tcp>) {
            if (!tcp) tcp = layer;
        }
    }
};

// Collects what a stream delivers.
struct sink {
    std::string bytes;
    void operator()(std::span<const std::byte> b) { bytes.append(reinterpret_cast<const char*>(b.data()), b.size()); }
};

}  // namespace

TEST_CASE("every direction of the captured TCP connections reassembles as tshark follows it", "[tcp_stream_test]") {
    std::map<std::string, std::map<std::string, std::string>> expected;  // capture -> "a -> b" -> hex
    for (const auto& row : wctest::tsv_rows("tcp_streams.tsv")) {  // capture, sender, receiver, length, hex
        REQUIRE(row.size() == 5);
        expected[row[0]][row[1] + " -> " + row[2]] = row[4];
    }
    REQUIRE(expected.size() == 11);
    std::size_t directions = 0, bytes = 0;
    for (const auto& [capture, flows] : expected) {
        INFO(capture);
        const auto data = wctest::load(wctest::data_dir() + "/captures/" + capture);
        auto reader = wc::capture_reader::open(data).value();
        std::map<std::string, std::pair<wc::tcp_stream, sink>> streams;
        while (auto p = reader.next().value()) {
            segment_finder f;
            (void)wc::dissect(p->data, static_cast<std::uint32_t>(p->link), f);
            if (!f.tcp) continue;
            const auto& t = *f.tcp;
            const std::string key = f.source + ":" + std::to_string(t.get<"source_port">()) + " -> " + f.destination + ":" +
                                    std::to_string(t.get<"destination_port">());
            auto& [stream, out] = streams[key];
            if (t.get<"syn">()) stream.start(t.get<"sequence_number">() + 1);
            if (t.get<"rst">()) continue;  // a RST's text is not stream data (RFC 9293 3.5.3)
            CHECK_FALSE(stream.add(t.get<"sequence_number">(), t.payload(), t.get<"fin">(), out));
        }
        for (auto& [key, s] : streams) {
            s.first.flush(s.second, [](std::uint64_t, std::uint64_t) {});
            INFO(key);
            const auto it = flows.find(key);
            if (it == flows.end()) {
                CHECK(s.second.bytes.empty());  // tshark shows no data that way
                continue;
            }
            CHECK(to_hex(bytes_of(s.second.bytes)) == it->second);
            ++directions;
            bytes += s.second.bytes.size();
        }
    }
    CHECK(directions == 28);
    CHECK(bytes > 40000);
}

TEST_CASE("out of order, retransmitted and overlapping segments", "[tcp_stream_test]") {
    const std::string text = "The quick brown fox jumps over the lazy dog";  // 43 bytes
    auto part = [&](std::size_t from, std::size_t to) { return bytes_of(std::string_view(text).substr(from, to - from)); };
    constexpr std::uint32_t first = 1000;
    wc::tcp_stream s;
    s.start(first);
    sink out;
    std::vector<std::size_t> chunks;  // the sizes handed to the callback
    auto deliver = [&](std::span<const std::byte> b) {
        chunks.push_back(b.size());
        out(b);
    };
    CHECK_FALSE(s.add(first + 10, part(10, 20), false, deliver));  // a gap before it: held
    CHECK(out.bytes.empty());
    CHECK(s.buffered() == 10);
    CHECK_FALSE(s.add(first + 30, part(30, 43), true, deliver));  // the FIN, after another gap
    CHECK_FALSE(s.add(first, part(0, 10), false, deliver));       // fills the first gap
    CHECK(out.bytes == text.substr(0, 20));
    CHECK(chunks == std::vector<std::size_t>{10, 10});            // the new bytes zero-copy, then the held piece
    CHECK_FALSE(s.add(first + 5, part(5, 25), false, deliver));   // 15 bytes again, 5 new
    CHECK(out.bytes == text.substr(0, 25));
    CHECK_FALSE(s.add(first + 22, part(22, 35), false, deliver)); // overlaps both sides: 5 new bytes between
    CHECK(out.bytes == text);
    CHECK(s.finished());
    CHECK(s.buffered() == 0);
    CHECK(s.counters().delivered == 43);
    CHECK(s.counters().duplicate == 15 + 3 + 5);
    CHECK(s.counters().conflicts == 0);
    CHECK(s.counters().out_of_order == 2);
}

TEST_CASE("conflicting overlaps: the bytes held first win", "[tcp_stream_test]") {
    wc::tcp_stream s;
    s.start(0);
    sink out;
    CHECK_FALSE(s.add(4, bytes_of("EF"), false, out));
    CHECK_FALSE(s.add(2, bytes_of("cdXXgh"), false, out));  // XX differs from the EF held
    CHECK(s.counters().conflicts == 2);
    CHECK_FALSE(s.add(0, bytes_of("ab"), false, out));
    CHECK(out.bytes == "abcdEFgh");
    // Bytes already delivered are only counted: we no longer hold them to compare.
    CHECK_FALSE(s.add(0, bytes_of("zz"), false, out));
    CHECK(out.bytes == "abcdEFgh");
    CHECK(s.counters().duplicate == 2 + 2);
}

TEST_CASE("stream positions run on across the sequence wrap", "[tcp_stream_test]") {
    wc::tcp_stream s;
    s.start(0xfffffffa);
    sink out;
    CHECK_FALSE(s.add(0x00000002, bytes_of("GHIJ"), false, out));  // after the wrap: held
    CHECK_FALSE(s.add(0xfffffffa, bytes_of("ABCDEF01"), false, out));  // crosses the wrap
    CHECK(out.bytes == "ABCDEF01GHIJ");
    CHECK(s.next_sequence() == 6);  // 0xfffffffa + 12, mod 2^32
    CHECK(s.delivered() == 12);
}

TEST_CASE("limits: bytes and pieces held, distance ahead", "[tcp_stream_test]") {
    wc::tcp_stream s({.max_buffered = 16, .max_segments = 2, .max_ahead = 1000});
    s.start(0);
    sink out;
    CHECK_FALSE(s.add(100, bytes_of("0123456789"), false, out));
    auto e = s.add(200, bytes_of("0123456789"), false, out);
    REQUIRE(e);
    CHECK(wc::to_string(*e) == "tcp_stream.sequence_number: limit of 16 exceeded (20) (out-of-order bytes held) (byte offset 0)");
    CHECK_FALSE(s.add(200, bytes_of("0123"), false, out));
    e = s.add(300, bytes_of("01"), false, out);
    REQUIRE(e);
    CHECK(e->detail == "out-of-order segments held");
    e = s.add(1001, bytes_of("x"), false, out);
    REQUIRE(e);
    CHECK(e->detail == "bytes ahead of the next expected byte");
    CHECK(s.counters().refused == 3);
    // In-order bytes are never held, so no limit stops them.
    CHECK_FALSE(s.add(0, bytes_of(std::string(100, 'a')), false, out));
    CHECK(out.bytes.size() == 110);  // and they reached the first held piece
    CHECK(s.buffered() == 4);
}

TEST_CASE("in-order text that runs past held pieces is never refused", "[tcp_stream_test]") {
    // With the buffer nearly full, a segment from the next byte that covers a held piece and
    // goes beyond it: all of it becomes in order, so nothing of it has to wait.
    wc::tcp_stream s({.max_buffered = 16, .max_segments = 2});
    s.start(0);
    sink out;
    CHECK_FALSE(s.add(100, bytes_of(std::string(10, 'b')), false, out));
    CHECK_FALSE(s.add(200, bytes_of(std::string(4, 'c')), true, out));  // 14 bytes held
    std::string text(150, 'a');
    text.replace(100, 10, std::string(10, 'b'));
    CHECK_FALSE(s.add(0, bytes_of(text), false, out));
    CHECK(out.bytes == text);
    CHECK(s.buffered() == 4);
    // A refused segment leaves the FIN it carried unrecorded.
    CHECK(s.add(300, bytes_of(std::string(20, 'x')), true, out));
    CHECK_FALSE(s.finished());
    CHECK_FALSE(s.add(150, bytes_of(std::string(50, 'd')), false, out));
    CHECK(s.finished());  // the FIN at 204, from the segment that was accepted
}

TEST_CASE("flush gives up on gaps and reports them", "[tcp_stream_test]") {
    wc::tcp_stream s;
    s.start(50);
    sink out;
    CHECK_FALSE(s.add(50, bytes_of("head"), false, out));
    CHECK_FALSE(s.add(60, bytes_of("middle"), false, out));
    CHECK_FALSE(s.add(70, bytes_of("tail"), true, out));
    std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps;
    s.flush(out, [&](std::uint64_t offset, std::uint64_t size) { gaps.emplace_back(offset, size); });
    CHECK(out.bytes == "headmiddletail");
    CHECK(gaps == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{4, 6}, {16, 4}});
    CHECK(s.counters().skipped == 10);
    CHECK(s.finished());
}

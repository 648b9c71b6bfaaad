#include <catch2/catch.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

TEST_CASE("pcap: every capture reads completely, frame count and lengths as tshark", "[pcap_test]") {
    std::size_t files = 0;
    for (const auto& path : wctest::captures()) {
        INFO(path.string());
        const auto file = wctest::load(path);
        auto expected = wctest::load_expected(path);
        auto reader = wc::capture_reader::open(file);
        REQUIRE(reader);
        int n = 0;
        while (true) {
            auto p = reader->next();
            REQUIRE(p);
            if (!*p) break;
            ++n;
            INFO("frame " << n);
            CHECK(std::to_string((*p)->data.size()) == expected[n]["frame.cap_len"].at(0));
            CHECK(std::to_string((*p)->original_length) == expected[n]["frame.len"].at(0));
        }
        CHECK(n == static_cast<int>(expected.size()));
        ++files;
    }
    CHECK(files == 78);
}

TEST_CASE("pcap: writer output reads back, both timestamp resolutions", "[pcap_test]") {
    for (bool ns : {false, true}) {
        wc::pcap_writer writer(wc::link_type::ethernet, ns);
        const std::vector<std::byte> a(60, std::byte{1}), b(3, std::byte{2});
        REQUIRE(writer.add(a, 1'700'000'000'123'456'000ull).value() == 16 + 60);
        REQUIRE(writer.add(b, 5, 100).value() == 16 + 3);
        auto reader = wc::capture_reader::open(writer.bytes());
        REQUIRE(reader);
        CHECK(reader->nanosecond() == ns);
        auto first = reader->next();
        REQUIRE(first);
        CHECK((*first)->timestamp_ns == 1'700'000'000'123'456'000ull);
        CHECK((*first)->data.size() == 60);
        auto second = reader->next();
        CHECK((*second)->original_length == 100);
        CHECK((*second)->timestamp_ns == (ns ? 5u : 0u));
        CHECK(!*reader->next());
    }
}

TEST_CASE("pcap: truncated and corrupt files give errors with offsets", "[pcap_test]") {
    const auto file = wctest::load(wctest::data_dir() + "/captures/pcapplusplus/Dns.pcap");
    // Every truncation point: never a crash, an error or a clean end, never past the data.
    for (std::size_t cut = 0; cut < file.size(); ++cut) {
        auto reader = wc::capture_reader::open(std::span<const std::byte>(file).first(cut));
        if (!reader) continue;
        for (int guard = 0; guard < 100; ++guard) {
            auto p = reader->next();
            if (!p) { CHECK(p.error().offset <= cut); break; }
            if (!*p) break;
        }
    }
    auto r = wc::capture_reader::open(std::span<const std::byte>(file).first(30));
    REQUIRE(r);
    auto p = r->next();
    REQUIRE(!p);
    CHECK(to_string(p.error()) == "pcap.record_header: needs 16 bytes, 6 available (byte offset 24)");
    auto bad = file;
    bad[0] = std::byte{0};
    CHECK(!wc::capture_reader::open(bad));
}

TEST_CASE("pcapng: blocks, interfaces and corrupt lengths", "[pcap_test]") {
    const auto file = wctest::load(wctest::data_dir() + "/captures/zeek/snap-arp.pcapng");
    auto reader = wc::capture_reader::open(file);
    REQUIRE(reader);
    CHECK(reader->file_format() == wc::capture_reader::format::pcapng);
    for (std::size_t cut = 0; cut < file.size(); cut += 3) {
        auto partial = wc::capture_reader::open(std::span<const std::byte>(file).first(cut));
        if (!partial) continue;
        for (int guard = 0; guard < 100; ++guard) {
            auto p = partial->next();
            if (!p || !*p) break;
        }
    }
    auto corrupt = file;
    corrupt[4] = std::byte{0x0d};  // section header total length no longer a multiple of 4
    auto c = wc::capture_reader::open(corrupt);
    REQUIRE(c);
    auto p = c->next();
    REQUIRE(!p);
    CHECK(p.error().field == "block_total_length");
}

TEST_CASE("pcap writer: refuses what the format cannot hold", "[pcap_test]") {
    wc::pcap_writer writer;
    const std::vector<std::byte> packet(10);
    // pcap seconds are 32 bits: 2^32 s (February 2106) is one past the last representable second.
    auto late = writer.add(packet, 4'294'967'296'000'000'000ull);
    REQUIRE(!late);
    CHECK(to_string(late.error()) == "pcap.timestamp: value 4294967296 is above the maximum 4294967295 (byte offset 24)");
    CHECK(writer.bytes().size() == 24);  // nothing written
    const std::vector<std::byte> huge(wc::max_packet_size + 1);
    CHECK(!writer.add(huge));
}

// pcapng if_tsresol (draft-ietf-opsawg-pcapng section 4.2): 10^-n, or 2^-n with the top bit set.
static_assert(wc::to_ns(1536, {.binary = true, .exponent = 10}) == 1'500'000'000u);  // 1536/1024 s
static_assert(wc::to_ns((1ull << 30) + (1ull << 29), {.binary = true, .exponent = 30}) == 1'500'000'000u);
static_assert(wc::to_ns(1, {.binary = true, .exponent = 30}) == 0u);  // 0.93 ns, truncated
static_assert(wc::to_ns(3, {.binary = false, .exponent = 0}) == 3'000'000'000u);
static_assert(wc::to_ns(1'234'567, {.binary = false, .exponent = 6}) == 1'234'567'000u);
static_assert(wc::to_ns(1'234'567'891'234, {.binary = false, .exponent = 12}) == 1'234'567'891u);
static_assert(wc::to_ns(~0ull, {.binary = true, .exponent = 63}) == 1'999'999'999u);  // just under 2 s
static_assert(!wc::to_ns(~0ull, {.binary = false, .exponent = 6}));                    // past 2^64 ns

namespace {
// A little-endian pcapng file: section header, one Ethernet interface with the given if_tsresol
// byte, and one enhanced packet block on `interface_id` with `ticks` and 4 bytes of data.
std::vector<std::byte> pcapng_with(std::uint8_t tsresol, std::uint32_t interface_id, std::uint64_t ticks) {
    std::vector<std::byte> out;
    auto put = [&](std::uint64_t v, int n) { for (int i = 0; i < n; ++i, v >>= 8) out.push_back(std::byte(v & 0xff)); };
    put(0x0A0D0D0A, 4); put(28, 4); put(0x1A2B3C4D, 4); put(1, 2); put(0, 2); put(~0ull, 8); put(28, 4);
    put(1, 4); put(32, 4); put(1, 2); put(0, 2); put(65535, 4);           // IDB: Ethernet, snaplen
    put(9, 2); put(1, 2); put(tsresol, 1); put(0, 3); put(0, 4); put(32, 4);  // if_tsresol, end of options
    put(6, 4); put(36, 4); put(interface_id, 4); put(ticks >> 32, 4); put(ticks & 0xffffffff, 4);
    put(4, 4); put(4, 4); put(0xdeadbeef, 4); put(36, 4);
    return out;
}
}  // namespace

TEST_CASE("pcapng: binary timestamp resolution is exact; interface and resolution errors", "[pcap_test]") {
    const auto file = pcapng_with(0x8a, 0, 1536);
    auto reader = wc::capture_reader::open(file);
    REQUIRE(reader);
    auto p = reader->next();
    REQUIRE(p);
    REQUIRE(*p);
    CHECK((*p)->timestamp_ns == 1'500'000'000u);
    CHECK((*p)->data.size() == 4);
    CHECK(!*reader->next());

    const auto wrong_interface = pcapng_with(6, 1, 0);
    auto r = wc::capture_reader::open(wrong_interface);
    REQUIRE(r);
    auto e = r->next();
    REQUIRE(!e);
    CHECK(to_string(e.error()) == "pcapng.interface_id: value 1 is above the maximum 0 (byte offset 68)");

    const auto bad_resolution = pcapng_with(20, 0, 0);  // 10^-20 s ticks: no 64-bit tick rate
    auto b = wc::capture_reader::open(bad_resolution);
    REQUIRE(b);
    auto f = b->next();
    REQUIRE(!f);
    CHECK(to_string(f.error()) == "pcapng.if_tsresol: value 20 is above the maximum 19 (byte offset 48)");
}

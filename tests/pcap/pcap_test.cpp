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
        writer.add(a, 1'700'000'000'123'456'000ull);
        writer.add(b, 5, 100);
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

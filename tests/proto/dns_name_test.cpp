// DNS names inside messages: reading through compression pointers, with the rules of RFC 1035
// 4.1.4 and the malformed names of the corpus (tcpdump, PcapPlusPlus; tshark flags them too),
// and writing with compression, against a real server's bytes.
#include <catch2/catch.hpp>

#include <wirecraft/proto/dns.hpp>
#include <wirecraft/proto/dns_name.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/dns_frames.hpp"

namespace wc = wirecraft;
using wctest::dns_of;
using wctest::hex_bytes;
using wctest::serialized;

TEST_CASE("dns names: malformed names are rejected with the offending octet", "[dns_name_test]") {
    // Header: one question; then the name and type/class.
    const std::string header = "000001000001000000000000";
    auto error_of = [&](const std::string& body) {
        const auto bytes = hex_bytes(header + body);
        auto m = wc::parse<wc::dns>(bytes);
        REQUIRE_FALSE(m);
        return to_string(m.error());
    };
    CHECK(error_of("c00c00010001") == "dns.name: malformed (compression pointer loop) (byte offset 12)");
    CHECK(error_of("c01000010001") == "dns.name: malformed (compression pointer points forward) (byte offset 12)");
    CHECK(error_of("c00400010001") == "dns.name: malformed (compression pointer into the header) (byte offset 12)");
    CHECK(error_of("0161c00c00010001") == "dns.name: malformed (compression pointer loop) (byte offset 14)");
    CHECK(error_of("4161000001") == "dns.name: malformed (label type 0x40/0x80 is not supported) (byte offset 12)");
    CHECK(error_of("056162") == "dns.name: needs 18 bytes, 15 available (byte offset 12)");
    CHECK(error_of("0161") == "dns.name: needs 15 bytes, 14 available (byte offset 14)");
    CHECK(error_of("016100000100") == "dns.question: needs 19 bytes, 18 available (byte offset 15)");
    // A pointer's target must be a prior occurrence: its labels may not run on into the name
    // that refers to it (here the first question's type and class read as a label "abc").
    const auto overlap = hex_bytes("000001000002000000000000" "00" "0361" "6263" "c00d" "0001" "0001");
    CHECK(to_string(wc::parse<wc::dns>(overlap).error()) ==
          "dns.name: malformed (compression pointer target runs past where it was referred from) (byte offset 17)");
    // Record data of the wrong length for its type.
    const auto short_a = hex_bytes("000081000000000100000000" "0161000001000100000000" "0003" "c00000");
    CHECK(to_string(wc::parse<wc::dns>(short_a).error()) == "dns.rdlength: says 3 bytes, the type's data takes 4 (byte offset 23)");
    // A name over 255 octets: tcpdump's dns-badlabel.pcap (tshark: malformed too).
    const auto f = dns_of("tcpdump/dns-badlabel.pcap", 1);
    CHECK(to_string(wc::parse<wc::dns>(f.payload).error()) == "dns.name: limit of 255 exceeded (259) (name length) (byte offset 266)");
    // A label of type 0x40: PcapPlusPlus's dns_stack_overflow.pcap.
    const auto g = dns_of("pcapplusplus/dns_stack_overflow.pcap", 1);
    CHECK(to_string(wc::parse<wc::dns>(g.payload).error()) ==
          "dns.name: malformed (label type 0x40/0x80 is not supported) (byte offset 12)");
}

TEST_CASE("dns names: names compare case-insensitively and keep their case", "[dns_name_test]") {
    CHECK(wc::dns_name::from("WWW.Example.COM") == wc::dns_name::from("www.example.com."));
    CHECK_FALSE(wc::dns_name::from("www.example.com") == wc::dns_name::from("www.example.org"));
    CHECK(wc::dns_name::from(".").labels.empty());
    CHECK(wc::dns_name::from("").to_string() == "<Root>");
    // Differently spelled copies are not compressed into each other: each keeps its case.
    wc::dns m{.id = 1};
    m.sections.questions = {{wc::dns_name::from("Example.com"), wc::dns_type::a}, {wc::dns_name::from("example.com"), wc::dns_type::a}};
    const auto bytes = serialized(m);
    auto v = wc::parse<wc::dns>(bytes);
    REQUIRE(v);
    std::vector<std::string> names;
    for (auto q : v->get<"sections">().questions()) names.push_back(q.name().to_string());
    CHECK(names == std::vector<std::string>{"Example.com", "example.com"});
    CHECK(bytes[37] == std::byte{0xc0});  // the second one's "com" points at the first one's
    CHECK(bytes[38] == std::byte{20});
}

TEST_CASE("dns names: compressing afresh writes what the server wrote, a set's owners pointing to the first", "[dns_name_test]") {
    // Dns.pcap #1: the CNAME's target is www-google-analytics.l.google.com, the 16 A records'
    // owner www-google-analytics.L.google.com (case differs: a pointer may not join them). Its
    // server wrote the first owner as two labels and a pointer, the other 15 as pointers to it.
    const auto f = dns_of("pcapplusplus/Dns.pcap", 1);
    auto m = wc::parse<wc::dns>(f.payload);
    REQUIRE(m);
    auto value = wc::to_owned(*m);
    auto& s = value.sections;
    for (auto& q : s.questions) q.name.as_read.reset();  // as a crafted message: no form to follow
    for (auto& r : s.answers) {
        r.name.as_read.reset();
        if (auto* n = std::get_if<wc::dns_name>(&r.rdata)) n->as_read.reset();
    }
    REQUIRE(s.answers.size() == 17);
    CHECK(s.answers[1].name == s.answers[16].name);
    std::vector<std::byte> out(1024);
    auto n = wc::serialize(value, std::span<std::byte>(out));
    REQUIRE(n);
    CHECK(std::vector<std::byte>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n)) ==
          std::vector<std::byte>(f.payload.begin(), f.payload.end()));
}

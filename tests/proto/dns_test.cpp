// DNS messages: corpus captures (values from tshark 4.0's decode), Scapy 2.5's bytes for
// crafted messages (with scapy.layers.dns.dns_compress for the compressed forms), and the
// compression rules of RFC 1035 4.1.4 for malformed names.
#include <catch2/catch.hpp>

#include <set>

#include <wirecraft/proto/dns.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/dns_frames.hpp"

namespace wc = wirecraft;
using wctest::hex_bytes;

namespace {
using udp_payload_of = wctest::layer_finder<wc::udp>;  // the UDP layer of a corpus frame
using wctest::dns_of;
using wctest::serialized;
}  // namespace

TEST_CASE("dns: a response with a CNAME chain and 16 addresses (tshark's values)", "[dns_test]") {
    const auto f = dns_of("pcapplusplus/Dns.pcap", 1);
    auto m = wc::parse<wc::dns>(f.payload);
    REQUIRE(m);
    CHECK(m->get<"id">() == 0x2d6d);
    CHECK(m->get<"response">());
    CHECK(m->get<"rcode">() == wc::dns_rcode::no_error);
    const auto s = m->get<"sections">();
    CHECK(s.question_count() == 1);
    CHECK(s.answer_count() == 17);
    CHECK((*s.questions().begin()).name().to_string() == "www.google-analytics.com");
    std::vector<std::string> names, addresses;
    std::vector<std::uint32_t> ttls;
    for (auto r : s.answers()) {
        names.push_back(r.name().to_string());
        ttls.push_back(r.ttl());
        if (auto a = r.a()) addresses.push_back(a->to_string());
        if (auto t = r.target()) CHECK(t->to_string() == "www-google-analytics.l.google.com");
    }
    CHECK(names.front() == "www.google-analytics.com");
    CHECK(names.back() == "www-google-analytics.L.google.com");  // case as written
    CHECK(ttls.front() == 57008);
    CHECK(ttls.back() == 117);
    REQUIRE(addresses.size() == 16);
    CHECK(addresses.front() == "212.199.219.237");
    CHECK(addresses.back() == "212.199.219.236");
}

TEST_CASE("dns: SOA in the authority section of a name error (tshark's values)", "[dns_test]") {
    const auto f = dns_of("pcapplusplus/DnsPackets.pcap", 20);
    auto m = wc::parse<wc::dns>(f.payload);
    REQUIRE(m);
    CHECK(m->get<"rcode">() == wc::dns_rcode::name_error);
    const auto s = m->get<"sections">();
    CHECK((*s.questions().begin()).name().to_string() == "wpad.HOME");
    REQUIRE(s.authority_count() == 1);
    const auto soa = (*s.authorities().begin()).soa();
    REQUIRE(soa);
    CHECK(soa->primary.to_string() == "a.root-servers.net");
    CHECK(soa->mailbox.to_string() == "nstld.verisign-grs.com");
    CHECK(soa->serial == 2014101100);
    CHECK(soa->refresh == 1800);
    CHECK(soa->retry == 900);
    CHECK(soa->expire == 604800);
    CHECK(soa->minimum == 86400);
}

TEST_CASE("dns: mDNS NSEC records with compressed next names and type bitmaps (tshark's values)", "[dns_test]") {
    const auto f = dns_of("pcapplusplus/DnsPackets.pcap", 429);
    auto m = wc::parse<wc::dns>(f.payload);
    REQUIRE(m);
    std::vector<std::string> next;
    std::vector<std::vector<std::uint16_t>> types;
    for (auto r : m->get<"sections">().additionals())
        if (auto nsec = r.nsec()) {
            next.push_back(nsec->next_domain.to_string());
            types.emplace_back();
            wc::for_each_nsec_type(nsec->type_bitmaps, [&](std::uint16_t t) { types.back().push_back(t); });
        }
    CHECK(next == std::vector<std::string>{"2.0.0.10.in-addr.arpa", "Yaels-iPhone.local",
                                           "D.9.F.3.F.4.E.F.F.F.A.A.F.1.A.5.0.0.0.0.0.0.0.0.0.0.0.0.0.8.E.F.ip6.arpa"});
    CHECK(types == std::vector<std::vector<std::uint16_t>>{{12}, {1, 28}, {12}});
}

TEST_CASE("dns: RRSIG and CAA records (tshark's values)", "[dns_test]") {
    const auto f = dns_of("tcpdump/dnssec.pcap", 2);
    auto m = wc::parse<wc::dns>(f.payload);
    REQUIRE(m);
    std::optional<wc::dns_record_view::rrsig_view> first;
    for (auto r : m->get<"sections">().answers())
        if (auto g = r.rrsig(); g && !first) first = g;
    REQUIRE(first);
    CHECK(static_cast<unsigned>(first->type_covered) == 44);  // SSHFP
    CHECK(first->algorithm == 5);
    CHECK(first->labels == 3);
    CHECK(first->original_ttl == 900);
    CHECK(first->key_tag == 29234);
    CHECK(first->signer.to_string() == "cynic.net");
    CHECK(first->signature.size() > 0);

    const auto c = dns_of("zeek/dns-caa.pcap", 2);
    auto caa_message = wc::parse<wc::dns>(c.payload);
    REQUIRE(caa_message);
    auto caa = (*caa_message->get<"sections">().answers().begin()).caa();
    REQUIRE(caa);
    CHECK(caa->flags == 0);
    CHECK(caa->tag == "issue");
    CHECK(caa->value == "symantec.com");

    // A crafted RRSIG's signer is written in full even where a suffix could be reused
    // (RFC 4034 3.1.7 forbids compressing it).
    wc::dns signed_answer{.id = 2, .response = true};
    const auto zone = wc::dns_name::from("example.com");
    signed_answer.sections.answers = {
        {zone, wc::dns_type::rrsig, wc::dns_class_in, 300,
         wc::dns_rrsig{wc::dns_type::a, 8, 2, 300, 1700000000, 1690000000, 12345, zone, {std::byte{1}, std::byte{2}}}}};
    const auto bytes = serialized(signed_answer);
    // header 12, owner name 13, fixed 10, RRSIG fields 18, then the signer in full: 13 octets
    CHECK(bytes.size() == 12 + 13 + 10 + 18 + 13 + 2);
    auto back = wc::parse<wc::dns>(bytes);
    REQUIRE(back);
    CHECK(wc::to_owned(*back).sections.answers == signed_answer.sections.answers);
}

TEST_CASE("dns: every message in the corpus parses and re-serializes byte for byte", "[dns_test]") {
    std::size_t messages = 0, identical = 0;
    std::set<std::string> differing, failing;
    for (const auto& path : wctest::captures()) {
        const auto file = wctest::load(path);
        const auto malformed = wctest::load_malformed(path);
        auto reader = wc::capture_reader::open(file);
        if (!reader) continue;
        for (int n = 1;; ++n) {
            auto p = reader->next();
            if (!p || !*p) break;
            udp_payload_of visit;
            wc::dissect((**p).data, static_cast<std::uint32_t>((**p).link), visit);
            if (!visit.layer) continue;
            const auto ports = {visit.layer->get<"source_port">(), visit.layer->get<"destination_port">()};
            if (std::none_of(ports.begin(), ports.end(), [](auto port) { return port == 53 || port == 5353; })) continue;
            // No message (an empty datagram), or only its first fragment.
            if (visit.layer->payload().empty() || visit.layer->get<"length">() > visit.layer->size()) continue;
            const std::string where = wctest::expected_stem(path) + " #" + std::to_string(n);
            auto m = wc::parse<wc::dns>(visit.layer->payload());
            if (!m) {
                if (!malformed.count(n)) failing.insert(where + ": " + to_string(m.error()));
                continue;
            }
            ++messages;
            // The parsed view starts its sections where its parse found them (the codec's
            // parse state); a view of the same bytes made without parsing walks to them.
            const auto sections = m->get<"sections">();
            const auto walked = wc::dns_sections_codec{}.view_of(m->bytes().subspan(wc::dns_sections_codec::at));
            const auto offsets = [](const auto& s) {
                std::vector<std::size_t> at;
                for (auto q : s.questions()) at.push_back(q.offset());
                for (const auto& section : {s.answers(), s.authorities(), s.additionals()})
                    for (auto r : section) at.push_back(r.rdata_offset());
                return at;
            };
            if (offsets(sections) != offsets(walked)) differing.insert(where + " (section starts)");
            const auto owned = wc::to_owned(*m);
            const auto bytes = serialized(owned);
            if (std::equal(bytes.begin(), bytes.end(), m->bytes().begin(), m->bytes().end())) ++identical;
            else differing.insert(where);
            // serialize writes a message in one walk, not sized first: into a larger buffer it
            // writes the same bytes and nothing after them; into one a byte short, nothing at
            // all past it, and the error names the size it needs.
            std::vector<std::byte> roomy(bytes.size() + 64, std::byte{0xee});
            const auto one_pass = wc::serialize(owned, std::span<std::byte>(roomy));
            if (!one_pass || *one_pass != m->bytes().size() || !std::equal(m->bytes().begin(), m->bytes().end(), roomy.begin()) ||
                roomy[m->bytes().size()] != std::byte{0xee})
                differing.insert(where + " (into a larger buffer)");
            std::fill(roomy.begin(), roomy.end(), std::byte{0xee});
            const auto short_by_one = wc::serialize(owned, std::span<std::byte>(roomy).first(m->bytes().size() - 1));
            if (short_by_one || short_by_one.error().kind != wc::error_kind::buffer_too_small || short_by_one.error().needed != m->bytes().size() ||
                std::any_of(roomy.begin() + static_cast<std::ptrdiff_t>(m->bytes().size()) - 1, roomy.end(), [](std::byte x) { return x != std::byte{0xee}; }))
                differing.insert(where + " (into a buffer a byte short)");
        }
    }
    for (const auto& f : failing) UNSCOPED_INFO(f);
    // What does not parse is what tshark, too, flags as malformed.
    CHECK(failing.empty());
    CHECK(messages >= 480);
    for (const auto& d : differing) UNSCOPED_INFO("differs: " << d);
    CHECK(differing.empty());
    CHECK(identical == messages);
}

TEST_CASE("dns: crafted messages equal Scapy's bytes, compressed and not", "[dns_test]") {
    wc::dns query{.id = 0x1a2b, .recursion_desired = true};
    query.sections.questions = {{wc::dns_name::from("www.example.com"), wc::dns_type::aaaa}};
    CHECK(serialized(query) == hex_bytes("1a2b0100000100000000000003777777076578616d706c6503636f6d00001c0001"));

    wc::dns response{.id = 0x1a2b, .response = true, .authoritative = true, .recursion_desired = true, .recursion_available = true};
    auto& s = response.sections;
    s.questions = {{wc::dns_name::from("www.example.com"), wc::dns_type::a}};
    s.answers = {{wc::dns_name::from("www.example.com"), wc::dns_type::cname, wc::dns_class_in, 300, wc::dns_name::from("web.example.com")},
                 {wc::dns_name::from("web.example.com"), wc::dns_type::a, wc::dns_class_in, 60, wc::ipv4_address{{192, 0, 2, 10}}}};
    s.authorities = {{wc::dns_name::from("example.com"), wc::dns_type::ns, wc::dns_class_in, 3600, wc::dns_name::from("ns1.example.com")}};
    s.additionals = {{wc::dns_name::from("ns1.example.com"), wc::dns_type::a, wc::dns_class_in, 3600, wc::ipv4_address{{192, 0, 2, 53}}}};
    CHECK(serialized(response) ==
          hex_bytes("1a2b8580000100020001000103777777076578616d706c6503636f6d0000010001c00c000500010000012c000603776562c010c02d0001"
                    "00010000003c0004c000020ac0100002000100000e100006036e7331c010c04f0001000100000e100004c0000235"));
    s.compress = false;
    CHECK(serialized(response) ==
          hex_bytes("1a2b8580000100020001000103777777076578616d706c6503636f6d000001000103777777076578616d706c6503636f6d00000500010000"
                    "012c001103776562076578616d706c6503636f6d0003776562076578616d706c6503636f6d00000100010000003c0004c000020a07657861"
                    "6d706c6503636f6d000002000100000e100011036e7331076578616d706c6503636f6d00036e7331076578616d706c6503636f6d00000100"
                    "0100000e100004c0000235"));

    wc::dns types{.id = 7, .response = true, .recursion_desired = true};  // Scapy sets RD by default
    const auto example = wc::dns_name::from("example.com");
    types.sections.questions = {{example, wc::dns_type::any}};
    types.sections.answers = {
        {example, wc::dns_type::mx, wc::dns_class_in, 300, wc::dns_mx{10, wc::dns_name::from("mail.example.com")}},
        {example, wc::dns_type::txt, wc::dns_class_in, 300, wc::dns_txt{{"v=spf1 -all", "hello world"}}},
        {wc::dns_name::from("_sip._tcp.example.com"), wc::dns_type::srv, wc::dns_class_in, 60,
         wc::dns_srv{10, 5, 5060, wc::dns_name::from("sip.example.com")}},
        {example, wc::dns_type::soa, wc::dns_class_in, 900,
         wc::dns_soa{wc::dns_name::from("ns1.example.com"), wc::dns_name::from("hostmaster.example.com"), 2024010101, 7200, 3600, 1209600, 300}},
        {example, wc::dns_type::aaaa, wc::dns_class_in, 300, wc::ipv6_address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}},
    };
    const auto compressed = hex_bytes(
        "000781000001000500000000076578616d706c6503636f6d0000ff0001c00c000f00010000012c0009000a046d61696cc00cc00c0010000100"
        "00012c00180b763d73706631202d616c6c0b68656c6c6f20776f726c64045f736970045f746370c00c002100010000003c000c000a000513c4"
        "03736970c00cc00c00060001000003840027036e7331c00c0a686f73746d6173746572c00c78a3f17500001c2000000e1000127500000001"
        "2cc00c001c00010000012c001020010db8000000000000000000000001");
    CHECK(serialized(types) == compressed);
    // And back: the typed records read from those bytes.
    auto m = wc::parse<wc::dns>(compressed);
    REQUIRE(m);
    CHECK(wc::to_owned(*m).sections.answers == types.sections.answers);
    types.sections.compress = false;
    CHECK(serialized(types) == hex_bytes(
        "000781000001000500000000076578616d706c6503636f6d0000ff0001076578616d706c6503636f6d00000f00010000012c0014000a046d"
        "61696c076578616d706c6503636f6d00076578616d706c6503636f6d00001000010000012c00180b763d73706631202d616c6c0b68656c6c"
        "6f20776f726c64045f736970045f746370076578616d706c6503636f6d00002100010000003c0017000a000513c403736970076578616d70"
        "6c6503636f6d00076578616d706c6503636f6d000006000100000384003d036e7331076578616d706c6503636f6d000a686f73746d617374"
        "6572076578616d706c6503636f6d0078a3f17500001c2000000e10001275000000012c076578616d706c6503636f6d00001c00010000012c"
        "001020010db8000000000000000000000001"));
}

TEST_CASE("dns: serialize rejects what the wire cannot carry", "[dns_test]") {
    wc::dns m{};
    m.sections.questions = {{wc::dns_name::from(std::string(64, 'a') + ".com"), wc::dns_type::a}};
    CHECK(to_string(wc::to_bytes(m).error()) == "dns.name: value 64 does not fit in 6 bits (byte offset 12)");
    std::string long_name;
    for (int i = 0; i < 5; ++i) long_name += std::string(60, 'b') + ".";
    m.sections.questions = {{wc::dns_name::from(long_name), wc::dns_type::a}};
    CHECK(to_string(wc::to_bytes(m).error()) == "dns.name: limit of 255 exceeded (306) (name length) (byte offset 12)");
    m.sections.questions = {};
    m.sections.answers = {{wc::dns_name::from("a"), wc::dns_type::txt, wc::dns_class_in, 0, wc::dns_txt{{std::string(256, 'x')}}}};
    CHECK(to_string(wc::to_bytes(m).error()) == "dns.rdata: value 256 does not fit in 8 bits (byte offset 25)");
}

TEST_CASE("dns over TCP: the length prefix, and the message behind it (tshark's values)", "[dns_test]") {
    // tcpdump's dns_tcp.pcap #4: a query for www.tcpdump.org with EDNS0, in one segment.
    const auto f = wctest::nth_frame("tcpdump/dns_tcp.pcap", 4);
    std::optional<wc::view<wc::dns_over_tcp>> found;
    std::optional<wc::view<wc::tcp>> segment;
    auto visit = [&](const auto& layer) {
        using V = std::decay_t<decltype(layer)>;
        if constexpr (std::is_same_v<V, wc::view<wc::dns_over_tcp>>) found = layer;
        if constexpr (std::is_same_v<V, wc::view<wc::tcp>>) segment = layer;
    };
    REQUIRE(wc::dissect(f.packet.data, wc::linktype_ethernet, visit).ok());
    REQUIRE(found);
    CHECK(found->get<"length">() == 56);  // tshark: dns.length 56, tcp.pdu.size 58
    const auto message = found->get<"message">();
    CHECK(message.get<"id">() == 0x4319);
    CHECK(message.get<"authentic_data">());  // tshark: dns.flags 0x0120
    CHECK((*message.get<"sections">().questions().begin()).name().to_string() == "www.tcpdump.org");
    // Crafted from the message alone, the length is computed: the segment's payload again.
    const wc::dns_over_tcp crafted{.message = wc::to_owned(message)};
    const auto bytes = wc::to_bytes(crafted);
    REQUIRE(bytes);
    REQUIRE(segment);
    CHECK(std::equal(bytes->begin(), bytes->end(), segment->payload().begin(), segment->payload().end()));
    // Its EDNS0 record (tshark: udp_payload_size 4096, ext_rcode 0, version 0, DO 0, one option:
    // code 10 (cookie), length 8, 8f06be7d691442f0).
    std::optional<wc::dns_record_view::edns_view> edns;
    for (auto r : message.get<"sections">().additionals())
        if (auto e = r.edns()) edns = e;
    REQUIRE(edns);
    CHECK(edns->udp_payload_size == 4096);
    CHECK(edns->extended_rcode == 0);
    CHECK(edns->version == 0);
    CHECK_FALSE(edns->dnssec_ok);
    std::vector<std::pair<std::uint16_t, std::vector<std::byte>>> options;
    edns->for_each_option([&](std::uint16_t code, wc::detail::bytes_view data) { options.push_back({code, wc::detail::to_vector(data)}); });
    REQUIRE(options.size() == 1);
    CHECK(options[0].first == 10);
    CHECK(options[0].second == hex_bytes("8f06be7d691442f0"));
    // A segment with only part of a message keeps it as payload.
    CHECK_FALSE(wc::holds_whole_dns_message(segment->payload().first(20)));
}

TEST_CASE("dns over TCP: every whole message of a segment, however many, then the rest as payload", "[dns_test]") {
    // dns_tcp.pcap's query 30 times over in one segment (pipelined queries, RFC 7766 6.2.1.1),
    // then the first 20 octets of another: more messages than max_layers (24) lets layers nest.
    const auto f = wctest::nth_frame("tcpdump/dns_tcp.pcap", 4);
    std::optional<wc::view<wc::tcp>> segment;
    REQUIRE(wc::dissect(f.packet.data, wc::linktype_ethernet, [&](const auto& layer) {
                if constexpr (std::is_same_v<std::decay_t<decltype(layer)>, wc::view<wc::tcp>>) segment = layer;
            }).ok());
    REQUIRE(segment);
    const auto one = wc::detail::to_vector(segment->payload());
    REQUIRE(one.size() == 58);
    std::vector<std::byte> many;
    for (int i = 0; i < 30; ++i) many.insert(many.end(), one.begin(), one.end());
    many.insert(many.end(), one.begin(), one.begin() + 20);
    const auto frame = wc::to_bytes(wc::ethernet{} / wc::ipv4{.source = "10.0.0.1", .destination = "10.0.0.2"} /
                                    wc::tcp{.source_port = 40000, .destination_port = 53} / wc::payload{many})
                           .value();
    std::vector<std::size_t> offsets;
    std::size_t names = 0;
    const auto r = wc::dissect(frame, wc::linktype_ethernet, [&](const auto& layer) {
        if constexpr (std::is_same_v<std::decay_t<decltype(layer)>, wc::view<wc::dns_over_tcp>>) {
            offsets.push_back(static_cast<std::size_t>(layer.bytes().data() - frame.data()));
            names += (*layer.template get<"message">().template get<"sections">().questions().begin()).name().to_string() == "www.tcpdump.org";
        }
    });
    CHECK(r.ok());
    REQUIRE(offsets.size() == 30);
    for (std::size_t i = 0; i < offsets.size(); ++i) CHECK(offsets[i] == 14 + 20 + 20 + 58 * i);
    CHECK(names == 30);
    CHECK(r.payload.size() == 20);
    CHECK(r.layers == 3 + 30);
}

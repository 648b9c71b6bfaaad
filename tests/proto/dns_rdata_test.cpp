// DNS record data as schemas: SVCB/HTTPS (RFC 9460 appendix D's wire-format test vectors), DS and
// DNSKEY (RFC 4034 5.4 and 2.3, in messages built by Scapy 2.5), NSEC3, NSEC3PARAM and TLSA (RFC
// 5155 appendix A, RFC 6698 2.3, likewise), EDNS0 options (a query Scapy 2.5 builds). Field values are the RFCs' and tshark 4.0's decode of the same bytes.
#include <catch2/catch.hpp>

#include <wirecraft/proto/dns_rdata.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::hex_bytes;

namespace {
template <class Body, class Key>
wc::tlv_item<Key> item(Key key, const Body& body) {
    return {key, wc::to_bytes(body).value()};
}
std::vector<std::byte> text(std::string_view s) { return wctest::text_bytes(s); }
// A parsed message's first answer.
wc::dns_record_view first_answer(const wc::view<wc::dns>& m) { return *m.get<"sections">().answers().begin(); }
}  // namespace

TEST_CASE("dns_rdata: RFC 9460 appendix D SVCB vectors parse and re-serialize exactly", "[dns_rdata_test]") {
    using key = wc::dns_svc_param_key;
    SECTION("D.1 figure 2: alias mode, HTTPS 0 foo.example.com.") {
        const auto rdata = hex_bytes("000003666f6f076578616d706c6503636f6d00");
        const auto v = wc::parse<wc::dns_svcb>(rdata).value();
        CHECK(v.get<"priority">() == 0);
        CHECK(v.get<"target">().to_string() == "foo.example.com");
        CHECK(v.get<"params">().empty());
        CHECK(wc::to_bytes(wc::to_owned(v)).value() == rdata);
    }
    SECTION("D.2 figure 3: SVCB 1 . (the root target)") {
        const auto rdata = hex_bytes("000100");
        const auto v = wc::parse<wc::dns_svcb>(rdata).value();
        CHECK(v.get<"priority">() == 1);
        CHECK(v.get<"target">().labels.empty());
        CHECK(wc::to_bytes(wc::dns_svcb{.priority = 1}).value() == rdata);
    }
    SECTION("D.2 figure 4: port=53") {
        const auto rdata = hex_bytes("001003666f6f076578616d706c6503636f6d00000300020035");
        const auto v = wc::to_owned(wc::parse<wc::dns_svcb>(rdata).value());
        CHECK(v.priority == 16);
        REQUIRE(v.params.size() == 1);
        CHECK(v.params[0].kind == key::port);
        CHECK(wc::parse<wc::dns_svc_port>(v.params[0].data)->get<"port">() == 53);
        const wc::dns_svcb crafted{16, wc::dns_name::from("foo.example.com"), {item(key::port, wc::dns_svc_port{53})}};
        CHECK(wc::to_bytes(crafted).value() == rdata);
    }
    SECTION("D.2 figures 5 and 6: an unknown key (667) is kept as its octets") {
        const auto hello = hex_bytes("000103666f6f076578616d706c6503636f6d00029b000568656c6c6f");
        const auto v = wc::to_owned(wc::parse<wc::dns_svcb>(hello).value());
        REQUIRE(v.params.size() == 1);
        CHECK(static_cast<std::uint16_t>(v.params[0].kind) == 667);
        CHECK(v.params[0].data == text("hello"));
        const auto escaped = hex_bytes("000103666f6f076578616d706c6503636f6d00029b000968656c6c6fd2716f6f");
        const auto e = wc::to_owned(wc::parse<wc::dns_svcb>(escaped).value());
        CHECK(e.params[0].data == hex_bytes("68656c6c6fd2716f6f"));  // "hello\210qoo"
        CHECK(wc::to_bytes(e).value() == escaped);
    }
    SECTION("D.2 figures 7 and 8: IPv6 hints") {
        const auto two = hex_bytes("000103666f6f076578616d706c6503636f6d000006002020010db800000000000000000000000120010db8000000000000000000530001");
        const auto v = wc::to_owned(wc::parse<wc::dns_svcb>(two).value());
        const auto hints = wc::to_owned(wc::parse<wc::dns_svc_ipv6hint>(v.params.at(0).data).value()).addresses;
        CHECK(hints == std::vector<wc::ipv6_address>{wc::ipv6_address("2001:db8::1"), wc::ipv6_address("2001:db8::53:1")});
        const auto mapped = hex_bytes("0001076578616d706c6503636f6d000006001020010db80122034400000000c0000221");
        const auto m = wc::to_owned(wc::parse<wc::dns_svcb>(mapped).value());
        CHECK(m.target.to_string() == "example.com");
        // tshark prints it as 2001:db8:122:344::c000:221.
        CHECK(wc::parse<wc::dns_svc_ipv6hint>(m.params.at(0).data)->get<"addresses">().begin().operator*() ==
              wc::ipv6_address("2001:db8:122:344::c000:221"));
        CHECK(wc::to_bytes(m).value() == mapped);
    }
    SECTION("D.2 figure 9: mandatory, alpn and ipv4hint, in key order on the wire") {
        const auto rdata = hex_bytes("001003666f6f076578616d706c65036f7267000000000400010004000100090268320568332d313900040004c0000201");
        const auto v = wc::to_owned(wc::parse<wc::dns_svcb>(rdata).value());
        REQUIRE(v.params.size() == 3);
        CHECK(wc::to_owned(wc::parse<wc::dns_svc_mandatory>(v.params[0].data).value()).keys == std::vector<std::uint16_t>{1, 4});
        CHECK(wc::to_owned(wc::parse<wc::dns_svc_alpn>(v.params[1].data).value()).ids == std::vector<std::vector<std::byte>>{text("h2"), text("h3-19")});
        CHECK(wc::to_owned(wc::parse<wc::dns_svc_ipv4hint>(v.params[2].data).value()).addresses == std::vector<wc::ipv4_address>{wc::ipv4_address("192.0.2.1")});
        const wc::dns_svcb crafted{16, wc::dns_name::from("foo.example.org"),
                                   {item(key::mandatory, wc::dns_svc_mandatory{{1, 4}}), item(key::alpn, wc::dns_svc_alpn{{text("h2"), text("h3-19")}}),
                                    item(key::ipv4hint, wc::dns_svc_ipv4hint{{wc::ipv4_address("192.0.2.1")}})}};
        CHECK(wc::to_bytes(crafted).value() == rdata);
    }
    SECTION("D.2 figure 10: an alpn value holding a backslash and a comma") {
        const auto rdata = hex_bytes("001003666f6f076578616d706c65036f7267000001000c08665c6f6f2c626172026832");
        const auto v = wc::to_owned(wc::parse<wc::dns_svcb>(rdata).value());
        CHECK(wc::to_owned(wc::parse<wc::dns_svc_alpn>(v.params.at(0).data).value()).ids == std::vector<std::vector<std::byte>>{text("f\\oo,bar"), text("h2")});
    }
}

TEST_CASE("dns_rdata: malformed SVCB parameters are errors", "[dns_rdata_test]") {
    // Wire forms of RFC 9460 D.3's presentation-format failures (derived from the RFC's rules,
    // not vectors from the RFC): keys must be strictly increasing (2.2), a port takes 2 octets.
    const auto duplicate = hex_bytes("000103666f6f076578616d706c6503636f6d00007b0003616263007b0003646566");
    CHECK(to_string(wc::parse<wc::dns_svcb>(duplicate).error()) ==
          "dns_svcb.params: malformed (SvcParamKeys out of increasing order) (byte offset 26)");
    const auto empty_port = hex_bytes("000103666f6f076578616d706c6503636f6d0000030000");
    CHECK(to_string(wc::parse<wc::dns_svcb>(empty_port).error()) == "svc_port.port: needs 2 bytes, 0 available (byte offset 23)");
    const auto long_port = hex_bytes("000103666f6f076578616d706c6503636f6d00000300030035ff");
    CHECK(to_string(wc::parse<wc::dns_svcb>(long_port).error()) == "dns_svcb.params: says 3 bytes, the typed value takes 2 (byte offset 23)");
    // A compressed target (forbidden by RFC 9460 2.2).
    const auto pointer = hex_bytes("0001c00c");
    CHECK(to_string(wc::parse<wc::dns_svcb>(pointer).error()) ==
          "dns_svcb.target: malformed (compression is not allowed in this name) (byte offset 2)");
}

TEST_CASE("dns_rdata: the keys mandatory lists must be among the parameters (RFC 9460 8)", "[dns_rdata_test]") {
    // Records with the root as target (params from byte 3; mandatory's keys from byte 7), built
    // from RFC 9460 8's rules; the valid one is the section's own example value, 00 01 00 03 d4
    // 31 (alpn, port and key 54321), with those three parameters present.
    const auto valid = hex_bytes("000100" "000000060001" "0003d431" "00010003026832" "0003000201bb" "d431000178");
    const auto v = wc::parse<wc::dns_svcb>(valid).value();
    const auto owned = wc::to_owned(v);
    REQUIRE(owned.params.size() == 4);
    CHECK(wc::to_owned(wc::parse<wc::dns_svc_mandatory>(owned.params[0].data).value()).keys == std::vector<std::uint16_t>{1, 3, 54321});
    CHECK(wc::to_bytes(owned).value() == valid);
    auto error_of = [](std::string_view hex) {
        const auto rdata = hex_bytes(hex);
        return to_string(wc::parse<wc::dns_svcb>(rdata).error());
    };
    CHECK(error_of("000100" "000000020005" "00010003026832") ==
          "dns_svcb.params: malformed (a mandatory key is not among the parameters) (byte offset 7)");
    CHECK(error_of("000100" "0000000400000001" "00010003026832") == "dns_svcb.params: malformed (mandatory lists itself) (byte offset 7)");
    CHECK(error_of("000100" "0000000400010001" "00010003026832") == "dns_svcb.params: malformed (mandatory lists a key twice) (byte offset 9)");
    CHECK(error_of("000100" "00000000" "00010003026832") == "dns_svcb.params: malformed (mandatory lists no key) (byte offset 7)");
    // In a message, the same rule at the record's data: mandatory names ech (5), which is absent.
    const wc::dns_svcb missing{1, {}, {{wc::dns_svc_param_key::mandatory, hex_bytes("0005")}, {wc::dns_svc_param_key::alpn, hex_bytes("026832")}}};
    wc::dns message{.id = 1, .response = true};
    message.sections.answers = {{wc::dns_name::from("example.com"), wc::dns_type::https, wc::dns_class_in, 60, missing}};
    const auto bytes = wc::to_bytes(message).value();
    const auto failed = wc::parse<wc::dns>(bytes);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().detail == "a mandatory key is not among the parameters");
}

TEST_CASE("dns_rdata: NSEC3, NSEC3PARAM and TLSA (RFC 5155 appendix A, RFC 6698 2.3; tshark's decode)", "[dns_rdata_test]") {
    // Responses Scapy 2.5 builds around RFC 5155 appendix A's first NSEC3 record and its zone's
    // NSEC3PARAM, and RFC 6698 2.3's TLSA example (its data given to Scapy as octets).
    const auto nsec3_message = hex_bytes(
        "123480000001000100000000203070396d6861766571766d36743776626c356c6f703275337432727033746f6d076578616d706c650000320001203070396d68617665"
        "71766d36743776626c356c6f703275337432727033746f6d076578616d706c65000032000100000e1000270101000c04aabbccdd14174eb2409fe28bcb4887a1836f95"
        "7f0a8425e27b000722010000000290");
    const auto nsec3_view = wc::parse<wc::dns>(nsec3_message).value();
    const auto nsec3 = first_answer(nsec3_view).data<wc::dns_type::nsec3>();
    REQUIRE(nsec3);
    // tshark 4.0: algorithm 1 (SHA-1), flags 1 (opt-out), 12 iterations, salt aabbccdd, hash length
    // 20, next hashed owner 2t7b4g4vsa5smi47k61mv5bv1a22bojr, types NS SOA MX RRSIG DNSKEY NSEC3PARAM.
    CHECK(nsec3->get<"hash_algorithm">() == 1);
    CHECK(nsec3->get<"flags">() == 1);
    CHECK(nsec3->get<"iterations">() == 12);
    CHECK(wc::detail::to_vector(nsec3->get<"salt">()) == hex_bytes("aabbccdd"));
    CHECK(nsec3->get<"next_hashed_owner">().size() == 20);
    CHECK(wc::to_base32hex(nsec3->get<"next_hashed_owner">()) == "2t7b4g4vsa5smi47k61mv5bv1a22bojr");
    std::vector<std::uint16_t> types;
    wc::for_each_nsec_type(nsec3->get<"type_bitmaps">(), [&](std::uint16_t t) { types.push_back(t); });
    CHECK(types == std::vector<std::uint16_t>{2, 6, 15, 46, 48, 51});
    const auto nsec3_owned = wc::to_owned(nsec3_view);
    CHECK(std::get<wc::dns_nsec3>(nsec3_owned.sections.answers.at(0).rdata) == wc::to_owned(*nsec3));
    CHECK(wc::to_bytes(nsec3_owned).value() == nsec3_message);

    const auto param_message = hex_bytes(
        "123581000001000100000000076578616d706c650000330001076578616d706c65000033000100000e1000090100000c04aabbccdd");
    const auto param_view = wc::parse<wc::dns>(param_message).value();
    const auto param = first_answer(param_view).data<wc::dns_type::nsec3param>();
    REQUIRE(param);  // tshark: algorithm 1, flags 0, 12 iterations, salt aabbccdd
    CHECK(wc::to_owned(*param) == wc::dns_nsec3param{1, 0, 12, hex_bytes("aabbccdd")});
    CHECK(wc::to_bytes(wc::to_owned(param_view)).value() == param_message);

    const auto tlsa_message = hex_bytes(
        "123681000001000100000000045f343433045f74637003777777076578616d706c6503636f6d0000340001045f343433045f74637003777777076578616d706c6503"
        "636f6d000034000100000e100023000001d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971");
    const auto tlsa_view = wc::parse<wc::dns>(tlsa_message).value();
    const auto tlsa = first_answer(tlsa_view).data<wc::dns_type::tlsa>();
    REQUIRE(tlsa);  // tshark: usage 0, selector 0, matching type 1 (SHA2-256), the RFC's hash
    const wc::dns_tlsa crafted{0, 0, 1, hex_bytes("d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971")};
    CHECK(wc::to_owned(*tlsa) == crafted);
    wc::dns built{.id = 0x1236, .response = true, .recursion_desired = true};
    built.sections.questions = {{wc::dns_name::from("_443._tcp.www.example.com"), wc::dns_type::tlsa}};
    built.sections.answers = {{wc::dns_name::from("_443._tcp.www.example.com"), wc::dns_type::tlsa, wc::dns_class_in, 3600, crafted}};
    built.sections.compress = false;  // Scapy wrote the answer's name in full
    CHECK(wc::to_bytes(built).value() == tlsa_message);
}

TEST_CASE("dns_rdata: malformed NSEC3 data and type bitmaps are errors where they break", "[dns_rdata_test]") {
    auto error_of = [](std::string_view hex) {
        const auto rdata = hex_bytes(hex);
        return wc::parse<wc::dns_nsec3>(rdata).error();
    };
    // RFC 5155 3.2: the hash is 1 to 255 octets.
    const auto no_hash = error_of("0100000000" "00");
    CHECK(no_hash.field == "next_hashed_owner");
    CHECK(no_hash.offset == 5);
    // RFC 4034 4.1.2: windows in increasing order, each 1 to 32 octets long. Bitmaps from byte 7.
    const auto order = error_of("0100000000" "01aa" "010140" "000140");
    CHECK(order.detail == "type bitmap windows out of increasing order");
    CHECK(order.offset == 10);
    const auto empty_window = error_of("0100000000" "01aa" "0000");
    CHECK(empty_window.detail == "type bitmap window length");
    CHECK(empty_window.offset == 8);
    const auto past_end = error_of("0100000000" "01aa" "000340");
    CHECK(past_end.kind == wc::error_kind::length_inconsistent);
    CHECK(past_end.offset == 8);
    // NSEC's bitmap follows the same rule, in a message: the record data starts at byte 35 (12 of
    // header, 13 of name, 10 of type, class, TTL and length).
    wc::dns message{.id = 7, .response = true};
    message.sections.answers = {{wc::dns_name::from("example.com"), wc::dns_type::nsec, wc::dns_class_in, 60,
                                 wc::dns_nsec{wc::dns_name::from("b.example"), hex_bytes("010140000140")}}};
    message.sections.compress = false;
    const auto bytes = wc::to_bytes(message).value();
    const auto failed = wc::parse<wc::dns>(bytes);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().detail == "type bitmap windows out of increasing order");
    CHECK(failed.error().offset == 35 + 11 + 3);  // after the next name (11 octets) and the first window
}

TEST_CASE("dns_rdata: an HTTPS answer (tshark's decode) and the same record crafted", "[dns_rdata_test]") {
    // A response Scapy 2.5 builds around the record; tshark 4.0: priority 1, target <Root>, alpn
    // h2 h3, port 8443, ipv4hint 192.0.2.1 192.0.2.2, ipv6hint 2001:db8::1.
    const auto message = hex_bytes(
        "123481000001000100000000076578616d706c6503636f6d0000410001076578616d706c6503636f6d0000410001000000000033000100000100060268320268"
        "330003000220fb00040008c0000201c00002020006001020010db8000000000000000000000001");
    const auto m = wc::parse<wc::dns>(message).value();
    const auto https = first_answer(m).data<wc::dns_type::https>();
    REQUIRE(https);
    CHECK(https->get<"priority">() == 1);
    CHECK(https->get<"target">().labels.empty());
    using key = wc::dns_svc_param_key;
    const wc::dns_svcb crafted{1, {}, {item(key::alpn, wc::dns_svc_alpn{{text("h2"), text("h3")}}), item(key::port, wc::dns_svc_port{8443}),
                                       item(key::ipv4hint, wc::dns_svc_ipv4hint{{wc::ipv4_address("192.0.2.1"), wc::ipv4_address("192.0.2.2")}}),
                                       item(key::ipv6hint, wc::dns_svc_ipv6hint{{wc::ipv6_address("2001:db8::1")}})}};
    CHECK(wc::to_owned(*https) == crafted);
    const auto owned = wc::to_owned(m);
    CHECK(std::get<wc::dns_svcb>(owned.sections.answers.at(0).rdata) == crafted);
    CHECK(wc::to_bytes(owned).value() == message);
    CHECK_FALSE(first_answer(m).data<wc::dns_type::ds>());  // another type
}

TEST_CASE("dns_rdata: DS and DNSKEY (RFC 4034's examples, tshark's decode)", "[dns_rdata_test]") {
    // RFC 4034 5.4's DS in a Scapy 2.5 response; tshark: key id 60485, algorithm 5, digest type 1.
    const auto ds_message = hex_bytes(
        "123481000001000100000000076578616d706c6503636f6d00002b0001076578616d706c6503636f6d00002b0001000000000018ec4505012bb183af5f2258817"
        "9a53b0a98631fad1a292118");
    const auto ds_view = wc::parse<wc::dns>(ds_message).value();
    const auto ds = first_answer(ds_view).data<wc::dns_type::ds>();
    REQUIRE(ds);
    CHECK(ds->get<"key_tag">() == 60485);
    CHECK(ds->get<"algorithm">() == 5);
    CHECK(ds->get<"digest_type">() == 1);
    CHECK(wc::detail::to_vector(ds->get<"digest">()) == hex_bytes("2bb183af5f22588179a53b0a98631fad1a292118"));
    CHECK(wc::to_bytes(wc::to_owned(ds_view)).value() == ds_message);

    // RFC 4034 2.3's DNSKEY; tshark: flags 0x0100 (zone key), protocol 3, algorithm 5, key id 2642.
    const auto key_message = hex_bytes(
        "123481000001000100000000076578616d706c6503636f6d0000300001076578616d706c6503636f6d0000300001000000000086010003050103d22a6ca77f35"
        "b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c9e891fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9"
        "741ea2098c1dfa5fb5feb332fd4bc8152089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3");
    const auto key_view = wc::parse<wc::dns>(key_message).value();
    const auto record = first_answer(key_view);
    const auto key = record.data<wc::dns_type::dnskey>();
    REQUIRE(key);
    CHECK(key->get<"flags">() == 0x0100);
    CHECK(key->get<"protocol">() == 3);
    CHECK(key->get<"algorithm">() == 5);
    CHECK(key->get<"public_key">().size() == 130);
    CHECK(wc::dns_key_tag(record.rdata_bytes()) == 2642);  // also the key tag of RFC 4034 3.3's RRSIG
    CHECK(wc::to_bytes(wc::to_owned(key_view)).value() == key_message);
    // A DS shorter than its fixed part is an error at the record's data.
    auto short_ds = ds_message;
    short_ds.resize(short_ds.size() - 21);  // 3 octets of rdata left
    short_ds[51] = std::byte{3};                 // rdlength 3 (the rdata starts at 52)
    CHECK(to_string(wc::parse<wc::dns>(short_ds).error()) == "dns_ds.digest_type: needs 4 bytes, 3 available (byte offset 55)");
}

TEST_CASE("dns_rdata: EDNS0 options (a Scapy query, tshark's decode) and the same OPT crafted", "[dns_rdata_test]") {
    // Scapy 2.5: DNSRROPT(rclass=1232, z=0x8000) with client subnet 192.0.2.0/24, a client
    // cookie, an empty NSID and 16 octets of padding. tshark: udp payload size 1232, DO 1,
    // client subnet family 1, netmask 24, scope 0, address 192.0.2.0.
    const auto message = hex_bytes(
        "123401000001000000000001076578616d706c6503636f6d000001000100002904d000008000002f0008000700011800c00002000a00080102030405060708000"
        "30000000c001000000000000000000000000000000000");
    const auto m = wc::parse<wc::dns>(message).value();
    const auto opt = *m.get<"sections">().additionals().begin();
    const auto edns = opt.edns();
    REQUIRE(edns);
    CHECK(edns->udp_payload_size == 1232);
    CHECK(edns->dnssec_ok);
    const auto options = wc::to_owned(opt.data<wc::dns_type::opt>().value()).options;
    using code = wc::dns_edns_option_code;
    REQUIRE(options.size() == 4);
    CHECK(options[0].kind == code::client_subnet);
    const auto subnet = wc::parse<wc::dns_edns_client_subnet>(options[0].data).value();
    CHECK(subnet.get<"family">() == 1);
    CHECK(subnet.get<"source_prefix">() == 24);
    CHECK(subnet.get<"scope_prefix">() == 0);
    CHECK(wc::detail::to_vector(subnet.get<"address">()) == hex_bytes("c00002"));
    CHECK(options[1].kind == code::cookie);
    CHECK(wc::parse<wc::dns_edns_cookie>(options[1].data)->get<"client">().octets == std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(options[2].kind == code::nsid);
    CHECK(options[2].data.empty());
    CHECK(options[3].kind == code::padding);
    CHECK(options[3].data == std::vector<std::byte>(16));

    // The same query, crafted with the typed bodies.
    wc::dns crafted{.id = 0x1234, .recursion_desired = true};
    crafted.sections.questions = {{wc::dns_name::from("example.com"), wc::dns_type::a}};
    crafted.sections.additionals = {wc::dns_edns_record(1232, /*dnssec_ok=*/true,
                                                        {item(code::client_subnet, wc::dns_edns_client_subnet{1, 24, 0, hex_bytes("c00002")}),
                                                         item(code::cookie, wc::dns_edns_cookie{{{1, 2, 3, 4, 5, 6, 7, 8}}, {}}),
                                                         {code::nsid, {}}, {code::padding, std::vector<std::byte>(16)}})};
    CHECK(wc::to_bytes(crafted).value() == message);
    // RFC 7871 6: the address holds exactly the source prefix's octets.
    CHECK(wc::tlv_value<code::client_subnet>(options[0].data)->address == hex_bytes("c00002"));
    const auto too_long = hex_bytes("00011800c0000200");  // four address octets for a /24
    CHECK(to_string(wc::tlv_value<code::client_subnet>(too_long).error()) ==
          "edns_client_subnet: says 8 bytes, the typed value takes 7 (byte offset 0)");
}

TEST_CASE("dns_rdata: the inline accept of address and OPT data agrees with the full check", "[dns_rdata_test]") {
    // The message parse accepts these shapes inline (dns_rdata_fits) and sends everything else
    // to check_dns_rdata. The lengths are the RFCs': A 4 octets (RFC 1035 3.4.1), AAAA 16
    // (RFC 3596 2.2), OPT a sequence of {code, length, data} (RFC 6891 6.1.2).
    using t = wc::dns_type;
    auto bytes = [](std::initializer_list<int> v) {
        std::vector<std::byte> out;
        for (int b : v) out.push_back(std::byte(b));
        return out;
    };
    struct row {
        t type;
        std::vector<std::byte> data;
        bool valid;
    };
    const std::vector<row> rows = {
        {t::a, bytes({192, 0, 2, 1}), true},
        {t::a, bytes({192, 0, 2}), false},
        {t::aaaa, std::vector<std::byte>(16, std::byte{0x20}), true},
        {t::aaaa, bytes({192, 0, 2, 1}), false},
        {t::opt, {}, true},
        {t::opt, bytes({0, 10, 0, 2, 0xaa, 0xbb}), true},
        {t::opt, bytes({0, 10, 0, 2, 0xaa, 0xbb, 0, 12, 0, 0}), true},
        {t::opt, bytes({0, 10, 0, 3, 0xaa, 0xbb}), false},  // the option runs past the data
        {t::opt, bytes({0, 10, 0}), false},                 // a cut option header
    };
    for (const auto& r : rows) {
        INFO(wc::enum_name(r.type) << " of " << r.data.size() << " octets");
        wc::error e;
        CHECK(wc::detail::check_dns_rdata(r.data, r.type, 0, r.data.size(), e) == r.valid);
        // Inline, only what is valid; what it does not take goes to the full check.
        CHECK(wc::detail::dns_rdata_fits(r.data, r.type, 0, r.data.size()) == r.valid);
    }
    // Other types are never taken inline, valid or not.
    const auto mx = bytes({0, 10, 0});
    CHECK_FALSE(wc::detail::dns_rdata_fits(mx, t::mx, 0, mx.size()));
}

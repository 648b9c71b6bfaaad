// DHCP: corpus captures (values from tshark 4.0's decode), Scapy 2.5's bytes for a crafted
// DISCOVER, the option rules of RFC 2131/2132 for builders and malformed input.
#include <catch2/catch.hpp>

#include <wirecraft/proto/dhcp.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::hex_bytes;

namespace {
using dhcp_finder = wctest::layer_finder<wc::dhcp>;
struct dhcp_frame {
    wctest::loaded_frame frame;
    wc::view<wc::dhcp> message;
};
dhcp_frame dhcp_of(const std::string& capture, int number) {
    dhcp_frame f{wctest::nth_frame(capture, number), {}};
    dhcp_finder find;
    REQUIRE(wc::dissect(f.frame.packet.data, static_cast<std::uint32_t>(f.frame.packet.link), find).ok());
    REQUIRE(find.layer);
    f.message = *find.layer;
    return f;
}
std::vector<wc::dhcp_option_kind> kinds(const wc::dhcp& m) {
    std::vector<wc::dhcp_option_kind> out;
    for (const auto& o : m.options) out.push_back(o.kind);
    return out;
}
}  // namespace

TEST_CASE("dhcp: an OFFER and its options (tshark's values)", "[dhcp_test]") {
    // tcpdump's dhcp-rfc3004.pcap #2: tshark shows dhcp.option.dhcp 2, yiaddr 192.168.1.4,
    // subnet mask 255.255.255.0, router 192.168.1.1, lease 86400, server id 192.168.1.1.
    const auto f = dhcp_of("tcpdump/dhcp-rfc3004.pcap", 2);
    const auto& m = f.message;
    CHECK(m.get<"op">() == wc::dhcp_op::reply);
    CHECK(m.get<"transaction_id">() == 0x06e32864);
    CHECK(m.get<"your_address">().to_string() == "192.168.1.4");
    CHECK(wc::message_type_of(m) == wc::dhcp_message_type::offer);
    using k = wc::dhcp_option_kind;
    CHECK(wc::dhcp_option_value<k::subnet_mask>(m).value()->address.to_string() == "255.255.255.0");
    CHECK(wc::dhcp_option_value<k::router>(m).value()->addresses == std::vector<wc::ipv4_address>{wc::ipv4_address("192.168.1.1")});
    CHECK(wc::dhcp_option_value<k::server_identifier>(m).value()->address.to_string() == "192.168.1.1");
    CHECK(wc::dhcp_option_value<k::lease_time>(m).value()->seconds == 86400u);
    CHECK_FALSE(wc::dhcp_option_value<k::host_name>(m).value().has_value());  // not in this OFFER
}

TEST_CASE("dhcp: every message in the corpus re-serializes byte for byte", "[dhcp_test]") {
    std::size_t messages = 0;
    for (const auto& path : wctest::captures()) {
        const auto file = wctest::load(path);
        auto reader = wc::capture_reader::open(file);
        if (!reader) continue;
        for (int n = 1;; ++n) {
            auto p = reader->next();
            if (!p || !*p) break;
            dhcp_finder find;
            wc::dissect((**p).data, static_cast<std::uint32_t>((**p).link), find);
            if (!find.layer) continue;
            ++messages;
            INFO(wctest::expected_stem(path) << " #" << n);
            const auto bytes = wc::to_bytes(wc::to_owned(*find.layer));
            REQUIRE(bytes);
            CHECK(std::equal(bytes->begin(), bytes->end(), find.layer->bytes().begin(), find.layer->bytes().end()));
        }
    }
    CHECK(messages >= 45);
}

TEST_CASE("dhcp: a DISCOVER crafted like Scapy's", "[dhcp_test]") {
    // Scapy 2.5: BOOTP(op=1, xid=0x12345678, flags=0x8000, chaddr=02:00:00:00:aa:bb) /
    // DHCP(options=[message-type discover, requested_addr 192.0.2.50, hostname wirecraft,
    //               param_req_list [1, 3, 6, 15, 51, 54], end])
    wc::dhcp m{.transaction_id = 0x12345678, .broadcast = true};
    const std::uint8_t mac[] = {0x02, 0, 0, 0, 0xaa, 0xbb};
    for (std::size_t i = 0; i < 6; ++i) m.client_hardware_address.octets[i] = mac[i];
    m.options = {wc::make_dhcp_option(wc::dhcp_option_kind::message_type, wc::dhcp_message_type_option{wc::dhcp_message_type::discover}).value(),
                 wc::make_dhcp_option(wc::dhcp_option_kind::requested_address, wc::dhcp_address_option{"192.0.2.50"}).value(),
                 {wc::dhcp_option_kind::host_name, wctest::text_bytes("wirecraft")},
                 wc::make_dhcp_option(wc::dhcp_option_kind::parameter_request_list, wc::dhcp_parameter_request_option{{1, 3, 6, 15, 51, 54}}).value(),
                 wc::dhcp_end()};
    const std::string scapy =
        "0101060012345678000080000000000000000000000000000000000002000000aabb" + std::string(202 * 2, '0') +
        "638253633501013204c00002320c0977697265637261667437060103060f3336ff";
    CHECK(wc::to_bytes(m).value() == hex_bytes(scapy));
}

TEST_CASE("dhcp: the builders follow RFC 2131's table of options", "[dhcp_test]") {
    const wc::mac_address mac("02:00:00:00:aa:bb");
    using k = wc::dhcp_option_kind;
    const auto discover = wc::dhcp_discover(mac, 7);
    CHECK(discover.op == wc::dhcp_op::request);
    CHECK(kinds(discover) == std::vector<k>{k::message_type, k::client_identifier, k::parameter_request_list, k::end});
    const wc::dhcp_lease lease{.server = "192.0.2.1", .subnet_mask = "255.255.255.0", .routers = {"192.0.2.1"},
                               .dns_servers = {"192.0.2.53"}, .lease_seconds = 600};
    const auto offer = wc::dhcp_offer(discover, "192.0.2.50", lease);
    CHECK(offer.op == wc::dhcp_op::reply);
    CHECK(offer.transaction_id == 7);
    CHECK(offer.client_hardware_address == discover.client_hardware_address);
    CHECK(offer.your_address.to_string() == "192.0.2.50");
    CHECK(kinds(offer) == std::vector<k>{k::message_type, k::server_identifier, k::lease_time, k::renewal_time, k::rebinding_time,
                                         k::subnet_mask, k::router, k::domain_name_server, k::end});
    const auto request = wc::dhcp_request(mac, 7, "192.0.2.50", "192.0.2.1");
    CHECK(kinds(request) == std::vector<k>{k::message_type, k::client_identifier, k::requested_address, k::server_identifier,
                                           k::parameter_request_list, k::end});
    const auto release = wc::dhcp_release(mac, 8, "192.0.2.50", "192.0.2.1");
    CHECK(release.client_address.to_string() == "192.0.2.50");  // RFC 2131 table 5: ciaddr, no option 50
    CHECK(kinds(release) == std::vector<k>{k::message_type, k::client_identifier, k::server_identifier, k::end});
    CHECK(kinds(wc::dhcp_decline(mac, 9, "192.0.2.50", "192.0.2.1")) ==
          std::vector<k>{k::message_type, k::client_identifier, k::requested_address, k::server_identifier, k::end});
    CHECK(kinds(wc::dhcp_inform(mac, 10, "192.0.2.50")) ==
          std::vector<k>{k::message_type, k::client_identifier, k::parameter_request_list, k::end});
    CHECK(kinds(wc::dhcp_nak(request, "192.0.2.1")) == std::vector<k>{k::message_type, k::server_identifier, k::end});
    // Each serializes and parses back to the same message.
    for (const auto& m : {discover, offer, request, release}) {
        const auto bytes = wc::to_bytes(m);
        REQUIRE(bytes);
        auto v = wc::parse<wc::dhcp>(*bytes);
        REQUIRE(v);
        CHECK(wc::to_owned(*v) == m);
    }
    // What tshark shows for a crafted ACK: the message type and lease fields read back.
    const auto ack = wc::to_bytes(wc::dhcp_ack(request, "192.0.2.50", lease)).value();
    auto v = wc::parse<wc::dhcp>(ack);
    REQUIRE(v);
    CHECK(wc::message_type_of(*v) == wc::dhcp_message_type::ack);
}

TEST_CASE("dhcp: a bad cookie, a missing END and an option past the end are errors", "[dhcp_test]") {
    auto message = wc::to_bytes(wc::dhcp_discover(wc::mac_address("02:00:00:00:aa:bb"), 1)).value();
    auto bad_cookie = message;
    bad_cookie[236] = std::byte{0x64};
    CHECK(to_string(wc::parse<wc::dhcp>(bad_cookie).error()) == "dhcp.magic_cookie: is 1686262627, must be 1669485411 (byte offset 236)");
    auto no_end = message;
    no_end.pop_back();  // the END octet
    CHECK(to_string(wc::parse<wc::dhcp>(no_end).error()) == "dhcp.options: malformed (no END option (255)) (byte offset " +
                                                               std::to_string(no_end.size()) + ")");
    auto past = message;
    past.resize(past.size() - 3);  // into the parameter request list
    CHECK(wc::parse<wc::dhcp>(past).error().field == "options");
    // A vendor area of only PAD octets (old BOOTP) needs no END.
    auto pads = message;
    pads.resize(240);
    pads.insert(pads.end(), 64, std::byte{0});
    CHECK(wc::parse<wc::dhcp>(pads));
}

TEST_CASE("dhcp: RFC 2132 options decode to typed values (Scapy's bytes)", "[dhcp_test]") {
    // Scapy 2.5: BOOTP(op=2, xid=0x01020304, chaddr=...)/DHCP(options=[("message-type","ack"),
    // ("time_zone",2**32-18000), ("router","192.0.2.1","192.0.2.2"), ("boot-size",1234),
    // ("dump_path","/var/dump"), ("ip-forwarding",1), ("policy-filter","10.0.0.0","255.0.0.0"),
    // ("default_ttl",64), ("path-mtu-plateau-table",1500,576), ("interface-mtu",9000),
    // ("static-routes","198.51.100.0","192.0.2.254"), ("arp_cache_timeout",60),
    // ("NIS_domain","nis.example"), ("NetBIOS_node_type",8), ("lease_time",86400), "end"]);
    // the options from the cookie on:
    auto bytes = std::vector<std::byte>(240 - 4);
    bytes[0] = std::byte{2};
    const auto tail = hex_bytes(
        "638253633501050204ffffb9b00308c0000201c00002020d0204d20e092f7661722f64756d7013010115080a000000ff000000170140190405dc02401a0223"
        "282108c6336400c00002fe23040000003c280b6e69732e6578616d706c652e0108330400015180ff");
    bytes.insert(bytes.end(), tail.begin(), tail.end());
    const auto m = wc::parse<wc::dhcp>(bytes).value();
    using k = wc::dhcp_option_kind;
    CHECK(wc::dhcp_option_value<k::message_type>(m).value()->type == wc::dhcp_message_type::ack);
    CHECK(wc::dhcp_option_value<k::time_offset>(m).value()->seconds == -18000);  // signed: RFC 2132 2.0
    CHECK(wc::dhcp_option_value<k::router>(m).value()->addresses ==
          std::vector<wc::ipv4_address>{wc::ipv4_address("192.0.2.1"), wc::ipv4_address("192.0.2.2")});
    CHECK(wc::dhcp_option_value<k::boot_file_size>(m).value()->value == 1234);
    CHECK(wc::dhcp_option_value<k::merit_dump_file>(m).value()->text == "/var/dump");
    CHECK(wc::dhcp_option_value<k::ip_forwarding>(m).value()->enabled == 1);
    const auto filter = wc::dhcp_option_value<k::policy_filter>(m).value()->pairs;
    REQUIRE(filter.size() == 1);
    CHECK(filter[0].first.to_string() == "10.0.0.0");
    CHECK(filter[0].second.to_string() == "255.0.0.0");
    CHECK(wc::dhcp_option_value<k::default_ip_ttl>(m).value()->value == 64);
    CHECK(wc::dhcp_option_value<k::path_mtu_plateau_table>(m).value()->values == std::vector<std::uint16_t>{1500, 576});
    CHECK(wc::dhcp_option_value<k::interface_mtu>(m).value()->value == 9000);
    const auto routes = wc::dhcp_option_value<k::static_route>(m).value()->pairs;
    REQUIRE(routes.size() == 1);
    CHECK(routes[0].first.to_string() == "198.51.100.0");
    CHECK(routes[0].second.to_string() == "192.0.2.254");
    CHECK(wc::dhcp_option_value<k::arp_cache_timeout>(m).value()->seconds == 60u);
    CHECK(wc::dhcp_option_value<k::nis_domain>(m).value()->text == "nis.example");
    CHECK(wc::dhcp_option_value<k::netbios_node_type>(m).value()->value == 8);
    CHECK(wc::dhcp_option_value<k::lease_time>(m).value()->seconds == 86400u);
    // And the typed bodies craft the same bytes back.
    auto rebuilt = wc::to_owned(m);
    rebuilt.options = {};
    rebuilt.options.push_back(wc::make_dhcp_option(k::message_type, wc::dhcp_message_type_option{wc::dhcp_message_type::ack}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::time_offset, wc::dhcp_time_offset_option{-18000}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::router, wc::dhcp_addresses_option{{wc::ipv4_address("192.0.2.1"), wc::ipv4_address("192.0.2.2")}}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::boot_file_size, wc::dhcp_u16_option{1234}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::merit_dump_file, wc::dhcp_text_option{"/var/dump"}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::ip_forwarding, wc::dhcp_flag_option{1}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::policy_filter, wc::dhcp_address_pairs_option{{{wc::ipv4_address("10.0.0.0"), wc::ipv4_address("255.0.0.0")}}}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::default_ip_ttl, wc::dhcp_u8_option{64}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::path_mtu_plateau_table, wc::dhcp_u16s_option{{1500, 576}}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::interface_mtu, wc::dhcp_u16_option{9000}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::static_route, wc::dhcp_address_pairs_option{{{wc::ipv4_address("198.51.100.0"), wc::ipv4_address("192.0.2.254")}}}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::arp_cache_timeout, wc::dhcp_seconds_option{60}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::nis_domain, wc::dhcp_text_option{"nis.example"}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::netbios_node_type, wc::dhcp_u8_option{8}).value());
    rebuilt.options.push_back(wc::make_dhcp_option(k::lease_time, wc::dhcp_seconds_option{86400}).value());
    rebuilt.options.push_back(wc::dhcp_end());
    CHECK(wc::to_bytes(rebuilt).value() == bytes);
}

TEST_CASE("dhcp: typed values reject data of the wrong shape, at the option's offset", "[dhcp_test]") {
    auto m = wc::dhcp_discover(wc::mac_address("02:00:00:00:aa:bb"), 7);
    using k = wc::dhcp_option_kind;
    // Options from offset 240: 53 (3 octets), 61 (9), 55 (10), then ours.
    m.options.insert(m.options.end() - 1, {k::ip_forwarding, {std::byte{2}}});
    m.options.insert(m.options.end() - 1, {k::subnet_mask, hex_bytes("ffffff0000")});
    m.options.insert(m.options.end() - 1, {k::router, hex_bytes("c0000201c000")});
    const auto bytes = wc::to_bytes(m).value();
    const auto v = wc::parse<wc::dhcp>(bytes).value();
    CHECK(to_string(wc::dhcp_option_value<k::ip_forwarding>(v).error()) ==
          "dhcp_flag.enabled: value 2 is above the maximum 1 (byte offset 264)");
    CHECK(to_string(wc::dhcp_option_value<k::subnet_mask>(v).error()) ==
          "dhcp.subnet_mask: says 5 bytes, the typed value takes 4 (byte offset 267)");
    CHECK(wc::dhcp_option_value<k::router>(v).error().kind == wc::error_kind::truncated);
}

TEST_CASE("dhcp: option overload moves options into file and sname (RFC 2132 9.3)", "[dhcp_test]") {
    // An ACK whose options field holds 53 and 52 (overload 3: both); file holds the domain name
    // (15) and END, sname holds the lease time (51) and END. Laid out by RFC 2131 figure 1.
    auto m = wc::dhcp{.op = wc::dhcp_op::reply, .transaction_id = 0x2a};
    m.options = {{wc::dhcp_option_kind::message_type, {std::byte{5}}}, {wc::dhcp_option_kind::overload, {std::byte{3}}}, wc::dhcp_end()};
    auto bytes = wc::to_bytes(m).value();
    const auto file_options = hex_bytes("0f0f77697265637261667420746573742eff");  // 15, 15, "wirecraft test.", END
    const auto sname_options = hex_bytes("330400000e10ff");                       // 51, 4, 3600, END
    std::copy(file_options.begin(), file_options.end(), bytes.begin() + 108);
    std::copy(sname_options.begin(), sname_options.end(), bytes.begin() + 44);
    const auto v = wc::parse<wc::dhcp>(bytes).value();
    using k = wc::dhcp_option_kind;
    CHECK(wc::option_areas(v).count == 3);
    CHECK(wc::dhcp_option_value<k::domain_name>(v).value()->text == "wirecraft test.");
    CHECK(wc::dhcp_option_value<k::lease_time>(v).value()->seconds == 3600u);
    CHECK(wc::message_type_of(v) == wc::dhcp_message_type::ack);
    auto plain = bytes;
    plain[243 + 2] = std::byte{0};  // overload 3 -> 0: RFC 2132 9.3 knows only 1, 2 and 3
    REQUIRE_FALSE(wc::parse<wc::dhcp>(plain));
    CHECK(to_string(wc::parse<wc::dhcp>(plain).error()) == "dhcp.options: value 0 is out of range (limit 3) (overload: 1 file, 2 sname, 3 both) (byte offset 245)");
    // A broken option in the file area is an error there.
    auto broken = bytes;
    broken[108 + 1] = std::byte{200};  // the domain name's length runs past the 128 octets
    REQUIRE_FALSE(wc::parse<wc::dhcp>(broken));
    const auto e = wc::parse<wc::dhcp>(broken).error();
    CHECK(e.field == "boot_file");
    CHECK(e.offset == 109);
}

TEST_CASE("dhcp: long options are split and joined (RFC 3396)", "[dhcp_test]") {
    // RFC 3396 5: an option of more than 255 octets goes in several instances of the same code,
    // joined in order by the receiver.
    std::vector<std::byte> text(300);
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<std::byte>('a' + i % 26);
    auto m = wc::dhcp_discover(wc::mac_address("02:00:00:00:aa:bb"), 9);
    std::vector<wc::dhcp_option> split;
    wc::append_dhcp_option(split, wc::dhcp_option_kind::root_path, text);
    REQUIRE(split.size() == 2);
    CHECK(split[0].data.size() == 255);
    CHECK(split[1].data.size() == 45);
    m.options.insert(m.options.end() - 1, split.begin(), split.end());
    const auto bytes = wc::to_bytes(m).value();
    const auto v = wc::parse<wc::dhcp>(bytes).value();
    CHECK(wc::dhcp_option_data(v, wc::dhcp_option_kind::root_path) == text);
    CHECK(wc::dhcp_option_value<wc::dhcp_option_kind::root_path>(v).value()->text.size() == 300);
    // One instance of more than 255 octets cannot be written.
    m.options.insert(m.options.end() - 1, {wc::dhcp_option_kind::root_path, text});
    CHECK(wc::to_bytes(m).error().kind == wc::error_kind::value_too_large);
}

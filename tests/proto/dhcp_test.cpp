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
    std::optional<std::string> mask, router, server;
    std::optional<std::uint32_t> lease;
    for (auto option : m.get<"options">()) {
        if (option.kind == wc::dhcp_option_kind::subnet_mask) mask = wc::parse<wc::dhcp_address_option>(option.data)->get<"address">().to_string();
        if (option.kind == wc::dhcp_option_kind::router)
            router = (*wc::parse<wc::dhcp_addresses_option>(option.data)->get<"addresses">().begin()).to_string();
        if (option.kind == wc::dhcp_option_kind::server_identifier)
            server = wc::parse<wc::dhcp_address_option>(option.data)->get<"address">().to_string();
        if (option.kind == wc::dhcp_option_kind::lease_time) lease = wc::parse<wc::dhcp_seconds_option>(option.data)->get<"seconds">();
    }
    CHECK(mask == "255.255.255.0");
    CHECK(router == "192.168.1.1");
    CHECK(server == "192.168.1.1");
    CHECK(lease == 86400u);
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

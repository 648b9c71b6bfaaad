// DHCP (RFC 2131) on BOOTP (RFC 951): the fixed part, the magic cookie (checked), then options
// (RFC 2132) as type-length-value items: PAD (0) is a single octet, END (255) ends the list and
// keeps what follows it (padding) so that a message re-serializes exactly.
//
//   | op | htype | hlen | hops | xid (32) | secs (16) | flags (16) | ciaddr | yiaddr | siaddr |
//   | giaddr | chaddr (16) | sname (64) | file (128) | magic cookie 99.130.83.99 | options ... |
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../schema.hpp"

namespace wirecraft {

enum class dhcp_op : std::uint8_t { request = 1, reply = 2 };
constexpr std::string_view enum_name(dhcp_op o) {
    switch (o) {
        case dhcp_op::request: return "request";
        case dhcp_op::reply: return "reply";
    }
    return {};
}

enum class dhcp_option_kind : std::uint8_t {
    pad = 0, subnet_mask = 1, router = 3, domain_name_server = 6, host_name = 12, domain_name = 15,
    broadcast_address = 28, requested_address = 50, lease_time = 51, overload = 52, message_type = 53,
    server_identifier = 54, parameter_request_list = 55, message = 56, maximum_message_size = 57,
    renewal_time = 58, rebinding_time = 59, vendor_class_identifier = 60, client_identifier = 61,
    relay_agent_information = 82, end = 255,
};
constexpr std::string_view enum_name(dhcp_option_kind k) {
    switch (k) {
        case dhcp_option_kind::pad: return "pad";
        case dhcp_option_kind::subnet_mask: return "subnet_mask";
        case dhcp_option_kind::router: return "router";
        case dhcp_option_kind::domain_name_server: return "domain_name_server";
        case dhcp_option_kind::host_name: return "host_name";
        case dhcp_option_kind::domain_name: return "domain_name";
        case dhcp_option_kind::broadcast_address: return "broadcast_address";
        case dhcp_option_kind::requested_address: return "requested_address";
        case dhcp_option_kind::lease_time: return "lease_time";
        case dhcp_option_kind::overload: return "overload";
        case dhcp_option_kind::message_type: return "message_type";
        case dhcp_option_kind::server_identifier: return "server_identifier";
        case dhcp_option_kind::parameter_request_list: return "parameter_request_list";
        case dhcp_option_kind::message: return "message";
        case dhcp_option_kind::maximum_message_size: return "maximum_message_size";
        case dhcp_option_kind::renewal_time: return "renewal_time";
        case dhcp_option_kind::rebinding_time: return "rebinding_time";
        case dhcp_option_kind::vendor_class_identifier: return "vendor_class_identifier";
        case dhcp_option_kind::client_identifier: return "client_identifier";
        case dhcp_option_kind::relay_agent_information: return "relay_agent_information";
        case dhcp_option_kind::end: return "end";
    }
    return {};
}

enum class dhcp_message_type : std::uint8_t {
    discover = 1, offer = 2, request = 3, decline = 4, ack = 5, nak = 6, release = 7, inform = 8,
};
constexpr std::string_view enum_name(dhcp_message_type t) {
    switch (t) {
        case dhcp_message_type::discover: return "DISCOVER";
        case dhcp_message_type::offer: return "OFFER";
        case dhcp_message_type::request: return "REQUEST";
        case dhcp_message_type::decline: return "DECLINE";
        case dhcp_message_type::ack: return "ACK";
        case dhcp_message_type::nak: return "NAK";
        case dhcp_message_type::release: return "RELEASE";
        case dhcp_message_type::inform: return "INFORM";
    }
    return {};
}

using dhcp_option = tlv_item<dhcp_option_kind>;
inline constexpr tlv_format dhcp_option_format{.pad_kind = 0, .end_kind = 255};
inline constexpr std::uint32_t dhcp_magic_cookie = 0x63825363;

// The client hardware address field: 16 octets, of which `hlen` are the address.
struct dhcp_hardware_address : address_octets<16> {};
// sname and file: text padded with zeros to the field's size.
template <std::size_t N>
struct dhcp_text : address_octets<N> {
    // The text up to the first zero octet.
    std::string to_string() const {
        std::string s;
        for (auto c : this->octets) {
            if (c == 0) break;
            s += static_cast<char>(c);
        }
        return s;
    }
    static dhcp_text from(std::string_view text) {
        dhcp_text t;
        for (std::size_t i = 0; i < text.size() && i < N; ++i) t.octets[i] = static_cast<std::uint8_t>(text[i]);
        return t;
    }
};

// The options, which must end with END (RFC 2131 4.1: "the last option must always be the
// 'end' option") once there is any option at all; a BOOTP vendor area of only PAD octets may
// lack it.
struct dhcp_options_codec : tlv_list_codec<dhcp_option_kind> {
    constexpr dhcp_options_codec() : tlv_list_codec<dhcp_option_kind>{dhcp_option_format} {}
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        auto n = tlv_list_codec<dhcp_option_kind>::measure(in, where);
        if (!n) return n;
        bool any = false, ended = false;
        for (auto option : view_of(in.first(*n))) {
            if (option.kind == dhcp_option_kind::end) ended = true;
            else if (option.kind != dhcp_option_kind::pad) any = true;
        }
        if (any && !ended) return where.fail(error_kind::malformed, *n, 0, 0, "no END option (255)");
        return n;
    }
};

struct dhcp {
    dhcp_op op = dhcp_op::request;
    std::uint8_t hardware_type = 1;      // htype: 1 = Ethernet
    std::uint8_t hardware_length = 6;    // hlen
    std::uint8_t hops = 0;
    std::uint32_t transaction_id = 0;    // xid
    std::uint16_t seconds = 0;
    bool broadcast = false;              // the B flag
    std::uint16_t flags_reserved = 0;    // must be zero (RFC 2131 2)
    ipv4_address client_address{};       // ciaddr
    ipv4_address your_address{};         // yiaddr
    ipv4_address server_address{};       // siaddr
    ipv4_address relay_address{};        // giaddr
    dhcp_hardware_address client_hardware_address{};  // chaddr
    dhcp_text<64> server_name{};         // sname
    dhcp_text<128> boot_file{};          // file
    std::uint32_t magic_cookie = dhcp_magic_cookie;
    std::vector<dhcp_option> options{};

    static consteval auto schema() {
        return wirecraft::schema<"dhcp">(
            field<"op", &dhcp::op>(),
            field<"hardware_type", &dhcp::hardware_type>(),
            field<"hardware_length", &dhcp::hardware_length>(),
            field<"hops", &dhcp::hops>(),
            field<"transaction_id", &dhcp::transaction_id>(),
            field<"seconds", &dhcp::seconds>(),
            field<"broadcast", &dhcp::broadcast>(bits<1>),
            field<"flags_reserved", &dhcp::flags_reserved>(bits<15>),
            field<"client_address", &dhcp::client_address>(),
            field<"your_address", &dhcp::your_address>(),
            field<"server_address", &dhcp::server_address>(),
            field<"relay_address", &dhcp::relay_address>(),
            field<"client_hardware_address", &dhcp::client_hardware_address>(),
            field<"server_name", &dhcp::server_name>(),
            field<"boot_file", &dhcp::boot_file>(),
            field<"magic_cookie", &dhcp::magic_cookie>().must_be(dhcp_magic_cookie),
            field<"options", &dhcp::options>(dhcp_options_codec{}));
    }
};

// ---- typed option bodies ----------------------------------------------------------------------

struct dhcp_message_type_option {  // 53
    dhcp_message_type type = dhcp_message_type::discover;
    static consteval auto schema() { return wirecraft::schema<"dhcp_message_type">(field<"type", &dhcp_message_type_option::type>()); }
};
struct dhcp_address_option {  // 1, 28, 50, 54: one address
    ipv4_address address{};
    static consteval auto schema() { return wirecraft::schema<"dhcp_address">(field<"address", &dhcp_address_option::address>()); }
};
struct dhcp_addresses_option {  // 3, 6: a list of addresses
    std::vector<ipv4_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_addresses">(field<"addresses", &dhcp_addresses_option::addresses>(repeated(octets_codec<ipv4_address>{})));
    }
};
struct dhcp_seconds_option {  // 51, 58, 59: a duration in seconds
    std::uint32_t seconds = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_seconds">(field<"seconds", &dhcp_seconds_option::seconds>()); }
};
struct dhcp_parameter_request_option {  // 55: the options the client asks for
    std::vector<std::uint8_t> codes{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_parameter_request">(
            field<"codes", &dhcp_parameter_request_option::codes>(repeated(u8_element<std::uint8_t>)));
    }
};
struct dhcp_client_identifier_option {  // 61: a type (1 = Ethernet) and the identifier
    std::uint8_t type = 1;
    std::vector<std::byte> identifier{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_client_identifier">(field<"type", &dhcp_client_identifier_option::type>(),
                                                          field<"identifier", &dhcp_client_identifier_option::identifier>(rest));
    }
};
using dhcp_relay_suboption = tlv_item<std::uint8_t>;
struct dhcp_relay_agent_option {  // 82 (RFC 3046): circuit id (1), remote id (2), ... as sub-options
    std::vector<dhcp_relay_suboption> suboptions{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_relay_agent">(
            field<"suboptions", &dhcp_relay_agent_option::suboptions>(tlv_list<std::uint8_t>(tlv_format{.item_name = "sub-option"})));
    }
};

constexpr auto tlv_bodies(dhcp_option_kind) {
    using k = dhcp_option_kind;
    return tlv_body_list<tlv_body<k::message_type, dhcp_message_type_option>, tlv_body<k::subnet_mask, dhcp_address_option>,
                         tlv_body<k::broadcast_address, dhcp_address_option>, tlv_body<k::requested_address, dhcp_address_option>,
                         tlv_body<k::server_identifier, dhcp_address_option>, tlv_body<k::router, dhcp_addresses_option>,
                         tlv_body<k::domain_name_server, dhcp_addresses_option>, tlv_body<k::lease_time, dhcp_seconds_option>,
                         tlv_body<k::renewal_time, dhcp_seconds_option>, tlv_body<k::rebinding_time, dhcp_seconds_option>,
                         tlv_body<k::parameter_request_list, dhcp_parameter_request_option>,
                         tlv_body<k::client_identifier, dhcp_client_identifier_option>,
                         tlv_body<k::relay_agent_information, dhcp_relay_agent_option>>{};
}

// An option whose data is a typed body, ready to put into dhcp::options.
template <protocol Body>
constexpr result<dhcp_option> make_dhcp_option(dhcp_option_kind kind, const Body& body) {
    auto data = to_bytes(body);
    if (!data) return data.error();
    return dhcp_option{kind, std::move(*data)};
}
inline dhcp_option dhcp_end() { return {dhcp_option_kind::end, {}}; }

// ---- builders: the messages of RFC 2131 with the options its table 5 asks for -----------------

namespace detail {
inline dhcp_option dhcp_u8(dhcp_option_kind kind, std::uint8_t v) { return {kind, {std::byte{v}}}; }
inline dhcp_option dhcp_address(dhcp_option_kind kind, const ipv4_address& a) {
    return {kind, {std::byte{a.octets[0]}, std::byte{a.octets[1]}, std::byte{a.octets[2]}, std::byte{a.octets[3]}}};
}
inline dhcp_option dhcp_u32(dhcp_option_kind kind, std::uint32_t v) {
    return {kind, {std::byte(v >> 24), std::byte(v >> 16), std::byte(v >> 8), std::byte(v)}};
}
inline dhcp_option dhcp_parameters(const std::vector<std::uint8_t>& codes) {
    dhcp_option o{dhcp_option_kind::parameter_request_list, {}};
    for (auto c : codes) o.data.push_back(std::byte{c});
    return o;
}
// The client identifier clients send: type 1 (Ethernet) and the MAC address (RFC 2132 9.14).
inline dhcp_option dhcp_client_id(const mac_address& mac) {
    dhcp_option o{dhcp_option_kind::client_identifier, {std::byte{1}}};
    for (auto b : mac.octets) o.data.push_back(std::byte{b});
    return o;
}
inline dhcp dhcp_from_client(dhcp_message_type type, const mac_address& mac, std::uint32_t xid) {
    dhcp m{.op = dhcp_op::request, .transaction_id = xid};
    for (std::size_t i = 0; i < 6; ++i) m.client_hardware_address.octets[i] = mac.octets[i];
    m.options = {dhcp_u8(dhcp_option_kind::message_type, static_cast<std::uint8_t>(type)), dhcp_client_id(mac)};
    return m;
}
}  // namespace detail

// What a server hands out with an address.
struct dhcp_lease {
    ipv4_address server{};               // option 54, and siaddr
    ipv4_address subnet_mask{};          // option 1
    std::vector<ipv4_address> routers{};  // option 3
    std::vector<ipv4_address> dns_servers{};  // option 6
    std::uint32_t lease_seconds = 3600;  // option 51; renewal (58) at half, rebinding (59) at 7/8
};

// The options a client asks for: subnet mask, router, DNS servers, domain name, lease time,
// server identifier, renewal and rebinding times.
inline const std::vector<std::uint8_t> dhcp_default_parameters = {1, 3, 6, 15, 51, 54, 58, 59};

inline dhcp dhcp_discover(const mac_address& mac, std::uint32_t xid, const std::vector<std::uint8_t>& parameters = dhcp_default_parameters) {
    auto m = detail::dhcp_from_client(dhcp_message_type::discover, mac, xid);
    m.options.push_back(detail::dhcp_parameters(parameters));
    m.options.push_back(dhcp_end());
    return m;
}
// Selecting an offer: the offered address (50) and the chosen server (54).
inline dhcp dhcp_request(const mac_address& mac, std::uint32_t xid, const ipv4_address& requested, const ipv4_address& server,
                         const std::vector<std::uint8_t>& parameters = dhcp_default_parameters) {
    auto m = detail::dhcp_from_client(dhcp_message_type::request, mac, xid);
    m.options.push_back(detail::dhcp_address(dhcp_option_kind::requested_address, requested));
    m.options.push_back(detail::dhcp_address(dhcp_option_kind::server_identifier, server));
    m.options.push_back(detail::dhcp_parameters(parameters));
    m.options.push_back(dhcp_end());
    return m;
}
// Giving the lease back: the address goes in ciaddr, unicast to the server (54).
inline dhcp dhcp_release(const mac_address& mac, std::uint32_t xid, const ipv4_address& address, const ipv4_address& server) {
    auto m = detail::dhcp_from_client(dhcp_message_type::release, mac, xid);
    m.client_address = address;
    m.options.push_back(detail::dhcp_address(dhcp_option_kind::server_identifier, server));
    m.options.push_back(dhcp_end());
    return m;
}
// Refusing an address found in use (50), to the server that offered it (54).
inline dhcp dhcp_decline(const mac_address& mac, std::uint32_t xid, const ipv4_address& address, const ipv4_address& server) {
    auto m = detail::dhcp_from_client(dhcp_message_type::decline, mac, xid);
    m.options.push_back(detail::dhcp_address(dhcp_option_kind::requested_address, address));
    m.options.push_back(detail::dhcp_address(dhcp_option_kind::server_identifier, server));
    m.options.push_back(dhcp_end());
    return m;
}
// Asking for configuration only, for an address the client already has (ciaddr).
inline dhcp dhcp_inform(const mac_address& mac, std::uint32_t xid, const ipv4_address& address,
                        const std::vector<std::uint8_t>& parameters = dhcp_default_parameters) {
    auto m = detail::dhcp_from_client(dhcp_message_type::inform, mac, xid);
    m.client_address = address;
    m.options.push_back(detail::dhcp_parameters(parameters));
    m.options.push_back(dhcp_end());
    return m;
}

namespace detail {
inline dhcp dhcp_from_server(dhcp_message_type type, const dhcp& to, const ipv4_address& server) {
    dhcp m{.op = dhcp_op::reply, .hardware_type = to.hardware_type, .hardware_length = to.hardware_length,
           .transaction_id = to.transaction_id, .broadcast = to.broadcast, .relay_address = to.relay_address,
           .client_hardware_address = to.client_hardware_address};
    m.options = {dhcp_u8(dhcp_option_kind::message_type, static_cast<std::uint8_t>(type)),
                 dhcp_address(dhcp_option_kind::server_identifier, server)};
    return m;
}
inline void add_lease(dhcp& m, const dhcp_lease& lease) {
    m.server_address = lease.server;
    m.options.push_back(dhcp_u32(dhcp_option_kind::lease_time, lease.lease_seconds));
    m.options.push_back(dhcp_u32(dhcp_option_kind::renewal_time, lease.lease_seconds / 2));
    m.options.push_back(dhcp_u32(dhcp_option_kind::rebinding_time, static_cast<std::uint32_t>(lease.lease_seconds * 7ull / 8)));
    m.options.push_back(dhcp_address(dhcp_option_kind::subnet_mask, lease.subnet_mask));
    auto list = [&](dhcp_option_kind kind, const std::vector<ipv4_address>& addresses) {
        if (addresses.empty()) return;
        dhcp_option o{kind, {}};
        for (const auto& a : addresses)
            for (auto b : a.octets) o.data.push_back(std::byte{b});
        m.options.push_back(std::move(o));
    };
    list(dhcp_option_kind::router, lease.routers);
    list(dhcp_option_kind::domain_name_server, lease.dns_servers);
    m.options.push_back(dhcp_end());
}
}  // namespace detail

// A server's answers to a client's message, with the same transaction id and hardware address.
inline dhcp dhcp_offer(const dhcp& discover, const ipv4_address& offered, const dhcp_lease& lease) {
    auto m = detail::dhcp_from_server(dhcp_message_type::offer, discover, lease.server);
    m.your_address = offered;
    detail::add_lease(m, lease);
    return m;
}
inline dhcp dhcp_ack(const dhcp& request, const ipv4_address& address, const dhcp_lease& lease) {
    auto m = detail::dhcp_from_server(dhcp_message_type::ack, request, lease.server);
    m.your_address = address;
    detail::add_lease(m, lease);
    return m;
}
inline dhcp dhcp_nak(const dhcp& request, const ipv4_address& server) {
    auto m = detail::dhcp_from_server(dhcp_message_type::nak, request, server);
    m.options.push_back(dhcp_end());
    return m;
}

// The message type (option 53) of a parsed message, if it has one.
constexpr std::optional<dhcp_message_type> message_type_of(const view<dhcp>& v) {
    for (auto option : v.get<"options">())
        if (option.kind == dhcp_option_kind::message_type && option.data.size() == 1)
            return static_cast<dhcp_message_type>(std::to_integer<std::uint8_t>(option.data[0]));
    return std::nullopt;
}

}  // namespace wirecraft

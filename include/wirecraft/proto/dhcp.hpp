// DHCP (RFC 2131) on BOOTP (RFC 951): the fixed part, the magic cookie (checked), then options
// (RFC 2132) as type-length-value items: PAD (0) is a single octet, END (255) ends the list and
// keeps what follows it (padding) so that a message re-serializes exactly.
//
//   | op | htype | hlen | hops | xid (32) | secs (16) | flags (16) | ciaddr | yiaddr | siaddr |
//   | giaddr | chaddr (16) | sname (64) | file (128) | magic cookie 99.130.83.99 | options ... |
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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

// Every option of RFC 2132, plus relay agent information (RFC 3046).
enum class dhcp_option_kind : std::uint8_t {
    pad = 0, subnet_mask = 1, time_offset = 2, router = 3, time_server = 4, name_server = 5, domain_name_server = 6,
    log_server = 7, cookie_server = 8, lpr_server = 9, impress_server = 10, resource_location_server = 11, host_name = 12,
    boot_file_size = 13, merit_dump_file = 14, domain_name = 15, swap_server = 16, root_path = 17, extensions_path = 18,
    ip_forwarding = 19, non_local_source_routing = 20, policy_filter = 21, maximum_reassembly_size = 22, default_ip_ttl = 23,
    path_mtu_aging_timeout = 24, path_mtu_plateau_table = 25, interface_mtu = 26, all_subnets_local = 27,
    broadcast_address = 28, perform_mask_discovery = 29, mask_supplier = 30, perform_router_discovery = 31,
    router_solicitation_address = 32, static_route = 33, trailer_encapsulation = 34, arp_cache_timeout = 35,
    ethernet_encapsulation = 36, tcp_default_ttl = 37, tcp_keepalive_interval = 38, tcp_keepalive_garbage = 39,
    nis_domain = 40, nis_servers = 41, ntp_servers = 42, vendor_specific = 43, netbios_name_servers = 44,
    netbios_datagram_distribution_servers = 45, netbios_node_type = 46, netbios_scope = 47, x_font_servers = 48,
    x_display_managers = 49, requested_address = 50, lease_time = 51, overload = 52, message_type = 53,
    server_identifier = 54, parameter_request_list = 55, message = 56, maximum_message_size = 57, renewal_time = 58,
    rebinding_time = 59, vendor_class_identifier = 60, client_identifier = 61, nis_plus_domain = 64,
    nis_plus_servers = 65, tftp_server_name = 66, bootfile_name = 67, mobile_ip_home_agents = 68, smtp_servers = 69,
    pop3_servers = 70, nntp_servers = 71, www_servers = 72, finger_servers = 73, irc_servers = 74,
    streettalk_servers = 75, streettalk_directory_assistance_servers = 76, relay_agent_information = 82, end = 255,
};
inline constexpr std::pair<dhcp_option_kind, std::string_view> dhcp_option_names[] = {
#define WIRECRAFT_DHCP_OPTION(name) {dhcp_option_kind::name, #name}
    WIRECRAFT_DHCP_OPTION(pad), WIRECRAFT_DHCP_OPTION(subnet_mask), WIRECRAFT_DHCP_OPTION(time_offset),
    WIRECRAFT_DHCP_OPTION(router), WIRECRAFT_DHCP_OPTION(time_server), WIRECRAFT_DHCP_OPTION(name_server),
    WIRECRAFT_DHCP_OPTION(domain_name_server), WIRECRAFT_DHCP_OPTION(log_server), WIRECRAFT_DHCP_OPTION(cookie_server),
    WIRECRAFT_DHCP_OPTION(lpr_server), WIRECRAFT_DHCP_OPTION(impress_server), WIRECRAFT_DHCP_OPTION(resource_location_server),
    WIRECRAFT_DHCP_OPTION(host_name), WIRECRAFT_DHCP_OPTION(boot_file_size), WIRECRAFT_DHCP_OPTION(merit_dump_file),
    WIRECRAFT_DHCP_OPTION(domain_name), WIRECRAFT_DHCP_OPTION(swap_server), WIRECRAFT_DHCP_OPTION(root_path),
    WIRECRAFT_DHCP_OPTION(extensions_path), WIRECRAFT_DHCP_OPTION(ip_forwarding), WIRECRAFT_DHCP_OPTION(non_local_source_routing),
    WIRECRAFT_DHCP_OPTION(policy_filter), WIRECRAFT_DHCP_OPTION(maximum_reassembly_size), WIRECRAFT_DHCP_OPTION(default_ip_ttl),
    WIRECRAFT_DHCP_OPTION(path_mtu_aging_timeout), WIRECRAFT_DHCP_OPTION(path_mtu_plateau_table), WIRECRAFT_DHCP_OPTION(interface_mtu),
    WIRECRAFT_DHCP_OPTION(all_subnets_local), WIRECRAFT_DHCP_OPTION(broadcast_address), WIRECRAFT_DHCP_OPTION(perform_mask_discovery),
    WIRECRAFT_DHCP_OPTION(mask_supplier), WIRECRAFT_DHCP_OPTION(perform_router_discovery),
    WIRECRAFT_DHCP_OPTION(router_solicitation_address), WIRECRAFT_DHCP_OPTION(static_route),
    WIRECRAFT_DHCP_OPTION(trailer_encapsulation), WIRECRAFT_DHCP_OPTION(arp_cache_timeout),
    WIRECRAFT_DHCP_OPTION(ethernet_encapsulation), WIRECRAFT_DHCP_OPTION(tcp_default_ttl),
    WIRECRAFT_DHCP_OPTION(tcp_keepalive_interval), WIRECRAFT_DHCP_OPTION(tcp_keepalive_garbage), WIRECRAFT_DHCP_OPTION(nis_domain),
    WIRECRAFT_DHCP_OPTION(nis_servers), WIRECRAFT_DHCP_OPTION(ntp_servers), WIRECRAFT_DHCP_OPTION(vendor_specific),
    WIRECRAFT_DHCP_OPTION(netbios_name_servers), WIRECRAFT_DHCP_OPTION(netbios_datagram_distribution_servers),
    WIRECRAFT_DHCP_OPTION(netbios_node_type), WIRECRAFT_DHCP_OPTION(netbios_scope), WIRECRAFT_DHCP_OPTION(x_font_servers),
    WIRECRAFT_DHCP_OPTION(x_display_managers), WIRECRAFT_DHCP_OPTION(requested_address), WIRECRAFT_DHCP_OPTION(lease_time),
    WIRECRAFT_DHCP_OPTION(overload), WIRECRAFT_DHCP_OPTION(message_type), WIRECRAFT_DHCP_OPTION(server_identifier),
    WIRECRAFT_DHCP_OPTION(parameter_request_list), WIRECRAFT_DHCP_OPTION(message), WIRECRAFT_DHCP_OPTION(maximum_message_size),
    WIRECRAFT_DHCP_OPTION(renewal_time), WIRECRAFT_DHCP_OPTION(rebinding_time), WIRECRAFT_DHCP_OPTION(vendor_class_identifier),
    WIRECRAFT_DHCP_OPTION(client_identifier), WIRECRAFT_DHCP_OPTION(nis_plus_domain), WIRECRAFT_DHCP_OPTION(nis_plus_servers),
    WIRECRAFT_DHCP_OPTION(tftp_server_name), WIRECRAFT_DHCP_OPTION(bootfile_name), WIRECRAFT_DHCP_OPTION(mobile_ip_home_agents),
    WIRECRAFT_DHCP_OPTION(smtp_servers), WIRECRAFT_DHCP_OPTION(pop3_servers), WIRECRAFT_DHCP_OPTION(nntp_servers),
    WIRECRAFT_DHCP_OPTION(www_servers), WIRECRAFT_DHCP_OPTION(finger_servers), WIRECRAFT_DHCP_OPTION(irc_servers),
    WIRECRAFT_DHCP_OPTION(streettalk_servers), WIRECRAFT_DHCP_OPTION(streettalk_directory_assistance_servers),
    WIRECRAFT_DHCP_OPTION(relay_agent_information), WIRECRAFT_DHCP_OPTION(end),
#undef WIRECRAFT_DHCP_OPTION
};
constexpr std::string_view enum_name(dhcp_option_kind k) {
    return name_in(dhcp_option_names, k);
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

namespace detail {
// Where the option areas lie in a message: the options field always starts at 240, after the
// fixed part and the cookie, so its codec can reach sname and file (RFC 2132 9.3 overload).
inline constexpr std::size_t dhcp_options_at = 240, dhcp_sname_at = 44, dhcp_file_at = 108;
inline constexpr std::size_t dhcp_sname_size = 64, dhcp_file_size = 128;

// The overload option's value (1 file, 2 sname, 3 both), 0 when there is none.
constexpr std::uint8_t dhcp_overload_in(const tlv_list_view<dhcp_option_kind>& options) {
    for (auto option : options)
        if (option.kind == dhcp_option_kind::overload && option.data.size() == 1) return std::to_integer<std::uint8_t>(option.data[0]);
    return 0;
}
}  // namespace detail

// The options, which must end with END (RFC 2131 4.1: "the last option must always be the
// 'end' option") once there is any option at all; a BOOTP vendor area of only PAD octets may
// lack it. When option 52 moves options into file or sname, those areas must be well framed
// too, and are then read as options (dhcp_option_areas).
struct dhcp_options_codec : tlv_list_codec<dhcp_option_kind> {
    constexpr dhcp_options_codec() : tlv_list_codec<dhcp_option_kind>{dhcp_option_format} {}
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        auto n = tlv_list_codec<dhcp_option_kind>::measure(in, where);
        if (!n) return n;
        bool any = false, ended = false;
        std::optional<std::size_t> overload_at;
        std::uint8_t overload = 0;
        for (auto option : view_of(in.first(*n))) {
            if (option.kind == dhcp_option_kind::end) ended = true;
            else if (option.kind != dhcp_option_kind::pad) any = true;
            if (option.kind == dhcp_option_kind::overload) {
                if (option.data.size() != 1)
                    return where.fail(error_kind::length_inconsistent, option.offset + 1, option.data.size(), 1, "overload takes");
                if (!overload_at) {  // the first one counts, as in dhcp_overload_in
                    overload_at = option.offset;
                    overload = std::to_integer<std::uint8_t>(option.data[0]);
                }
            }
        }
        if (any && !ended) return where.fail(error_kind::malformed, *n, 0, 0, "no END option (255)");
        if (overload_at && (overload == 0 || overload > 3))
            return where.fail(error_kind::out_of_range, *overload_at + 2, overload, 3, "overload: 1 file, 2 sname, 3 both");
        // The areas before this field, reached from the fixed offset (see detail::dhcp_options_at).
        auto check_area = [&](std::size_t at, std::size_t size, std::string_view name) -> result<std::size_t> {
            const detail::bytes_view area(in.data() - (detail::dhcp_options_at - at), size);
            return tlv_list_codec<dhcp_option_kind>::measure(area, location{where.protocol, name, where.offset - (detail::dhcp_options_at - at)});
        };
        if (overload & 1)
            if (auto r = check_area(detail::dhcp_file_at, detail::dhcp_file_size, "boot_file"); !r) return r.error();
        if (overload & 2)
            if (auto r = check_area(detail::dhcp_sname_at, detail::dhcp_sname_size, "server_name"); !r) return r.error();
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

// ---- typed option bodies (RFC 2132, by the shape of their data) --------------------------------

struct dhcp_message_type_option {  // 53
    dhcp_message_type type = dhcp_message_type::discover;
    static consteval auto schema() { return wirecraft::schema<"dhcp_message_type">(field<"type", &dhcp_message_type_option::type>()); }
};
struct dhcp_address_option {  // one address: 1, 16, 28, 32, 50, 54
    ipv4_address address{};
    static consteval auto schema() { return wirecraft::schema<"dhcp_address">(field<"address", &dhcp_address_option::address>()); }
};
struct dhcp_addresses_option {  // a list of addresses: routers, servers of every kind
    std::vector<ipv4_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_addresses">(field<"addresses", &dhcp_addresses_option::addresses>(repeated(octets_codec<ipv4_address>{})));
    }
};
struct dhcp_address_pair {  // policy filter (address, mask), static route (destination, router)
    ipv4_address first{}, second{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_address_pair">(field<"first", &dhcp_address_pair::first>(), field<"second", &dhcp_address_pair::second>());
    }
};
struct dhcp_address_pairs_option {  // 21, 33
    std::vector<dhcp_address_pair> pairs{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_address_pairs">(field<"pairs", &dhcp_address_pairs_option::pairs>(repeated(nested<dhcp_address_pair>)));
    }
};
struct dhcp_text_option {  // NVT ASCII: host and domain names, paths, messages, class identifiers
    std::string text{};
    static consteval auto schema() { return wirecraft::schema<"dhcp_text">(field<"text", &dhcp_text_option::text>(wirecraft::text)); }
};
struct dhcp_flag_option {  // 0 = disable, 1 = enable: 19, 20, 27, 29, 30, 31, 34, 36, 39
    std::uint8_t enabled = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_flag">(field<"enabled", &dhcp_flag_option::enabled>().in_range(0, 1)); }
};
struct dhcp_u8_option {  // a TTL (23, 37), the NetBIOS node type (46), the overload (52: 1 file, 2 sname, 3 both)
    std::uint8_t value = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_u8">(field<"value", &dhcp_u8_option::value>()); }
};
struct dhcp_u16_option {  // a size: 13 (in 512-octet blocks), 22, 26, 57
    std::uint16_t value = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_u16">(field<"value", &dhcp_u16_option::value>()); }
};
struct dhcp_u16s_option {  // 25: MTU sizes
    std::vector<std::uint16_t> values{};
    static consteval auto schema() {
        return wirecraft::schema<"dhcp_u16s">(field<"values", &dhcp_u16s_option::values>(repeated(be16_element<std::uint16_t>)));
    }
};
struct dhcp_seconds_option {  // a duration in seconds: 24, 35, 38, 51, 58, 59
    std::uint32_t seconds = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_seconds">(field<"seconds", &dhcp_seconds_option::seconds>()); }
};
struct dhcp_time_offset_option {  // 2: the subnet's offset from UTC, signed seconds
    std::int32_t seconds = 0;
    static consteval auto schema() { return wirecraft::schema<"dhcp_time_offset">(field<"seconds", &dhcp_time_offset_option::seconds>()); }
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

// Option 43 (vendor specific) has no typed body: its meaning belongs to the vendor.
constexpr auto tlv_bodies(dhcp_option_kind) {
    using k = dhcp_option_kind;
    using addresses = dhcp_addresses_option;
    using text = dhcp_text_option;
    using flag = dhcp_flag_option;
    using seconds = dhcp_seconds_option;
    return tlv_body_list<
        tlv_body<k::subnet_mask, dhcp_address_option>, tlv_body<k::time_offset, dhcp_time_offset_option>,
        tlv_body<k::router, addresses>, tlv_body<k::time_server, addresses>, tlv_body<k::name_server, addresses>,
        tlv_body<k::domain_name_server, addresses>, tlv_body<k::log_server, addresses>, tlv_body<k::cookie_server, addresses>,
        tlv_body<k::lpr_server, addresses>, tlv_body<k::impress_server, addresses>, tlv_body<k::resource_location_server, addresses>,
        tlv_body<k::host_name, text>, tlv_body<k::boot_file_size, dhcp_u16_option>, tlv_body<k::merit_dump_file, text>,
        tlv_body<k::domain_name, text>, tlv_body<k::swap_server, dhcp_address_option>, tlv_body<k::root_path, text>,
        tlv_body<k::extensions_path, text>, tlv_body<k::ip_forwarding, flag>, tlv_body<k::non_local_source_routing, flag>,
        tlv_body<k::policy_filter, dhcp_address_pairs_option>, tlv_body<k::maximum_reassembly_size, dhcp_u16_option>,
        tlv_body<k::default_ip_ttl, dhcp_u8_option>, tlv_body<k::path_mtu_aging_timeout, seconds>,
        tlv_body<k::path_mtu_plateau_table, dhcp_u16s_option>, tlv_body<k::interface_mtu, dhcp_u16_option>,
        tlv_body<k::all_subnets_local, flag>, tlv_body<k::broadcast_address, dhcp_address_option>,
        tlv_body<k::perform_mask_discovery, flag>, tlv_body<k::mask_supplier, flag>, tlv_body<k::perform_router_discovery, flag>,
        tlv_body<k::router_solicitation_address, dhcp_address_option>, tlv_body<k::static_route, dhcp_address_pairs_option>,
        tlv_body<k::trailer_encapsulation, flag>, tlv_body<k::arp_cache_timeout, seconds>, tlv_body<k::ethernet_encapsulation, flag>,
        tlv_body<k::tcp_default_ttl, dhcp_u8_option>, tlv_body<k::tcp_keepalive_interval, seconds>,
        tlv_body<k::tcp_keepalive_garbage, flag>, tlv_body<k::nis_domain, text>, tlv_body<k::nis_servers, addresses>,
        tlv_body<k::ntp_servers, addresses>, tlv_body<k::netbios_name_servers, addresses>,
        tlv_body<k::netbios_datagram_distribution_servers, addresses>, tlv_body<k::netbios_node_type, dhcp_u8_option>,
        tlv_body<k::netbios_scope, text>, tlv_body<k::x_font_servers, addresses>, tlv_body<k::x_display_managers, addresses>,
        tlv_body<k::requested_address, dhcp_address_option>, tlv_body<k::lease_time, seconds>, tlv_body<k::overload, dhcp_u8_option>,
        tlv_body<k::message_type, dhcp_message_type_option>, tlv_body<k::server_identifier, dhcp_address_option>,
        tlv_body<k::parameter_request_list, dhcp_parameter_request_option>, tlv_body<k::message, text>,
        tlv_body<k::maximum_message_size, dhcp_u16_option>, tlv_body<k::renewal_time, seconds>, tlv_body<k::rebinding_time, seconds>,
        tlv_body<k::vendor_class_identifier, text>, tlv_body<k::client_identifier, dhcp_client_identifier_option>,
        tlv_body<k::nis_plus_domain, text>, tlv_body<k::nis_plus_servers, addresses>, tlv_body<k::tftp_server_name, text>,
        tlv_body<k::bootfile_name, text>, tlv_body<k::mobile_ip_home_agents, addresses>, tlv_body<k::smtp_servers, addresses>,
        tlv_body<k::pop3_servers, addresses>, tlv_body<k::nntp_servers, addresses>, tlv_body<k::www_servers, addresses>,
        tlv_body<k::finger_servers, addresses>, tlv_body<k::irc_servers, addresses>, tlv_body<k::streettalk_servers, addresses>,
        tlv_body<k::streettalk_directory_assistance_servers, addresses>,
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

// ---- reading options: overload (RFC 2132 9.3) and long options (RFC 3396) ---------------------

// The areas that hold a message's options, in the order RFC 3396 joins them: the options field,
// then file and sname when option 52 says they carry options.
struct dhcp_option_areas {
    std::array<tlv_list_view<dhcp_option_kind>, 3> areas{};
    std::size_t count = 0;
    constexpr const tlv_list_view<dhcp_option_kind>* begin() const { return areas.data(); }
    constexpr const tlv_list_view<dhcp_option_kind>* end() const { return areas.data() + count; }
};
constexpr dhcp_option_areas option_areas(const view<dhcp>& v) {
    dhcp_option_areas out;
    const auto options = v.get<"options">();
    out.areas[out.count++] = options;
    const auto overload = detail::dhcp_overload_in(options);
    const auto header = v.header();
    if (overload & 1) out.areas[out.count++] = {header.subspan(detail::dhcp_file_at, detail::dhcp_file_size), dhcp_option_format};
    if (overload & 2) out.areas[out.count++] = {header.subspan(detail::dhcp_sname_at, detail::dhcp_sname_size), dhcp_option_format};
    return out;
}

namespace detail {
// Every instance's data joined; `first_at` is where the first instance's data lies in the message.
inline std::optional<std::vector<std::byte>> dhcp_joined(const view<dhcp>& v, dhcp_option_kind kind, std::size_t& first_at) {
    std::optional<std::vector<std::byte>> out;
    for (const auto& area : option_areas(v))
        for (auto option : area)
            if (option.kind == kind) {
                if (!out) {
                    out.emplace();
                    first_at = static_cast<std::size_t>(option.data.data() - v.bytes().data());
                }
                out->insert(out->end(), option.data.begin(), option.data.end());
            }
    return out;
}
}  // namespace detail

// The value of option `kind`: the data of every instance joined (RFC 3396: an option longer
// than 255 octets is split into several), or nullopt when the message does not carry it.
inline std::optional<std::vector<std::byte>> dhcp_option_data(const view<dhcp>& v, dhcp_option_kind kind) {
    std::size_t first_at = 0;
    return detail::dhcp_joined(v, kind, first_at);
}

// The value of option `Kind` decoded to its typed body (tlv_bodies above):
//   auto lease = wc::dhcp_option_value<wc::dhcp_option_kind::lease_time>(message);
//   if (lease && *lease) std::printf("%u s\n", (*lease)->seconds);
// nullopt when the message does not carry it; an error at the option's data when that data does
// not have the body's shape (a 5-octet address, a flag of 2, a list cut inside an element).
template <dhcp_option_kind Kind>
result<std::optional<tlv_body_type<Kind>>> dhcp_option_value(const view<dhcp>& v) {
    std::size_t at = 0;
    const auto data = detail::dhcp_joined(v, Kind, at);
    if (!data) return std::optional<tlv_body_type<Kind>>{};
    auto value = tlv_value<Kind>(*data, location{"dhcp", enum_name(Kind), at});
    if (!value) return value.error();
    return std::optional<tlv_body_type<Kind>>{std::move(*value)};
}

// Appends option `kind` with `data`, split into instances of at most 255 octets (RFC 3396).
inline void append_dhcp_option(std::vector<dhcp_option>& options, dhcp_option_kind kind, std::span<const std::byte> data) {
    std::size_t at = 0;
    do {
        const std::size_t n = std::min<std::size_t>(255, data.size() - at);
        options.push_back({kind, std::vector<std::byte>(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n))});
        at += n;
    } while (at < data.size());
}

// The message type (option 53) of a parsed message, if it has one.
constexpr std::optional<dhcp_message_type> message_type_of(const view<dhcp>& v) {
    for (const auto& area : option_areas(v))
        for (auto option : area)
            if (option.kind == dhcp_option_kind::message_type && option.data.size() == 1)
                return static_cast<dhcp_message_type>(std::to_integer<std::uint8_t>(option.data[0]));
    return std::nullopt;
}

}  // namespace wirecraft

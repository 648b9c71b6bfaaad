// TCP (RFC 9293), with the AE flag (RFC 3168, AccECN), and its options.
//
//   | source port (16) | destination port (16) | sequence number (32) | acknowledgment number (32) |
//   | data offset (4) | reserved (3) | AE | CWR | ECE | URG | ACK | PSH | RST | SYN | FIN | window (16) |
//   | checksum (16) | urgent pointer (16) | options (data offset * 4 - 20) |
//
// Options are kept as (kind, data) items, so unknown kinds re-serialize exactly; typed bodies
// below parse and craft the ones with structure.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "../checksum/rules.hpp"
#include "../schema.hpp"

namespace wirecraft {

enum class tcp_option_kind : std::uint8_t {
    end_of_list = 0, no_operation = 1, maximum_segment_size = 2, window_scale = 3, sack_permitted = 4,
    sack = 5, timestamps = 8, md5_signature = 19, quick_start = 27, user_timeout = 28, authentication = 29,
    multipath = 30, fast_open = 34, experimental_1 = 253, experimental_2 = 254,
};
constexpr std::string_view enum_name(tcp_option_kind k) {
    switch (k) {
        case tcp_option_kind::end_of_list: return "end_of_list";
        case tcp_option_kind::no_operation: return "no_operation";
        case tcp_option_kind::maximum_segment_size: return "maximum_segment_size";
        case tcp_option_kind::window_scale: return "window_scale";
        case tcp_option_kind::sack_permitted: return "sack_permitted";
        case tcp_option_kind::sack: return "sack";
        case tcp_option_kind::timestamps: return "timestamps";
        case tcp_option_kind::md5_signature: return "md5_signature";
        case tcp_option_kind::quick_start: return "quick_start";
        case tcp_option_kind::user_timeout: return "user_timeout";
        case tcp_option_kind::authentication: return "authentication";
        case tcp_option_kind::multipath: return "multipath";
        case tcp_option_kind::fast_open: return "fast_open";
        case tcp_option_kind::experimental_1: return "experimental_1";
        case tcp_option_kind::experimental_2: return "experimental_2";
    }
    return {};
}

using tcp_option = tlv_item<tcp_option_kind>;
// As IPv4: the length counts kind and length octets; EOL ends the list (what follows is kept as
// its data), NOP is one octet.
inline constexpr tlv_format tcp_option_format{.length_includes_header = true, .pad_kind = 1, .end_kind = 0};

struct tcp {
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::uint32_t sequence_number = 0;
    std::uint32_t acknowledgment_number = 0;
    std::optional<std::uint8_t> data_offset{};  // header length in 32-bit words
    std::uint8_t reserved = 0;
    bool ae = false;   // accurate ECN (formerly NS, the ECN nonce)
    bool cwr = false;
    bool ece = false;
    bool urg = false;
    bool ack = false;
    bool psh = false;
    bool rst = false;
    bool syn = false;
    bool fin = false;
    std::uint16_t window = 0;
    std::optional<std::uint16_t> checksum{};
    std::uint16_t urgent_pointer = 0;
    std::vector<tcp_option> options{};

    static constexpr std::size_t max_header_size = 60;

    static consteval auto schema() {
        return wirecraft::schema<"tcp">(
            field<"source_port", &tcp::source_port>(),
            field<"destination_port", &tcp::destination_port>(),
            field<"sequence_number", &tcp::sequence_number>(),
            field<"acknowledgment_number", &tcp::acknowledgment_number>(),
            field<"data_offset", &tcp::data_offset>(bits<4>).computed(header_size / 4).at_least(5),
            field<"reserved", &tcp::reserved>(bits<3>),
            field<"ae", &tcp::ae>(),
            field<"cwr", &tcp::cwr>(),
            field<"ece", &tcp::ece>(),
            field<"urg", &tcp::urg>(),
            field<"ack", &tcp::ack>(),
            field<"psh", &tcp::psh>(),
            field<"rst", &tcp::rst>(),
            field<"syn", &tcp::syn>(),
            field<"fin", &tcp::fin>(),
            field<"window", &tcp::window>(),
            field<"checksum", &tcp::checksum>().checksum(checksum_over::pseudo_header_and_pdu(6)),
            field<"urgent_pointer", &tcp::urgent_pointer>(),
            field<"options", &tcp::options>(tlv_list<tcp_option_kind, tcp_option_format>())
                .sized_by(ref<"data_offset"> * 4 - 20),
            padding<"options_padding">(4));  // crafted options are padded with zeros (EOL)
    }
};

// The 12 flag bits as one number, AE the highest (tshark's tcp.flags).
template <class Tcp>
constexpr std::uint16_t tcp_flags(const Tcp& t) {
    auto bit = [](bool b, int n) { return static_cast<std::uint16_t>(b ? 1u << n : 0u); };
    if constexpr (requires { t.template get<"fin">(); })
        return static_cast<std::uint16_t>(
            (t.template get<"reserved">() << 9) | bit(t.template get<"ae">(), 8) | bit(t.template get<"cwr">(), 7) |
            bit(t.template get<"ece">(), 6) | bit(t.template get<"urg">(), 5) | bit(t.template get<"ack">(), 4) |
            bit(t.template get<"psh">(), 3) | bit(t.template get<"rst">(), 2) | bit(t.template get<"syn">(), 1) |
            bit(t.template get<"fin">(), 0));
    else
        return static_cast<std::uint16_t>((t.reserved << 9) | bit(t.ae, 8) | bit(t.cwr, 7) | bit(t.ece, 6) |
                                          bit(t.urg, 5) | bit(t.ack, 4) | bit(t.psh, 3) | bit(t.rst, 2) |
                                          bit(t.syn, 1) | bit(t.fin, 0));
}

// Typed option bodies: parse one from an option's data (parse<tcp_mss_option>(item.data)),
// or craft an option with make_tcp_option(kind, body).
struct tcp_mss_option {  // kind 2
    std::uint16_t value = 0;
    static consteval auto schema() { return wirecraft::schema<"tcp_mss_option">(field<"value", &tcp_mss_option::value>()); }
};
struct tcp_window_scale_option {  // kind 3: the window is shifted left by this many bits
    std::uint8_t shift = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tcp_window_scale_option">(field<"shift", &tcp_window_scale_option::shift>());
    }
};
struct tcp_sack_block {
    std::uint32_t left_edge = 0;
    std::uint32_t right_edge = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tcp_sack_block">(field<"left_edge", &tcp_sack_block::left_edge>(),
                                                   field<"right_edge", &tcp_sack_block::right_edge>());
    }
};
struct tcp_sack_option {  // kind 5
    std::vector<tcp_sack_block> blocks{};
    static consteval auto schema() {
        return wirecraft::schema<"tcp_sack_option">(field<"blocks", &tcp_sack_option::blocks>(repeated(nested<tcp_sack_block>)));
    }
};
struct tcp_timestamps_option {  // kind 8 (RFC 7323)
    std::uint32_t value = 0;
    std::uint32_t echo_reply = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tcp_timestamps_option">(field<"value", &tcp_timestamps_option::value>(),
                                                          field<"echo_reply", &tcp_timestamps_option::echo_reply>());
    }
};
struct tcp_fast_open_option {  // kind 34 (RFC 7413): an empty cookie requests one
    std::vector<std::byte> cookie{};
    static consteval auto schema() {
        return wirecraft::schema<"tcp_fast_open_option">(field<"cookie", &tcp_fast_open_option::cookie>(rest));
    }
};
struct tcp_experimental_option {  // kinds 253, 254 (RFC 6994): an experiment ID, then its data
    std::uint16_t experiment_id = 0;  // 0xf989: TCP Fast Open before kind 34 was assigned
    std::vector<std::byte> data{};
    static consteval auto schema() {
        return wirecraft::schema<"tcp_experimental_option">(field<"experiment_id", &tcp_experimental_option::experiment_id>(),
                                                            field<"data", &tcp_experimental_option::data>(rest));
    }
};
struct tcp_user_timeout_option {  // kind 28 (RFC 5482)
    bool minutes = false;  // granularity: minutes, else seconds
    std::uint16_t timeout = 0;
    static consteval auto schema() {
        return wirecraft::schema<"tcp_user_timeout_option">(field<"minutes", &tcp_user_timeout_option::minutes>(),
                                                            field<"timeout", &tcp_user_timeout_option::timeout>(bits<15>));
    }
};
struct tcp_authentication_option {  // kind 29 (RFC 5925)
    std::uint8_t key_id = 0;
    std::uint8_t receive_next_key_id = 0;
    std::vector<std::byte> mac{};
    static consteval auto schema() {
        return wirecraft::schema<"tcp_authentication_option">(
            field<"key_id", &tcp_authentication_option::key_id>(),
            field<"receive_next_key_id", &tcp_authentication_option::receive_next_key_id>(),
            field<"mac", &tcp_authentication_option::mac>(rest));
    }
};
struct tcp_mptcp_option {  // kind 30 (RFC 8684): the subtype picks the layout of the rest
    std::uint8_t subtype = 0;
    std::uint8_t subtype_bits = 0;  // version (MP_CAPABLE) or flags, by subtype
    std::vector<std::byte> data{};
    static consteval auto schema() {
        return wirecraft::schema<"tcp_mptcp_option">(field<"subtype", &tcp_mptcp_option::subtype>(bits<4>),
                                                     field<"subtype_bits", &tcp_mptcp_option::subtype_bits>(bits<4>),
                                                     field<"data", &tcp_mptcp_option::data>(rest));
    }
};

template <protocol Body>
constexpr result<tcp_option> make_tcp_option(tcp_option_kind kind, const Body& body) {
    auto data = to_bytes(body);
    if (!data) return data.error();
    return tcp_option{kind, std::move(*data)};
}

// Which body parses which option's data (the tree printer shows their fields).
constexpr auto tlv_bodies(tcp_option_kind) {
    using k = tcp_option_kind;
    return tlv_body_list<tlv_body<k::maximum_segment_size, tcp_mss_option>, tlv_body<k::window_scale, tcp_window_scale_option>,
                         tlv_body<k::sack, tcp_sack_option>, tlv_body<k::timestamps, tcp_timestamps_option>,
                         tlv_body<k::fast_open, tcp_fast_open_option>, tlv_body<k::experimental_1, tcp_experimental_option>,
                         tlv_body<k::experimental_2, tcp_experimental_option>, tlv_body<k::user_timeout, tcp_user_timeout_option>,
                         tlv_body<k::authentication, tcp_authentication_option>, tlv_body<k::multipath, tcp_mptcp_option>>{};
}

// The common options, ready for tcp::options (Scapy's ('MSS', 1460) and friends).
namespace tcp_options {
constexpr tcp_option end_of_list() { return {tcp_option_kind::end_of_list, {}}; }
constexpr tcp_option no_operation() { return {tcp_option_kind::no_operation, {}}; }
constexpr tcp_option mss(std::uint16_t value) { return make_tcp_option(tcp_option_kind::maximum_segment_size, tcp_mss_option{value}).value(); }
constexpr tcp_option window_scale(std::uint8_t shift) {
    return make_tcp_option(tcp_option_kind::window_scale, tcp_window_scale_option{shift}).value();
}
constexpr tcp_option sack_permitted() { return {tcp_option_kind::sack_permitted, {}}; }
constexpr tcp_option sack(std::vector<tcp_sack_block> blocks) {
    return make_tcp_option(tcp_option_kind::sack, tcp_sack_option{std::move(blocks)}).value();
}
constexpr tcp_option timestamps(std::uint32_t value, std::uint32_t echo_reply) {
    return make_tcp_option(tcp_option_kind::timestamps, tcp_timestamps_option{value, echo_reply}).value();
}
constexpr tcp_option fast_open(std::vector<std::byte> cookie = {}) {
    return make_tcp_option(tcp_option_kind::fast_open, tcp_fast_open_option{std::move(cookie)}).value();
}
}  // namespace tcp_options

}  // namespace wirecraft

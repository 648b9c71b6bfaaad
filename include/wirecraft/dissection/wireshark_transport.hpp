// Wireshark field names: UDP, and TCP with its options (SACK, Fast Open, MPTCP, ...).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "../proto/tcp.hpp"
#include "../proto/udp.hpp"
#include "wireshark_common.hpp"

namespace wirecraft {

template <class Out>
void wireshark_fields(const view<udp>& v, Out& out) {
    out.integer("udp.srcport", v.get<"source_port">());
    out.integer("udp.dstport", v.get<"destination_port">());
    out.integer("udp.port", v.get<"source_port">());
    out.integer("udp.port", v.get<"destination_port">());
    out.integer("udp.length", v.get<"length">());
    out.integer("udp.checksum", v.get<"checksum">());
}

namespace detail {
// tshark's tcp.flags.str: one character per flag bit, '·' when clear.
inline std::string tcp_flags_string(std::uint16_t flags) {
    static constexpr std::string_view letters = "RRRACEUAPRSF";
    std::string s;
    for (int bit = 11; bit >= 0; --bit) {
        if (flags & (1u << bit)) s += letters[static_cast<std::size_t>(11 - bit)];
        else s += "\xc2\xb7";
    }
    return s;
}

// tshark's protocol name for each TCP option kind it knows (MPTCP's is "mptcp", outside tcp.).
constexpr std::string_view tcp_option_protocol(unsigned kind) {
    switch (kind) {
        case 2: return "tcp.options.mss";
        case 3: return "tcp.options.wscale";
        case 4: return "tcp.options.sack_perm";
        case 5: return "tcp.options.sack";
        case 6: return "tcp.options.echo";
        case 7: return "tcp.options.echoreply";
        case 8: return "tcp.options.timestamp";
        case 11: return "tcp.options.cc";
        case 12: return "tcp.options.ccnew";
        case 13: return "tcp.options.ccecho";
        case 19: return "tcp.options.md5";
        case 20: return "tcp.options.scps";
        case 21: return "tcp.options.snack";
        case 22: return "tcp.options.scpsrec";
        case 23: return "tcp.options.scpscor";
        case 27: return "tcp.options.qs";
        case 28: return "tcp.options.user_to";
        case 29: return "tcp.options.ao";
        case 34: return "tcp.options.tfo";
        case 253: case 254: return "tcp.options.experimental";
        default: return {};
    }
}

// A TCP Fast Open option (RFC 7413) without a cookie asks for one.
template <class Out>
void tfo_fields(Out& out, bytes_view cookie) {
    if (cookie.empty()) out.text("tcp.options.tfo.request", "");
    else out.bytes("tcp.options.tfo.cookie", cookie);
}

// MPTCP (RFC 8684): MP_CAPABLE's keys and DSS's mappings.
template <class Out>
void mptcp_fields(Out& out, bytes_view d) {
    if (d.empty()) return;
    const unsigned subtype = byte_at(d, 0) >> 4;
    out.integer("tcp.options.mptcp.subtype", subtype);
    if (subtype == 0 && d.size() >= 2) {  // MP_CAPABLE
        out.integer("tcp.options.mptcp.version", byte_at(d, 0) & 0xf);
        const unsigned flags = byte_at(d, 1);
        out.integer("tcp.options.mptcp.flags", flags);
        out.integer("tcp.options.mptcp.checksumreq.flags", flags >> 7);
        out.integer("tcp.options.mptcp.extensibility.flag", (flags >> 6) & 1);
        out.integer("tcp.options.mptcp.nomoresubflows.flag", (flags >> 5) & 1);
        out.integer("tcp.options.mptcp.sha256.flag", flags & 1);
        out.integer("tcp.options.mptcp.reserved.flag", (flags & 0x3e) >> 1);
        if (d.size() >= 10) out.integer("tcp.options.mptcp.sendkey", load_be(d.data() + 2, 8));
        if (d.size() >= 18) out.integer("tcp.options.mptcp.recvkey", load_be(d.data() + 10, 8));
        if (d.size() >= 20) out.integer("tcp.options.mptcp.datalvllen", load_be(d.data() + 18, 2));
        if (d.size() >= 22) out.integer("tcp.options.mptcp.checksum", load_be(d.data() + 20, 2));
    } else if (subtype == 2 && d.size() >= 2) {  // DSS
        const unsigned flags = byte_at(d, 1);
        out.integer("tcp.options.mptcp.flags", flags);
        out.integer("tcp.options.mptcp.datafin.flag", (flags >> 4) & 1);
        out.integer("tcp.options.mptcp.dseqn8.flag", (flags >> 3) & 1);
        out.integer("tcp.options.mptcp.dseqnpresent.flag", (flags >> 2) & 1);
        out.integer("tcp.options.mptcp.dataack8.flag", (flags >> 1) & 1);
        out.integer("tcp.options.mptcp.dataackpresent.flag", flags & 1);
        std::size_t at = 2;
        if (flags & 1) {
            const std::size_t size = (flags & 2) ? 8 : 4;
            if (at + size > d.size()) return;
            out.integer("tcp.options.mptcp.rawdataack", load_be(d.data() + at, size));
            at += size;
        }
        if (flags & 4) {
            const std::size_t size = (flags & 8) ? 8 : 4;
            if (at + size + 6 > d.size()) return;
            out.integer("tcp.options.mptcp.rawdataseqno", load_be(d.data() + at, size));
            out.integer("tcp.options.mptcp.subflowseqno", load_be(d.data() + at + size, 4));
            out.integer("tcp.options.mptcp.datalvllen", load_be(d.data() + at + size + 4, 2));
            at += size + 6;
            if (at + 2 <= d.size()) out.integer("tcp.options.mptcp.checksum", load_be(d.data() + at, 2));
        }
    }
}

template <class Out>
void tcp_option_fields(Out& out, const tlv_item_view<tcp_option_kind>& option, bytes_view whole, std::uint32_t ack) {
    const auto kind = option.kind;
    out.integer("tcp.option_kind", static_cast<std::uint8_t>(kind));
    if (kind == tcp_option_kind::end_of_list) {
        // tshark lists each zero octet after the end of the list as one more EOL.
        out.bytes("tcp.options.eol", whole.first(1));
        for (std::size_t i = 0; i < option.data.size() && option.data[i] == std::byte{0}; ++i) {
            out.integer("tcp.option_kind", 0);
            out.bytes("tcp.options.eol", whole.first(1));
        }
        return;
    }
    if (kind == tcp_option_kind::no_operation) { out.bytes("tcp.options.nop", whole); return; }
    if (auto name = tcp_option_protocol(static_cast<std::uint8_t>(kind)); !name.empty()) out.bytes(name, whole);
    out.integer("tcp.option_len", option.data.size() + 2);
    const auto& d = option.data;
    switch (kind) {
        case tcp_option_kind::maximum_segment_size:
            if (d.size() == 2) out.integer("tcp.options.mss_val", load_be(d.data(), 2));
            break;
        case tcp_option_kind::window_scale:
            if (d.size() == 1) {
                const unsigned shift = std::to_integer<unsigned>(d[0]);
                out.integer("tcp.options.wscale.shift", shift);
                out.integer("tcp.options.wscale.multiplier", std::uint64_t{1} << (shift > 14 ? 14 : shift));
            }
            break;
        case tcp_option_kind::timestamps:
            if (d.size() == 8) {
                out.integer("tcp.options.timestamp.tsval", load_be(d.data(), 4));
                out.integer("tcp.options.timestamp.tsecr", load_be(d.data() + 4, 4));
            }
            break;
        case tcp_option_kind::sack: {
            std::size_t blocks = 0;
            for (std::size_t i = 0; i + 8 <= d.size(); i += 8, ++blocks) {
                out.integer("tcp.options.sack_le", load_be(d.data() + i, 4));
                out.integer("tcp.options.sack_re", load_be(d.data() + i + 4, 4));
            }
            out.integer("tcp.options.sack.count", blocks);
            // RFC 2883: a first block below the acknowledgment, or inside the second block,
            // reports a duplicate segment.
            if (blocks >= 1) {
                const auto left = static_cast<std::uint32_t>(load_be(d.data(), 4));
                const auto right = static_cast<std::uint32_t>(load_be(d.data() + 4, 4));
                bool duplicate = static_cast<std::int32_t>(left - ack) < 0;
                if (!duplicate && blocks >= 2) {
                    const auto left2 = static_cast<std::uint32_t>(load_be(d.data() + 8, 4));
                    const auto right2 = static_cast<std::uint32_t>(load_be(d.data() + 12, 4));
                    duplicate = static_cast<std::int32_t>(left - left2) >= 0 && static_cast<std::int32_t>(right2 - right) >= 0;
                }
                if (duplicate) {
                    out.integer("tcp.options.sack.dsack_le", left);
                    out.integer("tcp.options.sack.dsack_re", right);
                }
            }
            break;
        }
        case tcp_option_kind::fast_open: tfo_fields(out, d); break;
        case tcp_option_kind::experimental_1:
        case tcp_option_kind::experimental_2:
            if (d.size() >= 2) {
                const auto exid = load_be(d.data(), 2);
                out.integer("tcp.options.experimental.exid", exid);
                if (exid == 0xf989) tfo_fields(out, d.subspan(2));
                else if (d.size() > 2) out.bytes("tcp.options.experimental.data", d.subspan(2));
            }
            break;
        case tcp_option_kind::multipath: mptcp_fields(out, d); break;
        case tcp_option_kind::authentication:
            if (d.size() >= 2) {
                out.integer("tcp.options.ao.keyid", std::to_integer<unsigned>(d[0]));
                out.integer("tcp.options.ao.rnextkeyid", std::to_integer<unsigned>(d[1]));
                if (d.size() > 2) out.bytes("tcp.options.ao.mac", d.subspan(2));
            }
            break;
        case tcp_option_kind::user_timeout:
            if (d.size() == 2) {
                const auto value = load_be(d.data(), 2);
                out.integer("tcp.options.user_to_granularity", value >> 15);
                out.integer("tcp.options.user_to_val", value & 0x7fff);
            }
            break;
        case tcp_option_kind::quick_start:  // RFC 4782
            if (d.size() == 6) {
                out.integer("tcp.options.qs.rate", std::to_integer<unsigned>(d[0]) & 0xf);
                out.integer("tcp.options.qs.ttl_diff", std::to_integer<unsigned>(d[1]));
            }
            break;
        default:
            break;
    }
}
}  // namespace detail

// `segment_length`: the TCP segment's length as the IP layer below states it (tshark's tcp.len
// is that minus the TCP header, even when the capture kept fewer bytes); without it, the bytes
// present.
template <class Out>
void wireshark_fields(const view<tcp>& v, Out& out, std::optional<std::size_t> segment_length = std::nullopt) {
    out.integer("tcp.srcport", v.get<"source_port">());
    out.integer("tcp.dstport", v.get<"destination_port">());
    out.integer("tcp.port", v.get<"source_port">());
    out.integer("tcp.port", v.get<"destination_port">());
    const std::size_t header = v.header_size();
    out.integer("tcp.len", segment_length && *segment_length >= header ? *segment_length - header : v.payload_size());
    out.integer("tcp.seq_raw", v.get<"sequence_number">());
    out.integer("tcp.ack_raw", v.get<"acknowledgment_number">());
    out.integer("tcp.hdr_len", v.get<"data_offset">() * 4u);
    const std::uint16_t flags = tcp_flags(v);
    out.integer("tcp.flags", flags);
    out.integer("tcp.flags.res", v.get<"reserved">());
    out.integer("tcp.flags.ae", v.get<"ae">());
    out.integer("tcp.flags.cwr", v.get<"cwr">());
    out.integer("tcp.flags.ece", v.get<"ece">());
    out.integer("tcp.flags.urg", v.get<"urg">());
    out.integer("tcp.flags.ack", v.get<"ack">());
    out.integer("tcp.flags.push", v.get<"psh">());
    out.integer("tcp.flags.reset", v.get<"rst">());
    out.integer("tcp.flags.syn", v.get<"syn">());
    out.integer("tcp.flags.fin", v.get<"fin">());
    out.text("tcp.flags.str", detail::tcp_flags_string(flags));
    out.integer("tcp.window_size_value", v.get<"window">());
    out.integer("tcp.checksum", v.get<"checksum">());
    out.integer("tcp.urgent_pointer", v.get<"urgent_pointer">());
    const auto options = v.get<"options">();
    if (options.empty()) return;
    out.bytes("tcp.options", options.bytes());
    for (auto option : options) {
        const std::size_t end = option.kind == tcp_option_kind::no_operation ? option.offset + 1
                                : option.kind == tcp_option_kind::end_of_list ? option.offset + 1
                                                                              : option.offset + 2 + option.data.size();
        detail::tcp_option_fields(out, option, options.bytes().subspan(option.offset, end - option.offset),
                                  static_cast<std::uint32_t>(v.get<"acknowledgment_number">()));
    }
}

}  // namespace wirecraft

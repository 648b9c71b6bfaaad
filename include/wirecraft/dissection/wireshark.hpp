// Field values under Wireshark's display-filter names, with tshark 4.0's meanings and units
// (ip.hdr_len in bytes, ip.frag_offset in 8-byte units, tcp.flags as the 12 flag bits...), for
// output that lines up with `tshark -T json` and for users who think in Wireshark's names.
//
// wireshark_fields(view, out) calls, in tshark's tree order, one of
//   out.integer(name, std::uint64_t)   numbers, flags (0/1), enumerations
//   out.signed_integer(name, std::int64_t)  the few signed numbers (icmp.pref_level)
//   out.text(name, std::string)        addresses in their text form
//   out.bytes(name, bytes_view)        byte strings
// Only values computed from the packet bytes are given: no conversation state, no name
// resolution, no checksum status (that depends on preferences).
//
// wireshark_frame(frame, link_type, original_length, out) walks a whole frame and adds what
// only the frame as a whole tells: the context a layer's fields need (a VLAN tag after 0x88a8
// is 802.1ad's, tcp.len comes from the IP layer) and the Ethernet padding, trailer and frame
// check sequence that follow the layer an EtherType names.
//
// The fields of each protocol family are in wireshark_link.hpp, wireshark_ip.hpp,
// wireshark_icmp.hpp, wireshark_transport.hpp and wireshark_application.hpp; this header
// includes them all.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "bindings.hpp"
#include "wireshark_application.hpp"
#include "wireshark_common.hpp"
#include "wireshark_icmp.hpp"
#include "wireshark_ip.hpp"
#include "wireshark_link.hpp"
#include "wireshark_transport.hpp"

namespace wirecraft {

// ---------------------------------------------------------------------------------------------
// Whole frames

namespace detail {
// The bytes after the layer an EtherType names, split as tshark 4.0 splits them: zero padding
// up to the 60-byte minimum frame, then (on Ethernet only, whose pcap link type leaves it open)
// a 4-byte frame check sequence when the frame has 64 bytes or more, then the trailer.
struct ethernet_tail {
    bytes_view padding{}, trailer{};
    std::optional<std::uint32_t> fcs{};
};

// `after`: the captured bytes after that layer; `reported`: their length on the wire;
// `frame_length`: the frame's length on the wire.
constexpr ethernet_tail split_ethernet_tail(bytes_view after, std::size_t reported, std::size_t frame_length, bool may_have_fcs) {
    ethernet_tail tail;
    std::size_t padding = 0;
    if (frame_length >= 60 && frame_length - reported < 60) padding = 60 - (frame_length - reported);
    if (padding > after.size()) padding = 0;
    for (std::size_t i = 0; i < padding; ++i)
        if (after[i] != std::byte{0}) padding = 0;  // bytes that are not zero are not padding
    tail.padding = after.first(padding);
    after = after.subspan(padding);
    reported -= padding;
    if (may_have_fcs && frame_length >= 64 && reported >= 4) {
        reported -= 4;
        if (after.size() > reported) {
            tail.fcs = static_cast<std::uint32_t>(load_be(after.data() + reported, 4));
            after = after.first(reported);
        }
    }
    tail.trailer = after;
    return tail;
}

template <class Out>
struct wireshark_frame_walk {
    Out& out;
    bytes_view frame;
    std::size_t frame_length;  // on the wire
    std::size_t index = 0;     // of the next layer
    std::uint16_t previous_ethertype = 0;
    std::optional<std::size_t> ip_payload_length{};  // what the IP layer says follows it, for tcp.len
    bool mdns = false;                               // the UDP layer below used port 5353

    // The innermost layer with an EtherType, until the layer it names has been seen.
    struct carrier {
        std::size_t index;
        std::string_view protocol, trailer_name;
        bool may_have_fcs;
    };
    std::optional<carrier> pending{};
    std::optional<carrier> carrier_done{};
    std::size_t claimed_end = 0;  // where the layer the EtherType named ends in the frame

    std::size_t offset_of(bytes_view part) const { return static_cast<std::size_t>(part.data() - frame.data()); }

    template <class P>
    void operator()(const view<P>& layer) {
        constexpr bool is_vlan = std::is_same_v<P, vlan_tag>;
        const bool service_tag = is_vlan && previous_ethertype == 0x88a8;
        std::string_view protocol = service_tag ? std::string_view("ieee8021ad") : wireshark_protocol<P>;
        if constexpr (std::is_same_v<P, dns>)
            if (mdns) protocol = "mdns";
        constexpr bool is_sll = std::is_same_v<P, linux_sll> || std::is_same_v<P, linux_sll2>;
        if constexpr (std::is_same_v<P, ethernet> || is_vlan || is_sll) {
            // The innermost of these takes the tail: an outer one hands its whole payload on.
            std::uint16_t type = 0;
            if constexpr (is_sll) type = static_cast<std::uint16_t>(layer.template get<"protocol">());
            else type = static_cast<std::uint16_t>(layer.template get<"type">());
            previous_ethertype = type;
            const std::string_view trailer_name = is_sll                 ? "sll.trailer"
                                                  : !is_vlan             ? "eth.trailer"
                                                  : service_tag          ? "ieee8021ah.trailer"
                                                                         : "vlan.trailer";
            pending = carrier{index, protocol, trailer_name, std::is_same_v<P, ethernet>};
            carrier_done.reset();
            if (!is_sll && type <= 1500) {  // an 802.3 length: it says where the payload ends
                claimed_end = offset_of(layer.payload()) + type;
                carrier_done = pending;
                pending.reset();
            }
        } else if (pending) {  // this layer is the one the carrier's EtherType named
            // A protocol that knows its length (IPv4's total length, ARP's addresses) leaves
            // the rest as the carrier's tail.
            if constexpr (schema_t<P>::has_extent) claimed_end = offset_of(layer.bytes()) + layer.size();
            else claimed_end = offset_of(layer.bytes()) + layer.header_size();
            carrier_done = pending;
            pending.reset();
        }
        out.layer(index, protocol);
        if constexpr (std::is_same_v<P, udp>)
            mdns = layer.template get<"source_port">() == 5353 || layer.template get<"destination_port">() == 5353;
        if constexpr (is_vlan) wireshark_fields(layer, out, service_tag);
        else if constexpr (std::is_same_v<P, dns>) wireshark_fields(layer, out, mdns);
        else if constexpr (std::is_same_v<P, tcp>) wireshark_fields(layer, out, ip_payload_length);
        else wireshark_fields(layer, out);
        if constexpr (std::is_same_v<P, ipv4>)
            ip_payload_length = layer.template get<"total_length">() - std::min<std::size_t>(layer.header_size(), layer.template get<"total_length">());
        else if constexpr (std::is_same_v<P, ipv6>) ip_payload_length = layer.template get<"payload_length">();
        else if constexpr (std::is_same_v<P, ipv6_hop_by_hop> || std::is_same_v<P, ipv6_destination_options> ||
                           std::is_same_v<P, ipv6_routing> || std::is_same_v<P, ipv6_fragment>)
            if (ip_payload_length) *ip_payload_length -= std::min(*ip_payload_length, layer.header_size());
        ++index;
    }
};
}  // namespace detail

// Walks `frame` with the registry's bindings, calling `out.layer(index, protocol)` before each
// layer's fields (index 0 is the outermost layer). Once the walk is done, the layer that carried
// an EtherType is selected again for its padding, trailer and frame check sequence, which only
// the layer above it delimits. `original_length` is the frame's length on the wire.
template <class Registry = standard_bindings, class Out>
dissect_result wireshark_frame(detail::bytes_view frame, std::uint32_t link_type, std::size_t original_length, Out& out) {
    detail::wireshark_frame_walk<Out> walk{out, frame, original_length < frame.size() ? frame.size() : original_length};
    const auto result =
        dissect<Registry>(frame, link_type, walk, dissect_options{.cut_short = original_length > frame.size()});
    if (walk.carrier_done && walk.claimed_end < frame.size()) {
        const auto& c = *walk.carrier_done;
        const auto tail = detail::split_ethernet_tail(frame.subspan(walk.claimed_end), walk.frame_length - walk.claimed_end,
                                                      walk.frame_length, c.may_have_fcs);
        out.layer(c.index, c.protocol);
        if (!tail.padding.empty()) out.bytes("eth.padding", tail.padding);
        if (!tail.trailer.empty()) out.bytes(c.trailer_name, tail.trailer);
        if (tail.fcs) out.integer("eth.fcs", *tail.fcs);
    }
    return result;
}

}  // namespace wirecraft

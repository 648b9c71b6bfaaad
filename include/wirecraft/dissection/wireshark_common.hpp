// The shared part of the Wireshark field names (see wireshark.hpp): tshark's protocol names
// and the helpers the per-protocol files use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../schema.hpp"
#include "../proto/ethernet.hpp"
#include "../proto/ipv4.hpp"
#include "../proto/ipv6.hpp"
#include "../proto/linux_sll.hpp"

namespace wirecraft {

// tshark's protocol names (the keys of its JSON layers).
template <protocol P> inline constexpr std::string_view wireshark_protocol = schema_t<P>::name;
template <> inline constexpr std::string_view wireshark_protocol<ethernet> = "eth";
template <> inline constexpr std::string_view wireshark_protocol<vlan_tag> = "vlan";
template <> inline constexpr std::string_view wireshark_protocol<linux_sll> = "sll";
template <> inline constexpr std::string_view wireshark_protocol<linux_sll2> = "sll";
template <> inline constexpr std::string_view wireshark_protocol<ipv4> = "ip";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_hop_by_hop> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_destination_options> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_routing> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_fragment> = "ipv6";

namespace detail {
// Text from the packet, as tshark shows a string: up to the first NUL.
inline std::string printable(bytes_view b) {
    std::string s;
    for (auto c : b) {
        if (c == std::byte{0}) break;
        s += static_cast<char>(c);
    }
    return s;
}

inline std::string ipv4_text(const std::byte* p) { return octets_codec<ipv4_address>{}.view_of(bytes_view(p, 4)).to_string(); }

inline unsigned byte_at(bytes_view b, std::size_t i) { return std::to_integer<unsigned>(b[i]); }

template <class Out>
void mac_fields(Out& out, std::string_view prefix, const mac_address& m) {
    const std::string p(prefix);
    out.text(p, m.to_string());
    out.text("eth.addr", m.to_string());
    const std::uint64_t oui = (std::uint64_t{m.octets[0]} << 16) | (std::uint64_t{m.octets[1]} << 8) | m.octets[2];
    out.integer(p + ".oui", oui);
    out.integer("eth.addr.oui", oui);
    out.integer(p + ".lg", (m.octets[0] >> 1) & 1);
    out.integer("eth.lg", (m.octets[0] >> 1) & 1);
    out.integer(p + ".ig", m.octets[0] & 1);
    out.integer("eth.ig", m.octets[0] & 1);
}

// The MAC address inside a modified EUI-64 interface identifier (RFC 4291 appendix A): ff:fe in
// the middle, and the universal/local bit set, as tshark 4.0 requires.
inline std::optional<mac_address> slaac_mac(const ipv6_address& a) {
    if ((a.octets[8] & 0x02) == 0 || a.octets[11] != 0xff || a.octets[12] != 0xfe) return std::nullopt;
    return mac_address{{static_cast<std::uint8_t>(a.octets[8] ^ 0x02), a.octets[9], a.octets[10], a.octets[13], a.octets[14],
                        a.octets[15]}};
}

}  // namespace detail

}  // namespace wirecraft

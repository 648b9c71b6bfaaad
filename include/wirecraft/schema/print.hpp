// Printing: a named-field tree, one line per field, for views and owned values alike.
//   ipv4
//     version: 4
//     protocol: udp (17)
//     source: 10.0.0.1
// Enumerations print their name when the protocol names the value (an ADL function
// `enum_name(E) -> std::string_view`), and the number either way.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "address.hpp"
#include "prefixed.hpp"
#include "serialize.hpp"
#include "tlv.hpp"

namespace wirecraft {

// The name a protocol's table gives `value` (empty if none): the usual body of an enum_name
// over a {value, name} table, e.g. `return name_in(dhcp_option_names, k);`.
template <class Enum, std::size_t N>
constexpr std::string_view name_in(const std::pair<Enum, std::string_view> (&table)[N], Enum value) {
    for (const auto& [known, name] : table)
        if (known == value) return name;
    return {};
}

namespace detail {
inline void append_hex(std::string& out, std::span<const std::byte> bytes, std::size_t limit = 64) {
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const auto b = std::to_integer<unsigned>(bytes[i]);
        out += hex_char(b >> 4);
        out += hex_char(b);
    }
    if (bytes.size() > limit) out += "...";
}

template <class V>
void append_tree(std::string& out, const V& v, std::size_t indent);

template <class T>
void append_value(std::string& out, const T& v, std::size_t indent);

// A typed body's fields on one line: "value: 1460" or "value: 2044906138, echo_reply: 0".
template <class Body>
void append_fields_inline(std::string& out, const view<Body>& v, std::size_t indent) {
    bool first = true;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            using F = field_t<Body, I>;
            if constexpr (!F::is_padding) {
                auto item = [&](const auto& value) {
                    if (!first) out += ", ";
                    first = false;
                    out.append(F::name);
                    out += ": ";
                    append_value(out, value, indent);
                };
                if constexpr (F::is_conditional) {
                    if (auto value = v.template get_at<I>()) item(*value);
                } else {
                    item(v.template get_at<I>());
                }
            }
        }(), ...);
    }(std::make_index_sequence<schema_t<Body>::field_count>{});
}

// Prints `data` as Body's fields when `kind` is Body's kind and Body parses all of it.
template <class Entry, class Kind>
bool append_typed_body(std::string& out, Kind kind, std::span<const std::byte> data, std::size_t indent) {
    if (kind != Entry::kind) return false;
    auto body = parse_exact<typename Entry::type>(data);
    if (!body) return false;
    append_fields_inline(out, *body, indent);
    return true;
}
template <class Kind, class... Entries>
bool append_known_body(std::string& out, Kind kind, std::span<const std::byte> data, std::size_t indent, tlv_body_list<Entries...>) {
    return (append_typed_body<Entries>(out, kind, data, indent) || ...);
}

template <class Kind>
void append_tlv(std::string& out, Kind kind, std::span<const std::byte> data, std::size_t indent) {
    out += '\n';
    out.append(indent, ' ');
    append_value(out, kind, indent);
    out += ": ";
    if constexpr (requires { tlv_bodies(kind); })
        if (append_known_body(out, kind, data, indent, tlv_bodies(kind))) return;
    append_hex(out, data);
}

template <class T>
void append_value(std::string& out, const T& v, std::size_t indent) {
    if constexpr (std::is_same_v<T, bool>) {
        out += v ? "set" : "not set";  // flags, as tshark spells them
    } else if constexpr (std::is_enum_v<T>) {
        const auto number = static_cast<std::uint64_t>(static_cast<std::underlying_type_t<T>>(v));
        if constexpr (requires { enum_name(v); }) {
            const std::string_view name = enum_name(v);
            if (!name.empty()) {
                out.append(name);
                out += " (" + std::to_string(number) + ")";
                return;
            }
        }
        out += std::to_string(number);
    } else if constexpr (std::is_integral_v<T>) {
        out += std::to_string(v);
    } else if constexpr (requires { v.to_string(); }) {
        out += v.to_string();
    } else if constexpr (requires { v.octets.size(); }) {  // fixed octets without a text form
        for (std::size_t i = 0; i < v.octets.size(); ++i) {
            out += detail::hex_char(static_cast<unsigned>(v.octets[i]) >> 4);
            out += detail::hex_char(static_cast<unsigned>(v.octets[i]));
        }
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {  // text fields
        out += '"';
        out.append(std::string_view(v));
        out += '"';
    } else if constexpr (std::is_convertible_v<const T&, std::span<const std::byte>>) {
        const std::span<const std::byte> s = v;
        out += s.empty() ? "(empty)" : "";
        append_hex(out, s);
    } else if constexpr (requires { (*v.begin()).data; (*v.begin()).kind; }) {  // TLV lists, owned or viewed
        std::size_t n = 0;
        for (const auto& item : v) {
            append_tlv(out, item.kind, std::span<const std::byte>(item.data), indent + 2);
            ++n;
        }
        if (n == 0) out += "(none)";
    } else if constexpr (requires { v.begin(); v.end(); }) {  // element lists
        out += '[';
        bool first = true;
        for (const auto& e : v) {
            if (!first) out += ", ";
            first = false;
            append_value(out, e, indent);
        }
        out += ']';
    } else if constexpr (requires { typename T::protocol_type; }) {  // a nested view
        append_tree(out, v, indent + 2);
    } else if constexpr (protocol<T>) {
        append_tree(out, v, indent + 2);
    } else {
        out += "?";
    }
}

// Checksums in hex, as tshark shows them: "0x0c41".
inline void append_checksum(std::string& out, std::uint64_t value, std::size_t bits) {
    out += "0x";
    for (std::size_t digit = (bits + 3) / 4; digit-- > 0;) out += hex_char(static_cast<unsigned>(value >> (4 * digit)));
}

template <class V> struct protocol_of { using type = V; };
template <protocol P> struct protocol_of<view<P>> { using type = P; };

template <class V>
void append_tree(std::string& out, const V& v, std::size_t indent);
}  // namespace detail

template <protocol P>
std::string to_string(const view<P>& v);
template <protocol P>
std::string to_string(const P& value);

namespace detail {
template <class V>
void append_tree(std::string& out, const V& v, std::size_t indent) {
    constexpr bool is_view = !protocol<V>;
    using P = typename protocol_of<V>::type;
    using S = schema_t<P>;
    if (!out.empty()) out += '\n';
    out.append(indent, ' ');
    out.append(S::name);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            using F = field_t<P, I>;
            if constexpr (!F::is_padding) {
                auto line = [&](const auto& value) {
                    out += '\n';
                    out.append(indent + 2, ' ');
                    out.append(F::name);
                    out += ": ";
                    if constexpr (F::is_checksum && std::is_integral_v<std::remove_cvref_t<decltype(value)>>)
                        append_checksum(out, static_cast<std::uint64_t>(value), sizeof(value) * 8);
                    else
                        append_value(out, value, indent + 2);
                };
                if constexpr (is_view) {
                    if constexpr (F::is_conditional) {
                        if (auto value = v.template get_at<I>()) line(*value);
                    } else {
                        line(v.template get_at<I>());
                    }
                } else {
                    const auto& member = v.*F::member;
                    if (!owned_context<P>{v}.template present<I>()) return;
                    if constexpr (is_optional<typename F::member_type>::value) {
                        if (member) line(*member);
                        else {
                            out += '\n';
                            out.append(indent + 2, ' ');
                            out.append(F::name);
                            out += ": (computed)";
                        }
                    } else {
                        line(member);
                    }
                }
            }
        }(), ...);
    }(std::make_index_sequence<S::field_count>{});
}
}  // namespace detail

template <protocol P>
std::string to_string(const view<P>& v) {
    std::string out;
    detail::append_tree(out, v, 0);
    return out;
}
template <protocol P>
std::string to_string(const P& value) {
    std::string out;
    detail::append_tree(out, value, 0);
    return out;
}

}  // namespace wirecraft

// Checking a TLV item's data against the typed body its kind declares (tlv_bodies): for formats
// whose rules make a known item of the wrong shape malformed (RFC 9460's SvcParams), so that
// parse can reject it with the body's own error, at the item's offset.
#pragma once
#include <optional>
#include <span>

#include "parse.hpp"
#include "tlv.hpp"

namespace wirecraft {

namespace detail {
// These run once per item on parse hot paths, so they report through a bool and an error
// out-parameter: returning an optional<error> made g++ clear 88 bytes per call.
template <class Body>
constexpr bool check_body_as(std::span<const std::byte> data, const location& where, error& out) {
    auto v = parse<Body>(data);
    if (!v) {
        out = v.error().shifted(where.offset);
        return false;
    }
    if (v->header_size() != data.size()) {
        out = where.fail(error_kind::length_inconsistent, 0, data.size(), v->header_size(), "the typed value takes");
        return false;
    }
    return true;
}
// True when `kind` is Entry's; then `ok` says whether the data is its body.
template <class Entry, class Kind>
constexpr bool check_if_kind(Kind kind, std::span<const std::byte> data, const location& where, bool& ok, error& out) {
    if (Entry::kind != kind) return false;
    ok = check_body_as<typename Entry::type>(data, where, out);
    return true;
}
// False, with the error in `out`, when `kind` has a typed body and the data is not exactly it.
template <class Kind, class... Entries>
constexpr bool check_known_body(Kind kind, std::span<const std::byte> data, const location& where, error& out, tlv_body_list<Entries...>) {
    bool ok = true;
    (check_if_kind<Entries>(kind, data, where, ok, out) || ...);
    return ok;
}
}  // namespace detail

// nullopt when the item's kind has no typed body or its data is exactly that body; otherwise
// the body's error. `where.offset` is the offset of the item's data in the whole input.
template <class Kind>
constexpr std::optional<error> check_tlv_body(const tlv_item_view<Kind>& item, const location& where) {
    if constexpr (requires { tlv_bodies(item.kind); }) {
        if (error e; !detail::check_known_body(item.kind, item.data, where, e, tlv_bodies(item.kind))) return e;
    }
    return std::nullopt;
}

// An item's data decoded to the body its kind declares, which must take all of it:
//   auto cookie = wc::tlv_value<wc::dns_edns_option_code::cookie>(option.data);
// Errors name `where` (by default the body) and count offsets from `where.offset`.
template <auto Kind>
result<tlv_body_type<Kind>> tlv_value(std::span<const std::byte> data, const location& where = {schema_t<tlv_body_type<Kind>>::name, {}, 0}) {
    using body = tlv_body_type<Kind>;
    if (error e; !detail::check_body_as<body>(data, where, e)) return e;
    return to_owned(parse<body>(data).value());
}

}  // namespace wirecraft

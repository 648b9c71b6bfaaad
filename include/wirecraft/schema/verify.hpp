// Checking the checksums of a parsed PDU. Parsing does not check them (captures are full of
// packets with offloaded, not-yet-computed checksums); this does, when asked:
//
//   if (auto bad = wc::check_checksums(*ip)) puts(to_string(*bad).c_str());
//   // "ipv4.checksum: checksum is 4660, computed 47601 (byte offset 10)"
//
// Rules over a pseudo-header (UDP) need the layer below: pass a serialize_context, or the
// lower layer's view when its protocol offers `pseudo_header(view)` (IPv4 does).
// The view must hold the whole PDU: a payload cut short verifies as wrong.
#pragma once
#include <optional>
#include <utility>

#include "parse.hpp"
#include "serialize.hpp"

namespace wirecraft {

namespace detail {
template <protocol P, std::size_t I>
constexpr bool check_one_checksum(const view<P>& v, const serialize_context& context, std::optional<error>& out) {
    using F = field_t<P, I>;
    if constexpr (F::is_checksum) {
        using rule_type = std::remove_cvref_t<decltype(field_at<P, I>().compute.compute)>;
        static_assert(requires(const rule_type& r, const checksum_input& in) { r.verify(in, std::uint16_t{}); },
                      "check_checksums needs rules with verify() and expected(), like those in checksum/rules.hpp");
        const auto& rule = field_at<P, I>().compute.compute;
        std::uint16_t stored = 0;
        if constexpr (F::is_conditional) {
            auto value = v.template get_at<I>();
            if (!value) return true;
            stored = static_cast<std::uint16_t>(*value);
        } else {
            stored = static_cast<std::uint16_t>(v.template get_at<I>());
        }
        const std::size_t at = v.template start_bits<I>() / 8;
        if constexpr (rule_needs_pseudo_header<rule_type>) {
            if (!context.has_pseudo_header) {
                out = error{error_kind::malformed, schema_t<P>::name, F::name, at, 0, 0,
                            "needs the pseudo-header of the layer below to be checked"};
                return false;
            }
        }
        const checksum_input input{v.header(), v.bytes(), context};
        if (!rule.verify(input, stored)) {
            out = error{error_kind::checksum_mismatch, schema_t<P>::name, F::name, at, stored, rule.expected(input, stored)};
            return false;
        }
    }
    return true;
}
}  // namespace detail

// The first checksum field of `v` that does not match its bytes, or nullopt when all do.
template <protocol P>
constexpr std::optional<error> check_checksums(const view<P>& v, const serialize_context& context = {}) {
    std::optional<error> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (detail::check_one_checksum<P, I>(v, context, out) && ...);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
    return out;
}

// With the pseudo-header taken from the layer below (e.g. check_checksums(udp_view, ip_view)).
template <protocol P, protocol Lower>
    requires requires(const view<Lower>& lower) { { Lower::pseudo_header(lower) } -> std::convertible_to<std::uint64_t>; }
constexpr std::optional<error> check_checksums(const view<P>& v, const view<Lower>& lower) {
    return check_checksums(v, serialize_context{true, static_cast<std::uint32_t>(Lower::pseudo_header(lower))});
}

}  // namespace wirecraft

// dissect<Registry>(frame, link_type, visitor): walks a frame layer by layer, picking each next
// layer from the registry's bindings, and hands every parsed layer's view to the visitor, outer
// first. Nothing is allocated; views point into `frame`. A layer a repeats_when binding names is
// followed by the next one of its kind, read after it and visited after what it holds (the
// records of one TLS segment).
//
// A layer that fails to parse ends the walk: the layers before it have been visited, and the
// result holds its error with the offset counted from the start of the frame. Bytes that no
// binding claims are the result's payload.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "../schema.hpp"
#include "bindings.hpp"

namespace wirecraft {

// The table whose entries name the first layer of a capture's link type (pcap LINKTYPE_*).
using link_types = table<"link_type">;

struct dissect_options {
    std::size_t max_layers = 24;  // layers inside one another: bounds chains of extension headers and tunnels
    // The capture kept only the first bytes of the frame (caplen < original length): lengths
    // that point past the end are the snap length's doing, not errors.
    bool cut_short = false;
};

struct dissect_result {
    std::size_t layers = 0;           // how many layers were visited (repeated ones too)
    std::size_t deepest = 0;          // the most layers inside one another (at most max_layers)
    std::optional<error> failure{};   // the first layer that did not parse (or the limit)
    detail::bytes_view payload{};     // what no layer claimed: the last layer's payload, or what
                                      // follows the last repeated one (repeats_when)
    constexpr bool ok() const { return !failure; }
};

namespace detail {
template <class Registry, class Visitor>
struct walker {
    bytes_view frame;
    Visitor& visit;
    dissect_options options;
    dissect_result result{};

    constexpr std::size_t offset_of(bytes_view part) const { return static_cast<std::size_t>(part.data() - frame.data()); }

    // A P at the start of `at`, `depth` layers inside others, with what it holds; then, while a
    // repeats_when rule of the registry says so, the next P after it. The repeated ones sit
    // beside the first, at its depth, and every turn consumes the bytes of a whole P. Depth is
    // an argument, not a counter kept here: with nothing to do after the layers inside it, a
    // layer that does not repeat ends in a tail call (a counter to decrease cost dissect 3 ns).
    template <protocol P>
    constexpr void walk(bytes_view at, bool partial, std::size_t depth) {
        if constexpr (!repeats<P>(Registry{})) {
            walk_one<P>(at, partial, depth);
        } else {
            for (std::size_t used = walk_one<P>(at, partial, depth); used != 0 && used < at.size(); used = walk_one<P>(at, partial, depth)) {
                at = at.subspan(used);
                if (!repeat_matches<P>(at, Registry{})) {
                    result.payload = at;  // after the last whole one: what no layer claims
                    return;
                }
            }
        }
    }

    // One P and what it holds. For a P that repeats: the bytes it covers, or 0 when the walk
    // ended in it.
    template <protocol P>
    constexpr std::size_t walk_one(bytes_view at, bool partial, std::size_t depth) {
        if (depth == options.max_layers) {
            result.failure = error{error_kind::limit_exceeded, schema_t<P>::name, {}, offset_of(at), options.max_layers + 1,
                                   options.max_layers, "layers"};
            result.payload = at;
            return 0;
        }
        auto v = parse<P>(at, parse_options{.allow_truncated_payload = partial});
        if (!v) {
            result.failure = v.error().shifted(offset_of(at));
            result.payload = at;
            return 0;
        }
        ++result.layers;
        if (depth >= result.deepest) result.deepest = depth + 1;
        visit(*v);
        result.payload = v->payload();
        next_of<P>(*v, partial, depth + 1, Registry{});
        if constexpr (repeats<P>(Registry{})) return result.failure ? 0 : v->size();
        else return 0;
    }

    template <protocol P, class... B>
    static constexpr bool repeats(bindings<B...>) {
        return (repeat_binding<B, P>::value || ...);
    }
    template <protocol P, class... B>
    static constexpr bool repeat_matches(bytes_view rest, bindings<B...>) {
        return (repeat_rule_matches<B, P>(rest) || ...);
    }
    template <class B, protocol P>
    static constexpr bool repeat_rule_matches(bytes_view rest) {
        if constexpr (repeat_binding<B, P>::value) return repeat_binding<B, P>::rule_type::matches(rest);
        else return false;
    }

    // The first binding of the registry that claims the payload decides the next layer.
    template <protocol P, class... B>
    constexpr void next_of(const view<P>& v, bool partial, std::size_t depth, bindings<B...>) {
        (try_binding<B>(v, partial, depth) || ...);
    }

    template <class B, protocol P>
    constexpr bool try_binding(const view<P>& v, bool partial, std::size_t depth) {
        if constexpr (next_layer_binding<B, P>::value) {
            using T = typename next_layer_binding<B, P>::table_type;
            const std::optional<next_layer_key> key = next_layer_binding<B, P>::key_type::of(v);
            return key && dispatch<T>(key->value, v.payload(), partial || key->partial, depth, Registry{});
        } else if constexpr (ports_binding<B, P>::value) {
            using T = typename ports_binding<B, P>::table_type;
            // An application message is dissected only whole: not in a fragment, a quoted
            // packet or a frame cut short (its own lengths would point past the bytes).
            if (v.payload().empty() || partial) return false;
            const std::uint64_t a = v.template get<"source_port">(), b = v.template get<"destination_port">();
            const std::uint64_t low = a < b ? a : b, high = a < b ? b : a;
            return dispatch<T>(low, v.payload(), partial, depth, Registry{}) || dispatch<T>(high, v.payload(), partial, depth, Registry{});
        } else if constexpr (rule_binding<B, P>::value) {
            using R = typename rule_binding<B, P>::rule_type;
            // A rule for whole messages (partial = false) is not asked about bytes that may be
            // cut short: an application message is read only from a whole segment.
            if ((partial && !R::partial) || !R::matches(v)) return false;
            walk<typename rule_binding<B, P>::upper_type>(v.payload(), partial || R::partial, depth);
            return true;
        } else {
            return false;
        }
    }

    // Looks `value` up in table T; walks into the first protocol it names.
    template <class T, class... B>
    constexpr bool dispatch(std::uint64_t value, bytes_view next, bool partial, std::size_t depth, bindings<B...>) {
        return (dispatch_entry<T, B>(value, next, partial, depth) || ...);
    }
    template <class T, class B>
    constexpr bool dispatch_entry(std::uint64_t value, bytes_view next, bool partial, std::size_t depth) {
        if constexpr (table_entry<B, T>::value) {
            if constexpr (table_entry<B, T>::dissects) {  // a crafting_entry is never walked into
                if (value != table_entry<B, T>::key) return false;
                walk<typename table_entry<B, T>::upper_type>(next, partial, depth);
                return true;
            } else {
                return false;
            }
        } else {
            return false;
        }
    }
};
}  // namespace detail

// Walks `frame` from the protocol the registry's link_types table names for `link_type`.
// An unknown link type visits nothing and leaves the whole frame as payload.
template <class Registry, class Visitor>
constexpr dissect_result dissect(detail::bytes_view frame, std::uint32_t link_type, Visitor&& visit, dissect_options options = {}) {
    detail::walker<Registry, std::remove_reference_t<Visitor>> w{frame, visit, options};
    w.result.payload = frame;
    w.template dispatch<link_types>(link_type, frame, options.cut_short, 0, Registry{});
    return w.result;
}

// Starts from a known protocol instead of a link type.
template <class Registry, protocol First, class Visitor>
constexpr dissect_result dissect_from(detail::bytes_view bytes, Visitor&& visit, dissect_options options = {}) {
    detail::walker<Registry, std::remove_reference_t<Visitor>> w{bytes, visit, options};
    w.template walk<First>(bytes, options.cut_short, 0);
    return w.result;
}

}  // namespace wirecraft

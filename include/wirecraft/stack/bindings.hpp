// Bindings: which layer may follow which, declared once as data, used both to craft (a stack
// fills the lower layer's next-protocol field from them, and a stack no binding allows does not
// compile) and to dissect (the walk picks the next layer from them at run time).
//
// Like Wireshark's dissector tables, a binding goes through a table of numbers:
//
//   next_layer_in<ethernet, ethertypes>       ethernet's next-layer field is an EtherType
//   entry<ethertypes, 0x0800, ipv4>           EtherType 0x0800 is IPv4
//   ports_in<udp, udp_ports>                  UDP's ports are looked up, lower port first
//   entry<udp_ports, 53, dns>                 port 53 is DNS
//   crafting_entry<t, 12, ske_ecdhe>          crafting writes 12 for this form; a walk never
//                                             reads 12 as it (the bytes cannot tell the forms apart)
//   follows_when<icmp, ipv4, icmp_quotes>     an ICMP error quotes an IPv4 packet
//   repeats_when<tls_record, another_tls_record>  after a record (and what it holds), another
//
// A registry is a list of them: bindings<...>. Add your own protocols with
// `using mine = standard_bindings::with<entry<udp_ports, 4789, vxlan>>;`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "../schema.hpp"

namespace wirecraft {

// A table of numbers that name protocols (EtherTypes, IP protocol numbers, ports, link types).
template <fixed_string Name>
struct table {
    static constexpr std::string_view name = Name;
};

// What a lower layer says about the next one: the number to look up, and whether the next
// layer's bytes may be incomplete (an IP fragment, the packet an ICMP error quotes).
struct next_layer_key {
    std::uint64_t value = 0;
    bool partial = false;
};

// The default key: the value of the field the schema marks with selects_next_layer().
struct key_from_field {
    template <protocol P>
    static constexpr std::optional<next_layer_key> of(const view<P>& v) {
        constexpr std::size_t I = next_layer_index_v<P>;
        static_assert(I < schema_t<P>::field_count,
                      "next_layer_in<P, Table> needs a field of P marked selects_next_layer(), or a key rule");
        return next_layer_key{static_cast<std::uint64_t>(detail::to_int(v.template get_at<I>()))};
    }
};

template <protocol Lower, class Table, class Key = key_from_field>
struct next_layer_in {};
template <protocol Lower, class Table>
struct ports_in {};
template <class Table, auto Value, class Upper>
struct entry {};
template <class Table, auto Value, class Upper>
struct crafting_entry {};
// Rule: static constexpr bool matches(const view<Lower>&); `partial` when Upper may be cut short.
template <protocol Lower, protocol Upper, class Rule>
struct follows_when {};
// Rule: static constexpr bool matches(detail::bytes_view rest). A walk that has read a Layer, and
// everything inside it, reads the bytes after it (in the area the Layer was read from) as another
// Layer when the rule says so: the records of one TCP segment, the messages of one TLS record.
// Dissection only: a stack is one layer on another.
template <protocol Layer, class Rule>
struct repeats_when {};

template <class... Bindings>
struct bindings {
    template <class... More>
    using with = bindings<Bindings..., More...>;

    // Another registry's bindings after these.
    template <class Other>
    struct joined;
    template <class... More>
    struct joined<bindings<More...>> {
        using type = bindings<Bindings..., More...>;
    };
    template <class Other>
    using with_all = typename joined<Other>::type;
};

namespace detail {
// How Upper may follow Lower: through Lower's next-layer field (then `value` fills it), through
// ports, or by a rule.
struct binding_found {
    bool allowed = false;
    std::optional<std::uint64_t> value{};
};

// Pattern matches on a binding's form, for one lower layer.
template <class B, class Lower>
struct next_layer_binding : std::false_type {};
template <class Lower, class T, class K>
struct next_layer_binding<next_layer_in<Lower, T, K>, Lower> : std::true_type {
    using table_type = T;
    using key_type = K;
};
template <class B, class Lower>
struct ports_binding : std::false_type {};
template <class Lower, class T>
struct ports_binding<ports_in<Lower, T>, Lower> : std::true_type {
    using table_type = T;
};
template <class B, class Lower>
struct rule_binding : std::false_type {};
template <class Lower, class U, class R>
struct rule_binding<follows_when<Lower, U, R>, Lower> : std::true_type {
    using upper_type = U;
    using rule_type = R;
};
template <class B, class Layer>
struct repeat_binding : std::false_type {};
template <class Layer, class R>
struct repeat_binding<repeats_when<Layer, R>, Layer> : std::true_type {
    using rule_type = R;
};
template <class B, class Table>
struct table_entry : std::false_type {};
template <class Table, auto V, class U>
struct table_entry<entry<Table, V, U>, Table> : std::true_type {
    using upper_type = U;
    static constexpr std::uint64_t key = static_cast<std::uint64_t>(V);  // not `value`: that says whether it matched
    static constexpr bool dissects = true;
};
template <class Table, auto V, class U>
struct table_entry<crafting_entry<Table, V, U>, Table> : std::true_type {
    using upper_type = U;
    static constexpr std::uint64_t key = static_cast<std::uint64_t>(V);
    static constexpr bool dissects = false;
};

template <class B, class Table, class Upper>
constexpr bool names(std::optional<std::uint64_t>& out) {
    if constexpr (table_entry<B, Table>::value)
        if constexpr (std::is_same_v<typename table_entry<B, Table>::upper_type, Upper>)
            if (!out) out = table_entry<B, Table>::key;
    return true;
}
// The value that names Upper in Table (the first such entry), if the registry has one.
template <class Table, class Upper, class... B>
constexpr std::optional<std::uint64_t> value_in_table(bindings<B...>) {
    std::optional<std::uint64_t> out;
    (names<B, Table, Upper>(out) && ...);
    return out;
}

template <class B, class Lower, class Upper, class Registry>
constexpr binding_found try_binding() {
    if constexpr (next_layer_binding<B, Lower>::value) {
        auto v = value_in_table<typename next_layer_binding<B, Lower>::table_type, Upper>(Registry{});
        return binding_found{v.has_value(), v};
    } else if constexpr (ports_binding<B, Lower>::value) {
        return binding_found{value_in_table<typename ports_binding<B, Lower>::table_type, Upper>(Registry{}).has_value(), std::nullopt};
    } else if constexpr (rule_binding<B, Lower>::value) {
        return binding_found{std::is_same_v<typename rule_binding<B, Lower>::upper_type, Upper>, std::nullopt};
    } else {
        return binding_found{};
    }
}

template <class B, class Lower, class Upper, class Registry>
constexpr bool keep_first(binding_found& out) {
    if (!out.allowed) out = try_binding<B, Lower, Upper, Registry>();
    return true;
}
template <class Lower, class Upper, class... B>
constexpr binding_found find_binding(bindings<B...> registry) {
    binding_found out;
    (keep_first<B, Lower, Upper, decltype(registry)>(out) && ...);
    return out;
}
}  // namespace detail

// Whether Upper may follow Lower under Registry, and the next-layer value it implies.
template <class Registry, class Lower, class Upper>
inline constexpr detail::binding_found binding_between = detail::find_binding<Lower, Upper>(Registry{});

}  // namespace wirecraft
